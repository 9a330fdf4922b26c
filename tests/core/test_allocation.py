"""The process allocates as ``csvinspect/allocation.py`` decides, before numpy or pyarrow load.

Issue 10: with pyarrow's mimalloc the 1M-row group-health report peaked 30-40 MB higher.
Each check runs a fresh interpreter, since this one imported pyarrow long ago.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_POOL = "import csvinspect.core, pyarrow as pa; print(pa.default_memory_pool().backend_name)"


def _run(code: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_arrow_allocates_with_malloc_once_csvinspect_is_imported():
    assert _run(_POOL) == "system"


def test_the_users_own_arrow_pool_wins():
    assert _run(_POOL, ARROW_DEFAULT_MEMORY_POOL="mimalloc") == "mimalloc"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_the_c_library_is_found_for_trimming_on_linux():
    found = "from csvinspect.core.memory import _malloc_trim; print(_malloc_trim() is not None)"
    assert _run(found) == "True"

"""The core must import no Qt (STYLE.md): the CLI and the analysis run without a display."""

import subprocess
import sys


def test_core_and_cli_import_without_pyside6():
    code = (
        "import sys\n"
        "import csvinspect.core, csvinspect.core.loader, csvinspect.cli\n"
        "import pkgutil, importlib, csvinspect.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'csvinspect.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('PySide6' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

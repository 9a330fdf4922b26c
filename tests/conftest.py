import os
from pathlib import Path

import pytest

# Headless by default (STYLE.md); the few tests that need a real window use Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
BUNDLED_DEMO = ROOT / "src" / "csvinspect" / "resources" / "demo_group_health.csv"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def demo_path() -> Path:
    return BUNDLED_DEMO


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not present beside this checkout")
    return SAMPLES

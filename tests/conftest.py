import os
from pathlib import Path

import pytest

# Headless by default (STYLE.md); the few tests that need a real window use Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DEMO = ROOT / "src" / "csvinspect" / "resources" / "demo_group_health.csv"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Copies of ../shared/samples (the realistic exports) and ../shared/corpora, vendored so the
# suite runs the same on a fresh CI machine that has no ../shared beside the checkout.
SAMPLES = FIXTURES / "samples"
CORPORA = FIXTURES / "corpora"


@pytest.fixture
def demo_path() -> Path:
    return BUNDLED_DEMO


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES

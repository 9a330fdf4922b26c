"""csvinspect does not depend on pandas (issue 10): it loads, reports and exports with
pandas missing, as in a fresh install. pyarrow imports pandas when it is installed, so this
runs in a fresh interpreter that behaves as if it were not."""

import json
import subprocess
import sys

_WITHOUT_PANDAS = """
import sys

class NoPandas:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoPandas())
from csvinspect.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_report_and_export_work_without_pandas(demo_path, tmp_path):
    report = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PANDAS, "report", str(demo_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(report.stdout)["source"]["rows"] == 23
    out = tmp_path / "clean.csv"
    subprocess.run(
        [sys.executable, "-c", _WITHOUT_PANDAS, "export", str(demo_path), "-o", str(out)],
        capture_output=True,
        check=True,
    )
    assert out.read_text(encoding="utf-8").startswith("Type,Group,User ID")

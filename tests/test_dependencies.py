"""Every declared dependency is used and every import declared: paved's and the runtime's.

deptry reads the imports of each distribution against its own pyproject.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("folder", [ROOT, ROOT / "runtime"], ids=["paved", "runtime"])
def test_dependencies_match_the_imports(folder: Path):
    deptry = shutil.which("deptry", path=str(Path(sys.executable).parent))
    assert deptry, "deptry is a test dependency: pip install -e '.[test]'"
    result = subprocess.run([deptry, "."], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitpython_is_gone_and_jinja2_declared():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {requirement.split(">")[0].split("<")[0].split("=")[0] for requirement in declared}
    assert "gitpython" not in names and "jinja2" in names

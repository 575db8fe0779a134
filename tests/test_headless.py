"""The core never imports the UI: checked by import-linter and in a fresh interpreter."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for path in (ROOT / "portal" / "core").rglob("*.py")
)


@pytest.mark.parametrize("module", [m.removesuffix(".__init__") for m in CORE])
def test_core_module_imports_no_ui(module):
    code = (
        f"import sys, {module}\n"
        "ui = sorted(m for m in ('textual', 'rich', 'typer', 'click') if m in sys.modules)\n"
        "print(','.join(ui))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_import_linter_contract_holds():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core is headless KEPT" in result.stdout
    assert "Layers: the UI over the core, the core's packages in order KEPT" in result.stdout

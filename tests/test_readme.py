"""The README's two commands are the ones that work, and CI runs the second."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_starts_with_an_install_and_run_and_a_test_command():
    run, test = _commands()
    assert "pip install" in run and "paved" in run.split("&&")[-1]
    assert "pip install" in test and "pytest" in test


def test_the_first_command_lands_in_the_tui():
    """It ends with a bare `paved`: the home screen in a terminal (tests/tui/test_tmux.py
    drives exactly that), the help when piped, so it never hangs a script."""
    run, _ = _commands()
    assert run.split("&&")[-1].strip() == ".venv/bin/paved"
    paved = Path(sys.executable).with_name("paved")
    piped = subprocess.run(
        [str(paved)], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60
    )
    assert piped.returncode == 0 and "Usage: paved" in piped.stdout and "tui" in piped.stdout


def test_ci_runs_exactly_the_readme_test_command():
    _, test = _commands()
    script = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in script

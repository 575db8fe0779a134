"""Templates whose code prints (cookiecutter hooks, a copier task) never break paved's
output: what they print goes to stderr, and every `--json` output parses. Run as real
`paved` processes: a hook prints to the process's own stdout, which no in-process
capture of sys.stdout would see."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.organisation import cruft_created

BIN = Path(sys.executable).parent
BANNERS = ("pre-gen hook", "post-gen hook", "task: ")


def _paved(workspace: Path, *args: str | Path) -> subprocess.CompletedProcess:
    command = [BIN / "paved", "-w", workspace, *args]
    return subprocess.run([str(arg) for arg in command], capture_output=True, text=True)


def _json(done: subprocess.CompletedProcess, codes: tuple[int, ...] = (0,)) -> object:
    assert done.returncode in codes, done
    assert not any(banner in done.stdout for banner in BANNERS), done.stdout
    return json.loads(done.stdout)


def test_every_json_output_parses_with_printing_templates_registered(
    org_workspace, org_templates, tmp_path
):
    ws = org_workspace.root
    made = {}
    for path, name, extra in (
        ("orgsvc", "billing", []),
        ("printing", "printer", []),
        ("orglib", "ledger_lib", ["-d", "team_channel=#ledger"]),
    ):
        done = _paved(
            ws, "new", path, tmp_path / name, "--name", name, "--owner", "growth",
            "--no-input", "--version", "1.0.0", "--json", *extra,
        )  # fmt: skip
        made[name] = _json(done)
    done = _paved(ws, "new", "orgsvc", tmp_path / "other", "--name", "other", "--owner", "growth")
    assert done.returncode == 0 and done.stdout.startswith("Created other"), done
    assert "pre-gen hook: making other" in done.stderr  # shown, on stderr
    assert "post-gen hook: all done" in done.stderr

    adopted = cruft_created(org_templates["cookiecutter"], tmp_path / "made", project_name="api")
    _json(_paved(ws, "adopt", adopted, "--owner", "growth", "--json"))
    status = _json(_paved(ws, "status", "--json"))
    names = {record["project"] for record in status}  # type: ignore[union-attr]
    assert names == {"billing", "printer", "ledger_lib", "other", "api"}
    for name in ("billing", "printer"):
        one = _json(_paved(ws, "update", tmp_path / name, "--dry-run", "--json"))
        assert one["status"] == "updated", one  # type: ignore[index]
    _json(_paved(ws, "update", "--all", "--dry-run", "--json"))
    rollout = _json(_paved(ws, "update", "--all", "--json"))
    statuses = {r["project"]: r["status"] for r in rollout["results"]}  # type: ignore[index]
    assert statuses == {
        "api": "updated", "billing": "updated", "ledger_lib": "updated", "other": "current",
        "printer": "updated",
    }, rollout  # fmt: skip
    for command in (
        ["paths", "--json"],
        ["catalog", "list", "--json"],
        ["catalog", "show", "billing", "--json"],
        ["catalog", "refresh", "--json"],
        ["adopt", "--scan", tmp_path / "made", "--json"],
        ["update", tmp_path / "billing", "--json"],
    ):
        _json(_paved(ws, *command))

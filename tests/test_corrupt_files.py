"""Every file paved reads, corrupted (emptied, garbage, cut in half, the wrong shape),
under the commands that read it: no traceback, at most one line on stderr, a documented
exit code, and nothing written by a command that fails; the catalog index, derived data,
is made again and the command answers."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.create import init_workspace

FILES = {
    "paved.toml": "ws/paved.toml",
    "copier.yml": "ws/copier.yml",
    "groups.yaml": "ws/catalog/groups.yaml",
    "entity file": "ws/catalog/orders_raw.yaml",
    "catalog index": "ws/.paved/catalog.sqlite",
    "answers file": "orders_raw/.copier-answers.yml",
    "path.yaml": "ws/golden_paths/etl-job/path.yaml",
    "questions.yml": "ws/golden_paths/etl-job/questions.yml",
    "inputs.yaml": "orders_daily/contracts/inputs.yaml",
    "contract": "orders_raw/contracts/orders_raw.odcs.yaml",
    "catalog-info.yaml": "orders_raw/catalog-info.yaml",
}
CORRUPTIONS = {
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x00\xff{[: not yaml ]]\n\t- -",
    "cut in half": lambda data: data[: len(data) // 2],
    "a list": lambda data: b"- a\n- b\n",
}
COMMANDS = [
    ["catalog", "list"],
    ["catalog", "show", "orders_raw", "--kind", "project"],
    ["catalog", "validate"],
    ["paths"],
    ["status"],
    ["update", "--all", "--dry-run"],
    ["catalog", "refresh"],
    ["contract", "check"],
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, isolated_git) -> Path:
    base = tmp_path_factory.mktemp("corrupt")
    workspace = init_workspace(base / "ws")
    for path, name, consumes in (
        ("dataset-producer", "orders_raw", []),
        ("etl-job", "orders_daily", ["orders_raw"]),
    ):
        request = NewProject(
            golden_path=path, name=name, owner="analytics", dest=base / name, consumes=consumes
        )
        new_project(workspace, request)
    return base


@pytest.mark.parametrize("name", FILES)
def test_a_corrupt_file_is_one_line_never_a_traceback(name, pristine, tmp_path, paved):
    for corruption, damage in CORRUPTIONS.items():
        for command in COMMANDS:
            # Damaged in place (the repos' paths are in the catalog), put back after.
            target = pristine / FILES[name]
            saved = target.read_bytes() if target.exists() else None
            try:
                if saved is not None:
                    target.write_bytes(damage(saved))
                before = snapshot(pristine)
                cwd = pristine / "orders_raw" if command[0] == "contract" else tmp_path
                result = paved("-w", pristine / "ws", *command, cwd=cwd)
                written = changes(before, snapshot(pristine))
            finally:
                if saved is not None:
                    target.write_bytes(saved)
            said = f"{name} {corruption}: paved {' '.join(command)} -> {result}"
            assert "Traceback" not in result.err + result.out, said
            assert "internal error" not in result.err, said
            assert result.code in (0, 1, 2, 3, 4), said
            lines = result.err.strip().splitlines()
            assert len(lines) <= 1, said
            if result.code == 2:
                assert lines and lines[0].startswith("paved: error: "), said
            if result.code >= 2:  # a command that fails writes nothing an owner sees
                assert not written, f"{said} wrote {written}"
            if name == "catalog index":
                assert result.code in (0, 1), said  # derived data: made again, no question


@pytest.mark.parametrize("name", ["rollout.json", "journal.jsonl"])
def test_a_corrupt_journal_is_one_line_never_a_traceback(name, pristine, tmp_path, paved):
    """A rollout's journal (derived state in `.paved/rollouts/`), under every command
    that reads one: resume, report by id and by folder, status (its last rollouts)."""
    workspace = pristine / "ws"
    made = paved("-w", workspace, "update", "--all", "--dry-run", "--json")
    assert made.code == 0, made
    rollout = json.loads(made.out)["id"]
    folder = workspace / ".paved" / "rollouts" / rollout
    target = folder / name
    saved = target.read_bytes()
    commands = [
        ["update", "--resume", rollout],
        ["update", "report", rollout],
        ["update", "report", "--merge", str(folder)],
        ["status"],
    ]
    try:
        for corruption, damage in {
            **CORRUPTIONS,
            "a bad line": lambda d: d + b"{not json\n",
        }.items():
            target.write_bytes(damage(saved))
            for command in commands:
                before = snapshot(pristine)
                result = paved("-w", workspace, *command, cwd=tmp_path)
                said = f"{name} {corruption}: paved {' '.join(command)} -> {result}"
                assert "Traceback" not in result.err + result.out, said
                assert "internal error" not in result.err, said
                assert result.code in (0, 1, 2, 3), said
                lines = result.err.strip().splitlines()
                assert len(lines) <= 1, said
                if result.code == 2:
                    assert lines and lines[0].startswith("paved: error: "), said
                    assert str(target) in lines[0] or rollout in lines[0], said
                assert not changes(before, snapshot(pristine)), said
    finally:
        shutil.rmtree(folder)


def snapshot(base: Path) -> dict[str, str]:
    """Every file under `base` by its content's hash, but the derived index and
    journals (`.paved/`) and git's object store (new objects change nothing seen)."""
    found = {}
    for top, dirs, names in os.walk(base):
        in_git = os.path.basename(top) == ".git"
        dirs[:] = [d for d in dirs if d != ".paved" and not (in_git and d == "objects")]
        for name in names:
            path = Path(top, name)
            found[str(path.relative_to(base))] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )

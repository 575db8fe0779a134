"""Every command's every argument and option, given bad values: one line on stderr, an
exit code from the documented set, no traceback, and nothing written when it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import typer.main

from portal.cli.app import app

BAD = ["", " ", "x\n", "ü名", "a" * 300, "../../etc/passwd", "-1", "nope/ref", "1/0"]
# Commands that open the TUI (they need a terminal: tested apart) or build the demo.
LEFT_OUT = {"tui", "browse"}


def _commands(command, path=()):
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    elif path and path[-1] not in LEFT_OUT:
        yield path, command


COMMANDS = list(_commands(typer.main.get_command(app)))


def _cases(command) -> list[list[str]]:
    cases = []
    for param in command.params:
        if param.name == "help" or getattr(param, "is_flag", False):
            continue
        for bad in BAD:
            cases.append([bad] if param.param_type_name == "argument" else [param.opts[0], bad])
    return cases


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in (".paved", ".git")]
        for name in files:
            stat = (Path(root) / name).stat()
            found[os.path.join(root, name)] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_bad_values_are_one_line_and_write_nothing(workspace, tmp_path, paved, path, command):
    here = tmp_path / "here"
    here.mkdir()
    for case in _cases(command):
        before = (_state(workspace.root), _state(here))
        result = paved("-w", workspace.root, *path, *case, cwd=here)
        said = f"paved {' '.join(path)} {case!r} -> {result}"
        assert "Traceback" not in result.err + result.out, said
        assert "internal error" not in result.err, said
        assert result.code in (0, 1, 2, 3, 4), said
        if result.code != 0:
            lines = result.err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("paved: "), said
            if result.code == 2:
                assert (_state(workspace.root), _state(here)) == before, said

"""Cookiecutter fleet update: `paved update --all` against a loop of `cruft update`.

Builds the test suite's cookiecutter template (two tagged versions, a hook, a Jinja
extension), a workspace with it as the golden path `svc`, and a fleet of projects made
at v1.0.0, each with an owner's edit committed; copies the fleet. Then:
- paved: `paved update --all --jobs N` (a branch per repo);
- cruft: `cruft update -y --checkout v2.0.0` in a loop over the copies;
and compares each repo's update branch with cruft's work tree.

Usage: python bench/outside_update.py [--repos 20] [--jobs 2]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.core.sources.registry import add_path  # noqa: E402
from portal.core.workspace.create import init_workspace  # noqa: E402

from portal.cli.main import run  # noqa: E402
from tests.outside_templates import (  # noqa: E402
    COOKIECUTTER_V1,
    COOKIECUTTER_V2,
    build_template_repo,
)

BIN = Path(sys.executable).parent


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def files_at(repo: Path, ref: str | None) -> dict[str, bytes]:
    if ref is None:
        return {
            str(path.relative_to(repo)): path.read_bytes()
            for path in repo.rglob("*")
            if path.is_file() and ".git" not in path.relative_to(repo).parts
        }
    names = git(repo, "ls-tree", "-r", "--name-only", ref).splitlines()
    return {
        name: subprocess.run(
            ["git", "show", f"{ref}:{name}"], cwd=repo, check=True, capture_output=True
        ).stdout
        for name in names
    }


def paved(*args: str) -> int:
    with redirect_stdout(io.StringIO()):
        return run(list(args))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repos", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="paved-bench-outside-"))
    home = folder / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Bench\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n"
    )
    os.environ.update({"GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"})
    try:
        template = build_template_repo(folder / "template", COOKIECUTTER_V1, COOKIECUTTER_V2)
        workspace = init_workspace(folder / "ws")
        add_path(workspace, "svc", str(template), trust=True)
        repos = []
        for number in range(options.repos):
            dest = folder / "fleet" / f"svc_{number:03d}"
            code = run(
                [
                    "-w",
                    str(workspace.root),
                    "new",
                    "svc",
                    str(dest),
                    "--name",
                    dest.name,
                    "--owner",
                    "analytics",
                    "--no-input",
                    "--version",
                    "1.0.0",
                    "--json",
                ]
            )
            assert code == 0
            with open(dest / "src" / "app.py", "a") as handle:
                handle.write(f"\n\nTEAM = {number}\n")
            git(dest, "commit", "-qam", "owner's edit")
            shutil.copytree(dest, folder / "cruft" / dest.name)
            repos.append(dest)

        start = time.perf_counter()
        code = paved(
            "-w", str(workspace.root), "update", "--all", "--jobs", str(options.jobs), "--json"
        )
        paved_seconds = time.perf_counter() - start
        start = time.perf_counter()
        for repo in repos:
            subprocess.run(
                [BIN / "cruft", "update", "-y", "--checkout", "v2.0.0"],
                cwd=folder / "cruft" / repo.name,
                check=True,
                capture_output=True,
            )
        cruft_seconds = time.perf_counter() - start
        same = sum(
            files_at(repo, "paved/update-2.0.0") == files_at(folder / "cruft" / repo.name, None)
            for repo in repos
        )
        print(f"| repos | paved --jobs {options.jobs} | cruft loop | speed-up | identical trees |")
        print("| --- | --- | --- | --- | --- |")
        print(
            f"| {options.repos} | {paved_seconds:.1f} s | {cruft_seconds:.1f} s "
            f"| {cruft_seconds / paved_seconds:.1f}x | {same}/{len(repos)} (exit {code}) |"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Bulk adoption: `paved adopt --scan DIR` over an organisation's repos of mixed kinds.

Builds the test suite's organisation templates (tests/organisation.py), a workspace
with them as golden paths, and N repos in one folder, a fifth of each kind:
- made by `copier copy` (answers in the template's own answers file): linked;
- made by `cruft create` (`.cruft.json`): linked;
- with a Backstage catalog-info.yaml (owner, provided and consumed APIs, links);
- with a CODEOWNERS naming the team, and no catalog-info.yaml (one is committed);
- plain, owned by --owner (one is committed).
The copier and cruft repos are copies of one made by each tool (`git clone`). Then times
the whole `paved adopt --scan DIR --jobs J` process (first run, and a rerun that changes
nothing) and prints the time per repo against the 50 ms target.

Usage: python bench/bulk_adopt.py [--repos 500] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
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
from tests.organisation import (  # noqa: E402
    backstage_info,
    build_org_templates,
    commit_all,
    copier_copied,
    cruft_created,
)

BIN = Path(sys.executable).parent
TARGET_MS = 50
KINDS = ("copier", "cruft", "backstage", "codeowners", "plain")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def build(folder: Path, repos: int) -> tuple[Path, Path]:
    """The workspace and the folder of repos."""
    templates = build_org_templates(folder / "templates")
    workspace = init_workspace(folder / "ws")
    add_path(workspace, "orglib", str(templates["copier"]), trust=True)
    add_path(workspace, "orgsvc", str(templates["cookiecutter"]), trust=True)
    org = folder / "org"
    seeds = folder / "seeds"
    copier_seed = copier_copied(
        templates["copier"], seeds / "lib", project_name="lib", team_channel="#team"
    )
    with redirect_stdout(io.StringIO()):  # its hooks print
        cruft_seed = cruft_created(templates["cookiecutter"], seeds, project_name="svc")
    for number in range(repos):
        kind = KINDS[number % len(KINDS)]
        repo = org / f"{kind}_{number:04d}"
        if kind in ("copier", "cruft"):
            seed = copier_seed if kind == "copier" else cruft_seed
            subprocess.run(["git", "clone", "-q", seed, repo], check=True)
            continue
        repo.mkdir(parents=True)
        (repo / "main.py").write_text(f"print({number})\n")
        if kind == "backstage":
            name = f"service-{number:04d}"
            info = backstage_info(
                name, "group:default/growth", providesApis=[f"{name}-api"],
                consumesApis=["api:default/ledger-api"], dependsOn=["resource:default/db"],
            )  # fmt: skip
            (repo / "catalog-info.yaml").write_text(info)
        elif kind == "codeowners":
            (repo / ".github").mkdir()
            (repo / ".github" / "CODEOWNERS").write_text("* @acme/data-platform\n")
        commit_all(repo)
    return workspace.root, org


def timed(*args: str | Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run([str(arg) for arg in args], capture_output=True, text=True)
    return time.perf_counter() - started, done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repos", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="Build here once and keep it (a copy is run).")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="paved-bench-adopt-"))
    home = folder / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Bench\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n"
        "[advice]\n\tdetachedHead = false\n"
    )
    os.environ.update({"GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"})
    try:
        built = options.keep or folder / "built"
        if not (built / "org").is_dir():
            started = time.perf_counter()
            build(built, options.repos)
            print(f"built {options.repos} repos in {time.perf_counter() - started:.1f} s")
        run = folder / "run"
        shutil.copytree(built, run, symlinks=True)
        count = len(list((run / "org").iterdir()))
        command = [BIN / "paved", "-w", run / "ws", "adopt", "--scan", run / "org"]
        command += ["--owner", "analytics", "--jobs", str(options.jobs), "--json"]
        rows = []
        for label in ("first run", "rerun (changes nothing)"):
            seconds, done = timed(*command)
            if done.returncode != 0:
                sys.exit(f"paved adopt failed ({done.returncode}): {done.stderr[-2000:]}")
            statuses: dict[str, int] = {}
            for item in json.loads(done.stdout)["repos"]:
                statuses[item["status"]] = statuses.get(item["status"], 0) + 1
            per_repo = 1000 * seconds / count
            rows.append((label, seconds, per_repo, statuses))
        load = os.getloadavg()
        print(f"\npaved adopt --scan: {count} repos, --jobs {options.jobs}, "
              f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
        print("| run | whole process | per repo | target | results |\n|---|---|---|---|---|")
        for label, seconds, per_repo, statuses in rows:
            verdict = "ok" if per_repo <= TARGET_MS else "OVER"
            shown = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
            print(
                f"| {label} | {seconds:.1f} s | {per_repo:.1f} ms | {TARGET_MS} ms {verdict} "
                f"| {shown} |"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Catalog at scale: 100,000 entities, a full index build, and whole-process lookups.

Builds a synthetic catalog (25,000 projects each with a Component and datasets, 500
teams with their users, realistic consumer fan-out), then times, side by side:
- paved: the full index build, an incremental refresh, the downstream graph (built by
  the first transitive walk after a change), then `paved catalog owner|consumers|impact
  --json` as whole processes on the warm index;
- grep: what a user would otherwise run over the same files
  (`grep -l` for the consumers of a dataset).

Usage: python bench/catalog_scale.py [--projects 25000] [--teams 500] [--runs 5]
Targets: each lookup under 0.3 s whole-process; the full build under 30 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
sys.path.insert(0, str(ROOT))

from portal.core.workspace.create import init_workspace  # noqa: E402

from portal.core.catalog.freshness import RACY_WINDOW_NS  # noqa: E402
from portal.core.catalog.index import CatalogIndex  # noqa: E402


def build_catalog(catalog: Path, projects: int, teams: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    team_names = [f"team-{n:03d}" for n in range(teams)]
    users_per_team = max(1, (100_000 - projects * 3 - teams) // teams)
    docs = []
    for team in team_names:
        members = [f"{team}.user{m}" for m in range(users_per_team)]
        docs.append(
            {
                "apiVersion": "backstage.io/v1alpha1",
                "kind": "Group",
                "metadata": {"name": team, "annotations": {"paved.dev/contact": f"#{team}"}},
                "spec": {"type": "team", "children": [], "members": members},
            }
        )
        docs += [
            {
                "apiVersion": "backstage.io/v1alpha1",
                "kind": "User",
                "metadata": {"name": member},
                "spec": {"memberOf": [team]},
            }
            for member in members
        ]
    (catalog / "groups.yaml").write_text(yaml.dump_all(docs, Dumper=DUMPER, sort_keys=False))
    count = len(docs)
    for number in range(projects):
        name = f"project_{number:05d}"
        owner = rng.choice(team_names)
        # Fan-out: most projects read a few earlier datasets, popular ones get many readers.
        upstream = sorted(
            {
                f"ds_{rng.randrange(max(1, number)):05d}_a"
                for _ in range(rng.choice((0, 1, 2, 3, 5)))
            }
            if number
            else set()
        )
        provides = [f"ds_{number:05d}_a", f"ds_{number:05d}_b"]
        entity_docs = [
            {
                "apiVersion": "backstage.io/v1alpha1",
                "kind": "Component",
                "metadata": {
                    "name": name,
                    "annotations": {
                        "paved.dev/golden-path": "etl-job",
                        "paved.dev/template-version": "v1.0.0",
                        "paved.dev/repo": f"/srv/repos/{name}",
                    },
                },
                "spec": {
                    "type": "etl-job",
                    "lifecycle": "production",
                    "owner": f"group:{owner}",
                    "providesApis": provides,
                    "consumesApis": upstream,
                },
            }
        ]
        entity_docs += [
            {
                "apiVersion": "backstage.io/v1alpha1",
                "kind": "API",
                "metadata": {"name": api, "annotations": {"paved.dev/contract-version": "1.0.0"}},
                "spec": {
                    "type": "dataset",
                    "lifecycle": "production",
                    "owner": f"group:{owner}",
                    "definition": "kind: DataContract",
                },
            }
            for api in provides
        ]
        (catalog / f"{name}.yaml").write_text(
            yaml.dump_all(entity_docs, Dumper=DUMPER, sort_keys=False)
        )
        count += len(entity_docs)
    return count


def timed(command: list[str], cwd: Path, runs: int, check: bool = True) -> tuple[float, float]:
    """(median, max) seconds of `command` as a whole process; `check`: it must exit 0."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=check, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=25_000)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="paved-bench-"))
    try:
        workspace = init_workspace(base / "ws")
        catalog = workspace.catalog_dir
        entities = build_catalog(catalog, args.projects, args.teams)
        files = len(list(catalog.glob("*.yaml")))
        # As in a real catalog, the files are older than the index's racy window (files
        # modified moments before they are read are compared by content until then).
        time.sleep(RACY_WINDOW_NS / 1e9)

        index = CatalogIndex(catalog, workspace.index_dir)
        start = time.perf_counter()
        index.rebuild()
        build = time.perf_counter() - start
        indexed = index.count()
        (catalog / "project_00042.yaml").touch()
        start = time.perf_counter()
        index.refresh()
        incremental = time.perf_counter() - start
        time.sleep(RACY_WINDOW_NS / 1e9)  # warm: the touched file settles, as it would
        index.refresh()
        start = time.perf_counter()
        index.downstream()  # built by the first transitive walk after a change
        graph = time.perf_counter() - start
        index.close()

        paved = str(Path(sys.executable).parent / "paved")
        dataset = "ds_00010_a"
        rows = [
            ("full index build", f"{build:.2f} s", "-", "< 30 s"),
            ("refresh after one file changed", f"{incremental:.3f} s", "-", ""),
            ("downstream graph, built once per change", f"{graph:.3f} s", "-", ""),
        ]
        for label, argv in (
            ("catalog owner project_12345", ["catalog", "owner", "project_12345", "--json"]),
            (f"catalog consumers {dataset}", ["catalog", "consumers", dataset, "--json"]),
            (f"catalog impact {dataset}", ["catalog", "impact", dataset, "--json"]),
        ):
            median, worst = timed([paved, *argv], workspace.root, args.runs)
            baseline = "-"
            if "consumers" in label:
                grep_median, _ = timed(
                    ["grep", "-rlE", f"^ *- {dataset}$", "catalog"], workspace.root, args.runs
                )
                baseline = f"{grep_median:.3f} s (grep -rl)"
            rows.append((label, f"{median:.3f} s (max {worst:.3f})", baseline, "< 0.3 s"))

        print(f"\ncatalog: {entities:,} entities in {files:,} files; index holds {indexed:,}\n")
        widths = [
            max(len(str(row[i])) for row in rows + [("what", "paved", "baseline", "target")])
            for i in range(4)
        ]
        header = ("what", "paved", "baseline", "target")
        for row in [header, tuple("-" * w for w in widths), *rows]:
            print(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`paved contract diff/check` beside datacontract-cli's `breaking`, on the same pairs.

Builds a 10,000-project catalog (the synthetic fleet of bench/catalog_scale.py, plus a
producer whose dataset 200 ETL jobs read, each a few of its columns, half of them read
in turn by others), then, in one run:
- sizes: contracts of 10, 1,000 and 5,000 columns, and of object columns nested 5 and
  10 deep, each committed in a producer's repo and changed in its work tree (a column
  removed, one added, one's physical type changed, the major version bumped); times
  `paved contract diff --json`, `paved contract check --json` (the index warm, as after
  any earlier catalog command) and `datacontract breaking OLD NEW` as whole processes,
  side by side, against a target of 1 s for paved;
- the gate at scale: `paved contract check` on the producer the 200 jobs read, with a
  change that touches 150 of them;
- change kinds: every old/new pair of tests/core/contracts/change_kinds.py, graded by
  paved and by datacontract-cli (consumer perspective), and where they differ.

datacontract-cli runs from a virtual environment of its own (bench/datacontract/), made
on first use. Usage: python bench/contract_check.py [--projects 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from catalog_scale import DUMPER, build_catalog, timed  # noqa: E402

from portal.core.catalog.freshness import RACY_WINDOW_NS  # noqa: E402
from portal.core.catalog.index import CatalogIndex  # noqa: E402
from portal.core.workspace.create import init_workspace  # noqa: E402
from tests.core.catalog.test_catalog import _project as project  # noqa: E402
from tests.core.contracts.change_kinds import BREAKING, CASES, NON_BREAKING, NONE  # noqa: E402
from tests.core.contracts.conftest import BASE  # noqa: E402
from tests.core.contracts.test_change_classes import classify  # noqa: E402

CONTRACT = "contracts/orders.odcs.yaml"
READS = ["amount", "currency", "status", "customer_id"]
VENV = Path.home() / ".cache" / "paved-bench" / "datacontract"
SIZES = (
    *(("10 columns", 10, 0), ("1,000 columns", 1000, 0), ("5,000 columns", 5000, 0)),
    *(("nested 5 deep", 10, 5), ("nested 10 deep", 10, 10)),
)


def add_producer_and_consumers(catalog: Path, consumers: int, teams: int) -> None:
    """orders (team-000) and its readers reader_NNN: reader i reads order_id and one
    of READS; readers past the first half also read the output of reader i - half."""
    project(catalog, "orders", "team-000", ["orders"], [])
    path = catalog / "orders.yaml"
    docs = list(yaml.safe_load_all(path.read_text()))
    docs[1]["spec"]["definition"] = BASE
    docs[1]["metadata"]["annotations"] = {"paved.dev/contract-version": "1.0.0"}
    path.write_text(yaml.dump_all(docs, Dumper=DUMPER, sort_keys=False))
    half = consumers // 2
    for number in range(consumers):
        name, output = f"reader_{number:03d}", f"reader_{number:03d}_out"
        consumes = ["orders"] + ([f"reader_{number - half:03d}_out"] if number >= half else [])
        annotations = {
            "paved.dev/pin.orders": "1.0.0",
            "paved.dev/reads.orders": f"order_id, {READS[number % len(READS)]}",
        }
        project(catalog, name, f"team-{number % teams:03d}", [output], consumes, annotations)


def producer_repo(folder: Path, old: dict, new: dict) -> Path:
    """A producer's repo, `old` committed as its contract, `new` in the work tree."""
    (folder / "contracts").mkdir(parents=True)
    (folder / CONTRACT).write_text(yaml.dump(old, Dumper=DUMPER, sort_keys=False))
    info = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "API",
        "metadata": {"name": "orders"},
        "spec": {"type": "dataset", "definition": {"$text": f"./{CONTRACT}"}},
    }
    (folder / "catalog-info.yaml").write_text(yaml.safe_dump(info, sort_keys=False))
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "old"]):
        subprocess.run(["git", *command], cwd=folder, check=True)
    (folder / CONTRACT).write_text(yaml.dump(new, Dumper=DUMPER, sort_keys=False))
    return folder


def _columns(count: int, prefix: str = "col") -> list[dict]:
    return [
        {
            "name": f"{prefix}_{n}",
            "logicalType": "string",
            "physicalType": "VARCHAR",
            "required": n % 2 == 0,
            "description": f"Column {n}.",
            "quality": [{"name": f"{prefix}_{n}_known", "metric": "nullValues", "mustBe": 0}],
        }
        for n in range(count)
    ]


def sized(columns: int, depth: int, changed: bool) -> dict:
    """A contract of `columns` columns; with `depth`, its last column an object whose
    fields nest `depth` deep, `columns` fields at each level. `changed`: version 2.0.0,
    and at the deepest level a column removed, one added and one's type changed."""
    level = _columns(columns, f"level_{depth}")
    if changed:
        level.pop(1)
        level.append({"name": "added", "logicalType": "string"})
        level[columns // 2]["physicalType"] = "TEXT"
    for number in range(depth, 0, -1):
        nested = {"name": f"nested_{number}", "logicalType": "object", "properties": level}
        level = [*_columns(columns - 1, f"level_{number - 1}"), nested]
    return {
        "apiVersion": "v3.2.0",
        "kind": "DataContract",
        "id": "orders",
        "version": "2.0.0" if changed else "1.0.0",
        "status": "active",
        "schema": [{"name": "orders", "properties": level}],
    }


def datacontract() -> tuple[Path | None, str]:
    """datacontract's interpreter in its own environment, installed if need be."""
    python = VENV / "bin" / "python"
    if (VENV / "bin" / "datacontract").exists():
        return python, "installed"
    venv.create(VENV, with_pip=True)
    result = subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "-q", str(ROOT / "bench" / "datacontract")],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        return None, f"did not install: {lines[-1] if lines else 'no output'}"
    return python, "installed now"


def peer_grades(python: Path, folder: Path) -> list[str]:
    """datacontract-cli's grade of each change kind, in one process of its own."""
    pairs = folder / "pairs.json"
    pairs.write_text(json.dumps([[case.old, case.new] for case in CASES]))
    script = ROOT / "bench" / "datacontract" / "classify.py"
    result = subprocess.run([str(python), str(script), str(pairs)], capture_output=True, text=True)
    if result.returncode != 0:
        return ["failed"] * len(CASES)
    return json.loads(result.stdout.strip().splitlines()[-1])


def sizes(paved: list[str], python: Path | None, folder: Path, runs: int) -> list[tuple]:
    rows = []
    for label, columns, depth in SIZES:
        before, after = sized(columns, depth, False), sized(columns, depth, True)
        repo = producer_repo(folder / label.replace(" ", "-").replace(",", ""), before, after)
        old = folder / f"{repo.name}.old.yaml"
        old.write_text(yaml.dump(before, Dumper=DUMPER, sort_keys=False))
        properties = columns * (depth + 1)
        row = [label, f"{properties:,}"]
        for command in ("diff", "check"):
            median, worst = timed([*paved, "contract", command, "--json"], repo, runs, False)
            row.append(f"{median:.2f} s (max {worst:.2f})")
        if python:
            peer = [str(python.parent / "datacontract"), "breaking", str(old), str(repo / CONTRACT)]
            median, worst = timed(peer, repo, runs, False)
            row.append(f"{median:.2f} s (max {worst:.2f})")
        rows.append(tuple(row))
    return rows


def kinds(python: Path | None, folder: Path) -> tuple[list[tuple], str]:
    grades = peer_grades(python, folder) if python else ["-"] * len(CASES)
    rows, agree, on_purpose = [], 0, 0
    for case, peer in zip(CASES, grades, strict=True):
        ours, _ = classify(case.old, case.new)
        same = (ours == BREAKING) == (peer == BREAKING)
        agree += same
        on_purpose += not same and case.peer is not None
        if not same or peer not in (BREAKING, NON_BREAKING, NONE):
            note = "on purpose (docs/contracts.md)" if case.peer else "DIFFERS"
            rows.append((case.name, ours, peer, note))
    summary = (
        f"{agree} of {len(CASES)} change kinds graded alike (breaking or not); "
        f"{on_purpose} differ on purpose, {len(CASES) - agree - on_purpose} otherwise"
    )
    return rows, summary


def table(header: tuple[str, ...], rows: list[tuple]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--consumers", type=int, default=200)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="paved-bench-contract-") as folder:
        base = Path(folder)
        workspace = init_workspace(base / "ws")
        synthetic = args.projects - args.consumers - 1
        entities = build_catalog(workspace.catalog_dir, synthetic, args.teams)
        add_producer_and_consumers(workspace.catalog_dir, args.consumers, args.teams)
        time.sleep(RACY_WINDOW_NS / 1e9)  # files older than the index's racy window
        index = CatalogIndex(workspace.catalog_dir, workspace.index_dir)
        index.rebuild()
        index.downstream()
        index.close()
        paved = [str(Path(sys.executable).parent / "paved"), "-w", str(workspace.root)]
        python, installed = datacontract()

        changed = yaml.safe_load(BASE)
        columns = changed["schema"][0]["properties"]
        columns[:] = [column for column in columns if column["name"] != "status"]
        columns[2]["physicalType"] = "DECIMAL(10,2)"
        repo = producer_repo(base / "orders", yaml.safe_load(BASE), changed)
        command = [*paved, "contract", "check", "--json"]
        answer = subprocess.run(command, cwd=repo, capture_output=True, text=True)
        affected = json.loads(answer.stdout)["contracts"][0]["impact"]["affected"]
        gate = []
        for extra in (["--json"], ["--format", "markdown"]):
            median, worst = timed([*paved, "contract", "check", *extra], repo, args.runs, False)
            label = f"paved contract check {' '.join(extra)}"
            gate.append((label, f"{median:.2f} s", f"{worst:.2f} s"))

        shown = f"{entities + 2 + 2 * args.consumers:,} entities, {args.projects:,} projects"
        print(f"\ncatalog: {shown}; datacontract-cli 1.2.8 {installed}; {args.runs} runs each\n")
        header = ("contract pair", "properties", "paved diff", "paved check", "datacontract")
        table(header[: 5 if python else 4], sizes(paved, python, base, args.runs))
        print(f"\nthe gate: a change touching {len(affected)} of {args.consumers} consumers\n")
        table(("whole process", "median", "max"), gate)
        rows, summary = kinds(python, base)
        print(f"\nchange kinds: {summary}\n")
        table(("change", "paved", "datacontract breaking", ""), rows)


if __name__ == "__main__":
    main()

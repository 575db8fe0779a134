"""`paved contract check` at scale, side by side with datacontract-cli's `breaking`.

Builds a 10,000-project catalog (the synthetic fleet of bench/catalog_scale.py, plus a
producer whose dataset 200 ETL jobs read, each a few of its columns, half of them read
in turn by others), commits the producer's contract, changes it in the work tree, then:
- times `paved contract check --json` as a whole process in the producer's repo (the
  index warm, as after any earlier catalog command), against a target of 1 s;
- times `datacontract breaking OLD NEW` on the same two contract files, from a virtual
  environment of its own (bench/datacontract/pyproject.toml), when it installs;
- runs both on each single change of the classification rules (the cases of
  tests/core/contracts/test_diff.py) and says which each catches.

Usage: python bench/contract_check.py [--projects 10000] [--consumers 200] [--runs 5]
"""

from __future__ import annotations

import argparse
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
from portal.core.contracts.diff import diff_contracts  # noqa: E402
from portal.core.contracts.odcs import parse_contract  # noqa: E402
from portal.core.contracts.rules import RULES  # noqa: E402
from portal.core.workspace.create import init_workspace  # noqa: E402
from tests.core.catalog.test_catalog import _project as project  # noqa: E402
from tests.core.contracts.conftest import BASE  # noqa: E402
from tests.core.contracts.test_diff import CASES  # noqa: E402

CONTRACT = "contracts/orders.odcs.yaml"
READS = ["amount", "currency", "status", "customer_id"]
VENV = Path.home() / ".cache" / "paved-bench" / "datacontract"


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


def producer_repo(folder: Path) -> Path:
    """The producer's repo, its contract committed, then changed in the work tree:
    status removed (a quarter of the readers read it), amount narrowed, GBP no longer
    allowed, a description reworded."""
    (folder / "contracts").mkdir(parents=True)
    (folder / CONTRACT).write_text(BASE)
    info = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "API",
        "metadata": {"name": "orders"},
        "spec": {"type": "dataset", "definition": {"$text": f"./{CONTRACT}"}},
    }
    (folder / "catalog-info.yaml").write_text(yaml.safe_dump(info, sort_keys=False))
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "1.0.0"]):
        subprocess.run(["git", *command], cwd=folder, check=True)
    contract = yaml.safe_load(BASE)
    columns = contract["schema"][0]["properties"]
    columns[:] = [column for column in columns if column["name"] != "status"]
    columns[2]["physicalType"] = "DECIMAL(10,2)"
    columns[3]["quality"][0]["arguments"]["validValues"] = ["EUR", "USD"]
    columns[0]["description"] = "The order."
    (folder / CONTRACT).write_text(yaml.safe_dump(contract, sort_keys=False))
    return folder


def datacontract() -> tuple[Path | None, str]:
    """datacontract's executable in its own environment, installed if need be."""
    executable = VENV / "bin" / "datacontract"
    if executable.exists():
        return executable, "installed"
    venv.create(VENV, with_pip=True)
    result = subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "-q", str(ROOT / "bench" / "datacontract")],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not executable.exists():
        lines = (result.stderr or result.stdout).strip().splitlines()
        return None, f"did not install: {lines[-1] if lines else 'no output'}"
    return executable, "installed now"


def classify_with_datacontract(executable: Path, old: Path, new: Path) -> str:
    result = subprocess.run(
        [str(executable), "breaking", str(old), str(new)], capture_output=True, text=True
    )
    if result.returncode != 0 and "ERROR" in result.stdout:
        return "breaking"
    if result.returncode != 0:
        return "failed: " + (result.stderr or result.stdout).strip().splitlines()[0][:60]
    return "no change" if "No changes" in result.stdout else "non-breaking"


def _nested(contract: dict) -> None:
    contract["schema"][0]["properties"].append(
        {
            "name": "shipping",
            "logicalType": "object",
            "properties": [
                {"name": "city", "logicalType": "string"},
                {"name": "zip", "logicalType": "string", "logicalTypeOptions": {"maxLength": 5}},
            ],
        }
    )


def _nested_field_removed(contract: dict) -> None:
    contract["schema"][0]["properties"][-1]["properties"].pop(0)


def _max_length_raised(contract: dict) -> None:
    contract["schema"][0]["properties"][-1]["properties"][1]["logicalTypeOptions"] = {
        "maxLength": 10
    }


# Changes beyond the rules' own cases, on a base with an object column: (what, base
# change, change, the rule paved should report).
EXTRA = (
    ("field of an object column removed", _nested, _nested_field_removed, "column-removed"),
    ("maxLength raised", _nested, _max_length_raised, "rule-loosened"),
)


def coverage(executable: Path | None, folder: Path) -> list[tuple[str, ...]]:
    cases = [(rule, None, change, rule) for rule, (change, _) in CASES.items()]
    rows = []
    for label, prepare, change, rule in [*cases, *EXTRA]:
        contract = yaml.safe_load(BASE)
        if prepare:
            prepare(contract)
        old_text = yaml.safe_dump(contract, sort_keys=False)
        change(contract)
        old, new = folder / "old.yaml", folder / "new.yaml"
        old.write_text(old_text)
        new.write_text(yaml.safe_dump(contract, sort_keys=False))
        diff = diff_contracts(
            parse_contract(old_text, "old"), parse_contract(new.read_text(), "new")
        )
        found = [c for c in diff.changes if c.rule == rule]
        paved = f"{'' if found[0].breaking else 'non-'}breaking" if found else "missed"
        expected = "breaking" if RULES[rule].breaking else "non-breaking"
        other = classify_with_datacontract(executable, old, new) if executable else "-"
        rows.append((label, expected, paved, other))
    return rows


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * width for width in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--consumers", type=int, default=200)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="paved-bench-contract-") as folder:
        base = Path(folder)
        workspace = init_workspace(base / "ws")
        synthetic = args.projects - args.consumers - 1
        entities = build_catalog(workspace.catalog_dir, synthetic, args.teams)
        add_producer_and_consumers(workspace.catalog_dir, args.consumers, args.teams)
        time.sleep(RACY_WINDOW_NS / 1e9)  # files older than the index's racy window
        index = CatalogIndex(workspace.catalog_dir, workspace.index_dir)
        start = time.perf_counter()
        index.rebuild()
        index.downstream()
        build = time.perf_counter() - start
        index.close()
        repo = producer_repo(base / "orders")

        paved = str(Path(sys.executable).parent / "paved")
        check = [paved, "-w", str(workspace.root), "contract", "check"]
        answer = subprocess.run([*check, "--json"], cwd=repo, capture_output=True, text=True)
        found = yaml.safe_load(answer.stdout)["contracts"][0]
        affected = found["impact"]["affected"]
        downstream = sum(len(a["downstream"]) for a in affected)
        executable, installed = datacontract()
        old = base / "old.yaml"
        old.write_text(BASE)
        rows = []
        for label, command in (
            ("paved contract check --json", [*check, "--json"]),
            ("paved contract check --format markdown", [*check, "--format", "markdown"]),
        ):
            median, worst = timed(command, repo, args.runs, check=False)
            rows.append((label, f"{median:.3f} s", f"{worst:.3f} s", "< 1 s"))
        if executable:
            median, worst = timed(
                [str(executable), "breaking", str(old), str(repo / CONTRACT)],
                repo,
                args.runs,
                check=False,
            )
            rows.append(("datacontract breaking OLD NEW", f"{median:.3f} s", f"{worst:.3f} s", "-"))

        print(
            f"\ncatalog: {entities + 2 + 2 * args.consumers:,} entities, {args.projects:,} "
            f"projects; index built in {build:.1f} s"
        )
        changes = found["diff"]["changes"]
        breaking = [change for change in changes if change["breaking"]]
        print(
            f"change: {len(changes)} changes, {len(breaking)} breaking; {len(affected)} of "
            f"{args.consumers} consumers touched, {downstream} downstream; "
            f"exit {answer.returncode}"
        )
        print(f"datacontract-cli 1.2.8: {installed}\n")
        table(("whole process", "median", "max", "target"), rows)
        print()
        table(
            ("rule", "should be", "paved", "datacontract breaking"),
            coverage(executable, base),
        )


if __name__ == "__main__":
    main()

"""`paved contract diff` and `paved contract check`, run in a producer's repo.

A contract in the work tree is compared with the same file at a base ref (by default
the merge base with the default branch's upstream, where there is one, else HEAD).
The check adds the impact from the catalog and a verdict: it fails when a breaking
change touches a consumer and the major version was not bumped; strict, when the
version does not carry the bump the changes need (a breaking change read by nobody
included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..contracts.diff import ContractDiff, diff_contracts
from ..contracts.odcs import parse_contract, read_contract
from ..contracts.rules import BUMPS
from ..errors import BadInputError
from ..filenames import REPO_CATALOG_FILE
from ..git import commands as git
from ..git import objects as git_objects
from .impact import Impact, impact_of, unknown_impact

CONTRACT_PATTERNS = ("*.odcs.yaml", "*.odcs.yml")


@dataclass
class ContractChanges:
    """One contract's changes since the base."""

    contract: str  # its path in the repo
    dataset: str
    base: str  # the ref compared with, as given or found
    diff: ContractDiff
    impact: Impact = field(default_factory=lambda: unknown_impact("not asked"))
    failed: bool = False
    verdict: str = ""


@dataclass
class CheckResult:
    repo: str
    strict: bool
    contracts: list[ContractChanges]

    @property
    def failed(self) -> bool:
        return any(item.failed for item in self.contracts)


def repo_root(start: Path) -> Path:
    top = git.run(start, "rev-parse", "--show-toplevel", check=False)
    if not top:
        raise BadInputError(
            f"{start} is not in a git repo", "run it in a producer's repo (a git work tree)"
        )
    return Path(top)


def find_contracts(repo: Path) -> list[Path]:
    """The ODCS contracts of a repo: `*.odcs.yaml` under contracts/."""
    folder = repo / "contracts"
    found = {path for pattern in CONTRACT_PATTERNS for path in folder.rglob(pattern)}
    return sorted(found)


def default_base(repo: Path) -> str:
    """The merge base with the default branch's upstream where there is one, else HEAD.

    The upstream is the default branch's own; else origin's HEAD, main or master (a CI
    checkout of a pull request is detached, with no local branch to ask).
    """
    known = git.branches(repo)
    branch = git.default_branch(repo, known, git.current_branch(repo))
    candidates = [f"{branch}@{{upstream}}"] if branch else []
    for upstream in [*candidates, "origin/HEAD", "origin/main", "origin/master"]:
        if git.run(repo, "rev-parse", "--verify", "--quiet", upstream, check=False):
            base = git.run(repo, "merge-base", "HEAD", upstream, check=False)
            if base:
                return base
    return "HEAD"


def diff_contract(
    start: Path, contract: Path | None = None, base: str | None = None
) -> list[ContractChanges]:
    """The changes of `contract` (else of each contract of the repo at `start`) in the
    work tree since `base`."""
    repo = repo_root(start)
    if contract is not None:
        path = (start / contract).resolve()
        if not path.is_file():
            raise BadInputError(f"no contract file {contract}", "name a contract file of the repo")
        if not path.is_relative_to(repo.resolve()):
            raise BadInputError(f"{contract} is not in the repo {repo}", "name one of its files")
        paths = [path]
    else:
        paths = find_contracts(repo)
        if not paths:
            raise BadInputError(
                f"no data contract (contracts/*.odcs.yaml) in {repo}",
                "run it in a dataset producer's or an ETL job's repo",
            )
    ref = base or default_base(repo)
    if not git.run(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False):
        raise BadInputError(f"unknown base ref {ref!r} in {repo}", "name a branch, tag or commit")
    relative = [path.resolve().relative_to(repo.resolve()).as_posix() for path in paths]
    before = git_objects.read_blobs(repo, [f"{ref}:{name}" for name in relative])
    names = _dataset_names(repo)
    found = []
    for path, name in zip(paths, relative, strict=True):
        new = read_contract(path)
        old_text = before.get(f"{ref}:{name}")
        old = None if old_text is None else parse_contract(old_text.decode(), f"{ref}:{name}")
        dataset = names.get(name) or new.id or (new.schema_[0].name if new.schema_ else None)
        found.append(ContractChanges(name, str(dataset or new.name), ref, diff_contracts(old, new)))
    return found


def check_contracts(
    start: Path,
    base: str | None = None,
    strict: bool = False,
    catalog: tuple[Path, Path] | None = None,
    no_catalog_reason: str = "no platform workspace",
) -> CheckResult:
    """Each contract's changes, their impact from the catalog (`catalog_dir, index_dir`;
    None: outside a workspace, the impact is unknown) and the verdict."""
    found = diff_contract(start, None, base)
    if catalog is not None:
        from ..catalog.index import ask

        def question(index):
            return [impact_of(index, item.dataset, item.diff.breaking) for item in found]

        for item, impact in zip(found, ask(*catalog, question), strict=True):
            item.impact = impact
    else:
        for item in found:
            item.impact = unknown_impact(no_catalog_reason)
    for item in found:
        item.failed, item.verdict = _verdict(item, strict)
    return CheckResult(str(repo_root(start)), strict, found)


def _verdict(item: ContractChanges, strict: bool) -> tuple[bool, str]:
    diff, impact = item.diff, item.impact
    needed, done = diff.needed, diff.done
    versions = f"{diff.old_version} -> {diff.new_version}"
    if diff.old_version is None:
        return False, f"new contract, version {diff.new_version}"
    if done == "down":
        return True, f"the version went down ({versions}): versions only go up"
    if strict and BUMPS.index(done) < BUMPS.index(needed):
        return True, f"the changes need a {needed} version, and the version is {versions}"
    if impact.affected and done != "major":
        teams = ", ".join(impact.teams)
        return True, (
            f"breaking changes touch {len(impact.affected)} consumer(s) ({teams}) and the "
            f"major version was not bumped ({versions})"
        )
    if not diff.changes:
        return False, "no change"
    told = f"; tell {', '.join(impact.teams)}" if impact.affected else ""
    return False, f"the changes need a {needed} version; the version is {versions}{told}"


def _dataset_names(repo: Path) -> dict[str, str]:
    """Contract path -> dataset name, from the repo's catalog-info.yaml APIs."""
    import yaml

    info = repo / REPO_CATALOG_FILE
    if not info.is_file():
        return {}
    try:
        documents = [d for d in yaml.safe_load_all(info.read_text("utf-8")) if d]
    except (yaml.YAMLError, UnicodeDecodeError):  # names are a nicety: the contract's own
        return {}
    names = {}
    for document in documents:
        if not isinstance(document, dict) or document.get("kind") != "API":
            continue
        definition = (document.get("spec") or {}).get("definition")
        if isinstance(definition, dict) and isinstance(definition.get("$text"), str):
            path = definition["$text"].removeprefix("./")
            names[path] = str((document.get("metadata") or {}).get("name"))
    return names

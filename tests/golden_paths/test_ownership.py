"""What is whose in a generated repo, from one source: the golden path's path.yaml.

Every option combination of every golden path is generated for real. In each repo, the
README's table of what is yours and what is the platform's names exactly the files that
path.yaml's `owned` and `managed` patterns match (as copier matches `_skip_if_exists`);
every file is one or the other; every managed file says in its header that the platform
manages it and rollouts update it, and none tells the owner to edit it (a JSON file
holds no comments: the README names it instead); no owned file claims to be managed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from jinja2.sandbox import SandboxedEnvironment
from pathspec import PathSpec

from portal.core.golden_paths.models import GoldenPath
from portal.core.workspace.release import release
from tests.golden_paths.conftest import generate, matrix, project_name
from tests.helpers import git

# The header every managed file opens with (compared lowercased, whitespace collapsed).
MANAGED = "managed by the platform (paved); rollouts update it"
# What a managed file must not say to its owner: owned files' headers say these.
OWNER_EDITS = re.compile(r"\byou own\b|\bchange it freely\b|\bnarrow\b|\bedit (it|this)\b")
SECTION = "## What is yours, what is the platform's"
# Copier's own record of the project; neither the owner's nor the platform's template.
ANSWERS = ".copier-answers.yml"
# Where each kind of file keeps its comments; Python keeps its header in the docstring.
COMMENT = {".yml": "#", ".yaml": "#", ".toml": "#", ".sql": "--", ".cfg": "#", ".sh": "#"}
COMMENT_NAMES = {".gitignore": "#", ".dockerignore": "#", "Dockerfile": "#"}

Repo = tuple[str, Path]  # a case's label and its generated repo


@pytest.fixture(scope="module", params=sorted({case.values[0] for case in matrix()}))
def generated(request, fleet_workspace, tmp_path_factory) -> tuple[GoldenPath, list[Repo]]:
    """A golden path and a repo for each of its option combinations, made once here."""
    path_name = request.param
    folder = tmp_path_factory.mktemp(f"whose-{path_name}")
    repos = []
    for case in matrix():
        name, options, consumes, number = case.values
        if name != path_name:
            continue
        dest = folder / ("whose_" + project_name(path_name, number))
        repos.append((case.id, generate(fleet_workspace, path_name, dest, options, consumes)))
    return fleet_workspace.golden_path(path_name), repos


def test_the_readme_table_is_path_yaml_matched_against_the_repo(generated):
    golden_path, repos = generated
    for label, repo in repos:
        assert table_problems(repo, golden_path) == [], label


def test_managed_files_say_so_and_owned_files_do_not(generated):
    golden_path, repos = generated
    for label, repo in repos:
        assert header_problems(repo, golden_path) == [], label


def test_every_pattern_of_path_yaml_matches_a_generated_file(generated):
    golden_path, repos = generated
    trees = [files_of(repo) for _, repo in repos]
    for pattern in golden_path.owned + golden_path.managed:
        matcher = spec([pattern], golden_path.name)
        assert any(matcher(file) for tree in trees for file in tree), f"{pattern} matches nothing"


def test_a_readme_or_a_header_that_drifts_from_path_yaml_is_found(workspace, tmp_path):
    """The checks above fail on drift: a hand-written table that moved a file to the
    other side, and a managed file whose header was dropped."""
    template = workspace.root / "templates" / "dataset-producer"
    readme = template / "README.md.jinja"
    text = readme.read_text()
    readme.write_text(
        text[: text.index("{% include 'golden_paths/ownership.md.jinja' %}")]
        + f"{SECTION}\n\n| yours | the platform's |\n| --- | --- |\n"
        "| `sql/`, `data/source/`, `contracts/`, `dataset.toml`, `.gitignore`, `README.md`,"
        " `catalog-info.yaml` | `src/{{ project_name }}/`, `tests/test_dataset.py`,"
        " `pyproject.toml`, `.github/workflows/ci.yml` |\n"
    )
    gitignore = template / ".gitignore"
    gitignore.write_text(gitignore.read_text().split("\n", 1)[1])
    git(workspace.root, "commit", "-qam", "a hand-written table; .gitignore without its header")
    release(workspace, "1.1.0")
    repo = generate(workspace, "dataset-producer", tmp_path / "drifted")

    golden_path = workspace.golden_path("dataset-producer")
    assert table_problems(repo, golden_path) == [
        "README calls yours, path.yaml does not: .gitignore",
        "path.yaml calls the platform's, README does not: .gitignore",
    ]
    assert header_problems(repo, golden_path) == [
        ".gitignore: its header does not say it is managed by the platform"
    ]


def table_problems(repo: Path, golden_path: GoldenPath) -> list[str]:
    """How the README's table and path.yaml's lists disagree on the files of `repo`, and
    the files that are neither the owner's nor the platform's, or both."""
    files = files_of(repo)
    owned = matching(files, golden_path.owned, golden_path.name)
    managed = matching(files, golden_path.managed, golden_path.name)
    yours, platforms = readme_table(repo / "README.md")
    problems = []
    for side, listed, expected in (
        ("yours", yours, owned),
        ("the platform's", platforms, managed),
    ):
        shown = matching(files, listed, golden_path.name)
        if extra := sorted(shown - expected):
            problems.append(f"README calls {side}, path.yaml does not: {', '.join(extra)}")
        if missing := sorted(expected - shown):
            problems.append(f"path.yaml calls {side}, README does not: {', '.join(missing)}")
    if both := sorted(owned & managed):
        problems.append(f"both owned and managed in path.yaml: {', '.join(both)}")
    if neither := sorted(files - owned - managed - {ANSWERS}):
        problems.append(f"neither owned nor managed in path.yaml: {', '.join(neither)}")
    return problems


def header_problems(repo: Path, golden_path: GoldenPath) -> list[str]:
    """Managed files of `repo` whose header does not say so, or tells the owner to edit
    them; owned files whose header says they are managed."""
    files = files_of(repo)
    readme = " ".join((repo / "README.md").read_text().split())
    problems = []
    for file in sorted(matching(files, golden_path.managed, golden_path.name)):
        if file.endswith(".json"):
            if f"`{file}`: JSON holds no comments" not in readme:
                problems.append(f"{file}: JSON, and the README does not say it is managed")
            continue
        head = header(repo / file)
        if head is None:
            problems.append(f"{file}: managed, in a kind of file with no known comment syntax")
        elif MANAGED not in head:
            problems.append(f"{file}: its header does not say it is managed by the platform")
        elif found := OWNER_EDITS.search(head):
            problems.append(f"{file}: managed, and its header tells the owner {found[0]!r}")
    for file in sorted(matching(files, golden_path.owned, golden_path.name)):
        head = header(repo / file)
        if head is not None and MANAGED in head:
            problems.append(f"{file}: owned, and its header says it is managed")
    return problems


def header(file: Path) -> str | None:
    """The opening comments of `file` (a Python module's: its docstring and the comments
    before it), lowercased, whitespace collapsed; None for a kind with no comments known."""
    text = file.read_text("utf-8")
    if file.suffix == ".py":
        docstring = ast.get_docstring(ast.parse(text)) or ""
        return " ".join((_leading(text, "#") + " " + docstring).lower().split())
    marker = COMMENT_NAMES.get(file.name) or COMMENT.get(file.suffix)
    return None if marker is None else " ".join(_leading(text, marker).lower().split())


def _leading(text: str, marker: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith(marker):
            break
        lines.append(line.removeprefix(marker))
    return " ".join(lines)


def readme_table(readme: Path) -> tuple[list[str], list[str]]:
    """The names in the README's table of what is yours (first column) and what is the
    platform's (second), as written between backticks."""
    text = readme.read_text()
    assert SECTION in text, f"{readme} has no section {SECTION!r}"
    rows = []
    for line in text.split(SECTION, 1)[1].lstrip("\n").splitlines():
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    head, _, *body = rows
    assert head[0].startswith("yours") and head[1].startswith("the platform's"), head
    names = [[re.findall(r"`([^`]+)`", row[column]) for row in body] for column in (0, 1)]
    return [n for cell in names[0] for n in cell], [n for cell in names[1] for n in cell]


def files_of(repo: Path) -> set[str]:
    return {
        path.relative_to(repo).as_posix()
        for path in repo.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }


def matching(files: Iterable[str], patterns: list[str], golden_path: str) -> set[str]:
    matcher = spec(patterns, golden_path)
    return {file for file in files if matcher(file)}


def spec(patterns: list[str], golden_path: str) -> Callable[[str], Any]:
    """Match as copier matches `_skip_if_exists`: each pattern rendered (a pattern may be
    scoped to its path), then gitignore-style."""
    environment = SandboxedEnvironment()
    rendered = [environment.from_string(p).render(golden_path=golden_path) for p in patterns]
    return PathSpec.from_lines("gitignore", [line for line in rendered if line.strip()]).match_file

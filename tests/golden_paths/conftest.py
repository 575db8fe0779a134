"""A session workspace whose catalog already holds a dataset to consume."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from portal.core.golden_paths import answers as answer_rules
from portal.core.golden_paths.loading import load_golden_paths, load_root_questions
from portal.core.golden_paths.models import GoldenPath
from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.create import init_workspace
from portal.core.workspace.model import Workspace, embedded_root

PRODUCER = "orders_clean"


@pytest.fixture(scope="session")
def fleet_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    base = tmp_path_factory.mktemp("fleet")
    workspace = init_workspace(base / "ws")
    new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer", name=PRODUCER, owner="analytics", dest=base / PRODUCER
        ),
    )
    return workspace


def option_combinations(path: GoldenPath) -> list[dict[str, Any]]:
    """Every combination of the path's choice and yes/no questions."""
    axes = []
    for question in path.questions:
        if question.choices:
            axes.append([(question.name, value) for value in question.choices.values()])
        elif question.type == "bool":
            axes.append([(question.name, True), (question.name, False)])
    return [dict(combo) for combo in itertools.product(*axes)] or [{}]


def consumes_variants(path: GoldenPath) -> list[list[str]]:
    question = next(q for q in load_root_questions(embedded_root()) if q.name == "consumes")
    if answer_rules.applies(question, {"golden_path": path.name}):
        return [[], [PRODUCER]]
    return [[]]


def matrix() -> list[Any]:
    cases = []
    for path in load_golden_paths(embedded_root()).values():
        for number, (options, consumes) in enumerate(
            itertools.product(option_combinations(path), consumes_variants(path))
        ):
            label = "-".join([path.name, *(f"{k}={v}" for k, v in options.items())])
            label += "-consumes" if consumes else ""
            cases.append(pytest.param(path.name, options, consumes, number, id=label))
    return cases


def project_name(path: str, number: int) -> str:
    return f"{path.replace('-', '_')}_{number}"


def unrendered(folder: Path) -> list[str]:
    """Files below `folder` with Jinja left in them."""
    found = []
    for file in folder.rglob("*"):
        if not file.is_file() or {".git", ".venv"} & set(file.relative_to(folder).parts):
            continue
        try:
            text = file.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        if "{%" in text or "{{" in text.replace("${{", ""):
            found.append(str(file.relative_to(folder)))
        if "{{" in file.name or "{%" in file.name:
            found.append(str(file.relative_to(folder)))
    return found

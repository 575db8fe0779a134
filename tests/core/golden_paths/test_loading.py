from pathlib import Path

import pytest
import yaml

from portal.core.errors import MalformedFileError, UnknownGoldenPathError
from portal.core.golden_paths.loading import (
    load_golden_path,
    load_golden_paths,
    load_root_questions,
)
from portal.core.workspace.model import embedded_root

ROOT = embedded_root()
PATHS = load_golden_paths(ROOT)


def test_every_golden_path_is_a_choice_of_the_root_copier_yml():
    questions = {question.name: question for question in load_root_questions(ROOT)}
    assert set(questions["golden_path"].choices.values()) == set(PATHS)
    for name in PATHS:
        assert (ROOT / "templates" / name).is_dir(), name


@pytest.mark.parametrize("name", sorted(PATHS))
def test_owned_files_are_copiers_skip_if_exists(name):
    path = PATHS[name]
    assert path.owned, "a golden path says which files its owner owns"
    assert path.managed, "a golden path says which files the platform manages"
    assert sorted(path.owned) == sorted(path.skip_if_exists)


@pytest.mark.parametrize("name", sorted(PATHS))
def test_path_questions_only_apply_to_their_path(name):
    for question in PATHS[name].questions:
        assert question.when == f"{{{{ golden_path == '{name}' }}}}", question.name


def test_question_names_do_not_collide_across_paths():
    seen: dict[str, str] = {}
    root = {question.name for question in load_root_questions(ROOT)}
    for path in PATHS.values():
        for question in path.questions:
            assert question.name not in root, question.name
            assert question.name not in seen, f"{question.name} in {seen.get(question.name)}"
            seen[question.name] = path.name


def _copy_path(tmp_path: Path, name: str = "dataset-producer") -> Path:
    folder = tmp_path / "golden_paths" / name
    folder.mkdir(parents=True)
    for item in (ROOT / "golden_paths" / name).iterdir():
        (folder / item.name).write_bytes(item.read_bytes())
    return folder


def test_malformed_path_yaml_names_file_and_field(tmp_path: Path):
    folder = _copy_path(tmp_path)
    data = yaml.safe_load((folder / "path.yaml").read_text())
    data["entity"]["provides"] = "spreadsheet"
    (folder / "path.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(MalformedFileError) as error:
        load_golden_path(folder)
    assert "path.yaml" in error.value.message and "entity.provides" in error.value.message


def test_path_yaml_that_is_not_yaml_is_named(tmp_path: Path):
    folder = _copy_path(tmp_path)
    (folder / "path.yaml").write_text("name: [unclosed\n")
    with pytest.raises(MalformedFileError, match="path.yaml"):
        load_golden_path(folder)


def test_unknown_golden_path_lists_the_paths(workspace):
    with pytest.raises(UnknownGoldenPathError) as error:
        workspace.golden_path("data-lake")
    assert "dataset-producer" in error.value.hint

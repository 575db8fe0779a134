"""Each workspace golden path is its own template: settings that would reach another
path are refused before anything renders."""

from __future__ import annotations

import pytest

from portal.core.errors import MalformedFileError
from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.model import Workspace
from portal.core.workspace.release import release
from tests.helpers import git


def _add_to_questions(workspace: Workspace, path: str, text: str) -> Workspace:
    questions = workspace.root / "golden_paths" / path / "questions.yml"
    questions.write_text(questions.read_text() + "\n" + text)
    return Workspace(workspace.root)


def _refused(workspace: Workspace, match: str) -> MalformedFileError:
    with pytest.raises(MalformedFileError, match=match) as error:
        _ = workspace.golden_paths
    return error.value


def test_a_question_name_another_path_uses_is_refused(workspace):
    changed = _add_to_questions(
        workspace,
        "etl-job",
        "port:\n  type: int\n  default: 9000\n  when: \"{{ golden_path == 'etl-job' }}\"\n",
    )
    error = _refused(changed, "question 'port' is also defined in golden_paths/")
    assert "rename" in error.hint


def test_a_question_asked_on_every_path_is_refused(workspace):
    changed = _add_to_questions(workspace, "etl-job", "retries:\n  type: int\n  default: 3\n")
    error = _refused(changed, "'retries' is asked on the dataset-producer golden path too")
    assert "golden_path == 'etl-job'" in error.hint


@pytest.mark.parametrize(
    "setting",
    [
        "_jinja_extensions:\n  - jinja2_time.TimeExtension\n",
        "_tasks:\n  - echo hello\n",
        "_preserve_symlinks: true\n",
    ],
)
def test_template_wide_settings_in_a_path_are_refused(workspace, setting):
    changed = _add_to_questions(workspace, "etl-job", setting)
    error = _refused(changed, "applies to every golden path of the workspace")
    assert "paved paths add" in error.hint


def test_a_secret_question_of_another_path_is_refused(workspace):
    changed = _add_to_questions(workspace, "etl-job", "_secret_questions:\n  - port\n")
    _refused(changed, "_secret_questions names 'port', not a question of this path")


def test_a_skip_pattern_that_reaches_another_paths_file_is_refused(workspace):
    changed = _add_to_questions(workspace, "etl-job", "_exclude:\n  - Dockerfile\n")
    _refused(changed, "_exclude reaches Dockerfile of the model-service golden path")


def test_a_skip_pattern_scoped_to_its_path_is_accepted_and_leaves_others_alone(workspace, tmp_path):
    text = "_exclude:\n  - \"{% if golden_path == 'etl-job' %}Dockerfile{% endif %}\"\n"
    changed = _add_to_questions(workspace, "etl-job", text)
    assert set(changed.golden_paths) == {"dataset-producer", "etl-job", "model-service"}
    git(changed.root, "commit", "-qam", "scoped exclude")
    release(changed, "1.1.0")
    result = new_project(
        changed,
        NewProject(
            golden_path="model-service", name="churn", owner="ml-platform", dest=tmp_path / "c"
        ),
    )
    assert (result.dest / "Dockerfile").is_file()


def test_a_release_of_a_workspace_with_a_leaking_path_is_refused(workspace):
    questions = workspace.root / "golden_paths" / "etl-job" / "questions.yml"
    text = questions.read_text().replace("_skip_if_exists:\n", "_skip_if_exists:\n  - Dockerfile\n")
    questions.write_text(text)
    changed = Workspace(workspace.root)
    git(changed.root, "commit", "-qam", "leak")
    with pytest.raises(MalformedFileError, match="_skip_if_exists reaches Dockerfile"):
        release(changed, "1.1.0")
    assert "v1.1.0" not in git(changed.root, "tag").split()

"""`paved paths add/remove/list`: golden paths whose template lives in its own repo."""

from __future__ import annotations

import json

from tests.helpers import git, one_commit_repo


def _paths(paved, workspace) -> dict[str, dict]:
    result = paved("-w", workspace.root, "paths", "--json")
    assert result.code == 0, result
    return {item["name"]: item for item in json.loads(result.out)}


def test_add_lists_kind_source_and_newest_version(paved, workspace, outside_templates):
    source = outside_templates["cookiecutter"]
    result = paved("-w", workspace.root, "paths", "add", "svc", source)
    assert result.code == 0, result
    assert "newest version v2.0.0" in result.out
    assert f"paved paths add svc {source} --trust" in result.err  # it has hooks
    listed = _paths(paved, workspace)
    assert listed["svc"] | {"summary": None, "title": None} == {
        "name": "svc",
        "kind": "cookiecutter",
        "title": None,
        "summary": None,
        "source": str(source),
        "newest": "v2.0.0",
        "trusted": False,
        "provides": "none",
        "questions": [  # every one the template declares, under its own name
            {
                "name": "project_name",
                "type": "str",
                "default": "My Service",
                "help": "",
                "choices": None,
                "required": False,
                "filled_by": "--name",
            },
            {
                "name": "repo_name",
                "type": "str",
                "default": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
                "help": "",
                "choices": None,
                "required": False,
                "filled_by": None,
            },
            {
                "name": "description",
                "type": "str",
                "default": "{% set w = [cookiecutter.project_name] %}{% do w.append('service') %}"
                "{{ w | join(' ') }}",
                "help": "",
                "choices": None,
                "required": False,
                "filled_by": "--description",
            },
            {
                "name": "license",
                "type": "str",
                "default": "MIT",
                "help": "",
                "choices": None,
                "required": False,
                "filled_by": None,
            },
            {
                "name": "use_docker",
                "type": "str",
                "default": "no",
                "help": "",
                "choices": {"no": "no", "yes": "yes"},
                "required": False,
                "filled_by": None,
            },
        ],
    }
    assert [q["name"] for q in listed["etl-job"]["questions"]][:1] == ["output_dataset"]
    assert listed["etl-job"]["kind"] == "workspace"
    assert git(workspace.root, "status", "--porcelain") == ""
    assert "paths: add the svc golden path" in git(workspace.root, "log", "-1", "--format=%s")


def test_a_ref_pins_the_version_new_projects_use(paved, workspace, outside_templates, tmp_path):
    source = outside_templates["copier"]
    assert paved("-w", workspace.root, "paths", "add", "lib", source, "--ref", "v1.0.0").code == 0
    listed = _paths(paved, workspace)["lib"]  # untrusted: copier.yml read, nothing imported
    assert listed["newest"] == "v1.0.0"
    questions = {question.pop("name"): question for question in listed["questions"]}
    assert list(questions) == ["project_name", "project_description", "python_version"]
    assert questions["project_name"] | {"help": None} == {
        "type": "str",
        "default": None,
        "help": None,
        "choices": None,
        "required": True,  # no default: --name answers it
        "filled_by": "--name",
    }
    assert questions["project_description"]["filled_by"] == "--description"
    assert questions["python_version"] == {
        "type": "str",
        "default": "3.11",
        "help": "",
        "choices": {"3.11": "3.11", "3.12": "3.12"},
        "required": False,
        "filled_by": None,
    }
    assert paved("-w", workspace.root, "paths", "add", "lib", source, "--trust").code == 0
    result = paved(
        "-w",
        workspace.root,
        "new",
        "lib",
        tmp_path / "lib",
        "--name",
        "pinned_lib",
        "--owner",
        "analytics",
        "--no-input",
        "--version",
        "1.0.0",
        "--json",
    )
    assert result.code == 0, result
    assert json.loads(result.out)["template_version"] == "v1.0.0"
    assert (tmp_path / "lib" / "setup.cfg").is_file()  # v2.0.0 removed it


def test_a_template_without_tags_has_its_commits_as_versions(paved, workspace, tmp_path):
    source = tmp_path / "untagged"
    (source / "{{cookiecutter.repo_name}}").mkdir(parents=True)
    (source / "cookiecutter.json").write_text('{"repo_name": "thing"}\n')
    (source / "{{cookiecutter.repo_name}}" / "README.md").write_text("hello\n")
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "first")
    assert paved("-w", workspace.root, "paths", "add", "plain", source).code == 0
    assert _paths(paved, workspace)["plain"]["newest"] == git(
        source, "rev-parse", "--short", "HEAD"
    )


def test_a_folder_that_is_no_template_is_bad_input_and_adds_nothing(paved, workspace, tmp_path):
    source = one_commit_repo(tmp_path / "not-a-template", {"README.md": "hello\n"})
    result = paved("-w", workspace.root, "paths", "add", "nope", source)
    assert result.code == 2
    assert "neither a copier.yml nor a cookiecutter.json" in result.err
    assert not (workspace.root / "golden_paths" / "nope").exists()
    missing = paved("-w", workspace.root, "paths", "add", "nope", tmp_path / "missing")
    assert missing.code == 2 and "neither a folder nor a git URL" in missing.err


def test_a_name_the_workspace_uses_is_refused(paved, workspace, outside_templates):
    result = paved("-w", workspace.root, "paths", "add", "etl-job", outside_templates["copier"])
    assert result.code == 2 and "already a golden path 'etl-job'" in result.err


def test_remove_is_refused_while_projects_use_the_path(
    paved, outside_workspace, outside_templates, tmp_path
):
    root = outside_workspace.root
    made = paved(
        "-w",
        root,
        "new",
        "lib",
        tmp_path / "a",
        "--name",
        "a_lib",
        "--owner",
        "analytics",
        "--no-input",
    )
    assert made.code == 0, made
    refused = paved("-w", root, "paths", "remove", "lib")
    assert refused.code == 2 and "a_lib" in refused.err and "--force" in refused.err
    assert (root / "golden_paths" / "lib" / "path.yaml").is_file()
    assert paved("-w", root, "paths", "remove", "etl-job").code == 2
    removed = paved("-w", root, "paths", "remove", "lib", "--force")
    assert removed.code == 0 and "a_lib" in removed.err
    assert "lib" not in _paths(paved, outside_workspace)
    assert git(root, "status", "--porcelain") == ""
    trusted = (root / "paved.toml").read_text()
    assert str(outside_templates["cookiecutter"]) in trusted
    assert str(outside_templates["copier"]) not in trusted


def test_trusting_a_path_again_keeps_its_edited_path_yaml(paved, workspace, outside_templates):
    source = outside_templates["copier"]
    assert paved("-w", workspace.root, "paths", "add", "lib", source).code == 0
    meta = workspace.root / "golden_paths" / "lib" / "path.yaml"
    meta.write_text(meta.read_text().replace("title: Lib", "title: Python library"))
    git(workspace.root, "commit", "-qam", "a better title")
    assert paved("-w", workspace.root, "paths", "add", "lib", source, "--trust").code == 0
    assert "title: Python library" in meta.read_text()
    assert _paths(paved, workspace)["lib"]["trusted"] is True
    moved = paved("-w", workspace.root, "paths", "add", "lib", source, "--ref", "v1.0.0")
    assert moved.code == 2 and "edit source.ref in golden_paths/lib/path.yaml" in moved.err
    assert git(workspace.root, "status", "--porcelain") == ""


def test_listing_questions_imports_nothing_of_an_untrusted_template(paved, workspace, tmp_path):
    """`paved paths --json` shows an untrusted template's defaults as declared; its
    Jinja extension (which leaves a marker when imported) runs only once trusted."""
    marker = tmp_path / "imported"
    source = tmp_path / "marked"
    (source / "{{cookiecutter.repo_name}}").mkdir(parents=True)
    (source / "{{cookiecutter.repo_name}}" / "README.md").write_text("{{ cookiecutter.title }}\n")
    (source / "marker_ext.py").write_text(
        "from pathlib import Path\nfrom jinja2.ext import Extension\n\n"
        f"Path({str(marker)!r}).write_text('imported')\n\n\nclass Marker(Extension):\n    pass\n"
    )
    (source / "cookiecutter.json").write_text(
        json.dumps(
            {
                "project_name": "Thing",
                "repo_name": "thing",
                "title": "{{ cookiecutter.project_name | upper }}",
                "_extensions": ["marker_ext.Marker"],
            }
        )
    )
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "first")
    git(source, "tag", "v1.0.0")
    assert paved("-w", workspace.root, "paths", "add", "marked", source).code == 0
    questions = {q["name"]: q for q in _paths(paved, workspace)["marked"]["questions"]}
    assert questions["title"]["default"] == "{{ cookiecutter.project_name | upper }}"
    assert questions["project_name"]["filled_by"] == "--name"  # listed, answered by --name
    assert not marker.exists()

    assert paved("-w", workspace.root, "paths", "add", "marked", source, "--trust").code == 0
    dest = tmp_path / "made"
    made = paved(
        "-w", workspace.root, "new", "marked", dest, "--name", "made", "--owner", "analytics",
        "--no-input",
    )  # fmt: skip
    assert made.code == 0, made
    assert marker.exists()  # the marker works: trusted, the extension is imported
    assert (dest / "README.md").read_text() == "MADE\n"


def test_a_source_that_is_no_template_is_refused_at_add(paved, workspace, tmp_path):
    """A repo whose cookiecutter.json only says it moved, and a copier.yml with no
    question whose folder holds nothing to render: one line each, nothing added."""
    deprecated = one_commit_repo(
        tmp_path / "cookiecutter-old",
        {
            "cookiecutter.json": '{"_deprecated": "This template moved to cookiecutter-new."}\n',
            "README.md": "# Moved\n",
        },
    )
    empty = one_commit_repo(tmp_path / "copier-empty", {"copier.yml": "_min_copier_version: '9'\n"})
    for name, source, said in (
        ("old", deprecated, "no {{cookiecutter.…}} folder to render (it says: This template "
         "moved to cookiecutter-new.)"),
        ("empty", empty, "is no copier template: its folder holds no file for copier to render"),
    ):  # fmt: skip
        before = git(workspace.root, "rev-parse", "HEAD")
        result = paved("-w", workspace.root, "paths", "add", name, source)
        assert result.code == 2, result
        assert said in result.err and len(result.err.strip().splitlines()) == 1, result
        assert git(workspace.root, "rev-parse", "HEAD") == before
        assert not (workspace.root / "golden_paths" / name).exists()
        assert not (workspace.root / ".paved" / "sources" / f"{name}.git").exists()
    subfolder = one_commit_repo(
        tmp_path / "copier-sub",
        {
            "copier.yml": "_subdirectory: template\nname:\n  type: str\n",
            "template/README.md.jinja": "# {{ name }}\n",
        },
    )
    assert paved("-w", workspace.root, "paths", "add", "sub", subfolder).code == 0

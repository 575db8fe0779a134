# ruff: noqa: E501 - template files are kept as their authors would write them
"""Real outside templates in temporary git repos, each with two tagged versions.

Both use a Jinja extension in a question default (`jinja2.ext.do`), so they need
trust; v2.0.0 changes a managed file, adds a question and a file, and removes a
file v1.0.0 had. The copier one owns NOTES.md (`_skip_if_exists`); the cookiecutter
one has a post-generation hook.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import git

COPIER_V1 = {
    "copier.yml": """\
        _jinja_extensions:
          - jinja2.ext.do
        _skip_if_exists:
          - NOTES.md
        project_name:
          type: str
          help: Package name
        project_description:
          type: str
          help: What it is for
          default: "{% set words = [project_name] %}{% do words.append('library') %}{{ words | join(' ') }}"
        python_version:
          type: str
          default: "3.11"
          choices: ["3.11", "3.12"]
        """,
    "{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml }}",
    "README.md.jinja": "# {{ project_name }}\n\n{{ project_description }}\n\nBuilt by the platform.\n",
    "NOTES.md.jinja": "Notes for {{ project_name }}.\n",
    "pyproject.toml.jinja": (
        '[project]\nname = "{{ project_name }}"\nrequires-python = ">={{ python_version }}"\n'
        'version = "0.1.0"\n'
    ),
    "setup.cfg": "[flake8]\nmax-line-length = 100\n",
}
COPIER_V2 = {
    "copier.yml": textwrap.dedent(COPIER_V1["copier.yml"])
    + "license:\n  type: str\n  default: MIT\n",
    "README.md.jinja": (
        "# {{ project_name }}\n\n{{ project_description }}\n\nBuilt by the platform, v2.\n"
    ),
    "NOTES.md.jinja": "Notes for {{ project_name }}, second edition.\n",
    "LICENSE.jinja": "{{ license }} license\n",
    "setup.cfg": None,
}

COOKIECUTTER_V1 = {
    "cookiecutter.json": """\
        {
          "project_name": "My Service",
          "repo_name": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
          "description": "{% set w = [cookiecutter.project_name] %}{% do w.append('service') %}{{ w | join(' ') }}",
          "use_docker": ["no", "yes"],
          "_extensions": ["jinja2.ext.do"]
        }
        """,
    "hooks/post_gen_project.py": """\
        from pathlib import Path

        Path("HOOKED.txt").write_text("made by the post-generation hook\\n")
        if "{{ cookiecutter.use_docker }}" == "no":
            Path("Dockerfile").unlink()
        """,
    "{{cookiecutter.repo_name}}/README.md": (
        "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.description }}\n\nv1 of the template.\n"
    ),
    "{{cookiecutter.repo_name}}/Dockerfile": "FROM python:3.11-slim\n",
    "{{cookiecutter.repo_name}}/old.txt": "dropped in v2\n",
    "{{cookiecutter.repo_name}}/src/app.py": (
        'NAME = "{{ cookiecutter.repo_name }}"\n\n\ndef main():\n    return NAME\n'
    ),
}
COOKIECUTTER_V2 = {
    "cookiecutter.json": COOKIECUTTER_V1["cookiecutter.json"].replace(
        '"use_docker"', '"license": "MIT",\n          "use_docker"'
    ),
    "{{cookiecutter.repo_name}}/README.md": (
        "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.description }}\n\nv2 of the template.\n"
    ),
    "{{cookiecutter.repo_name}}/CHANGELOG.md": "{{ cookiecutter.license }}: changes go here\n",
    "{{cookiecutter.repo_name}}/old.txt": None,
}


def _write(repo: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if name.endswith((".yml", ".json", ".py")) else text)


def paved_new(paved, workspace, path: str, dest: Path, name: str, *extra: str) -> dict:
    """`paved new` on a path, owned by analytics, with no questions asked: its JSON."""
    result = paved(
        "-w", workspace.root, "new", path, dest, "--name", name, "--owner", "analytics",
        "--no-input", "--json", *extra,
    )  # fmt: skip
    assert result.code == 0, result
    return json.loads(result.out)


def made_at_v1(paved, workspace, path: str, dest: Path, name: str) -> Path:
    """A project made by `paved new` on an outside path at its v1.0.0."""
    paved_new(paved, workspace, path, dest, name, "--version", "1.0.0")
    return dest


def owner_edits(repo: Path, edits: dict[str, str]) -> None:
    """Append to files of a project (made if missing) and commit, as its owner."""
    for name, text in edits.items():
        with open(repo / name, "a") as handle:
            handle.write(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "owner's edits")


def copier_updated(repo: Path, copy: Path) -> Path:
    """A copy of the project, updated to v2.0.0 by a real `copier update --defaults`."""
    shutil.copytree(repo, copy)
    done = subprocess.run(
        [Path(sys.executable).parent / "copier", "update", "--defaults", "--trust"]
        + ["--vcs-ref", "v2.0.0"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done
    return copy


def committed(repo: Path, ref: str) -> dict[str, bytes]:
    """Every file of a commit of the repo, by path (as `tree` reads a folder)."""
    names = git(repo, "ls-tree", "-r", "--name-only", ref).splitlines()
    show = ["git", "show"]
    return {name: subprocess.check_output([*show, f"{ref}:{name}"], cwd=repo) for name in names}


def in_folder(folder: str, files: dict[str, str | None], keep: tuple[str, ...] = ()) -> dict:
    """A template's files moved into a sub-folder of its repo (but those in `keep`)."""
    return {name if name in keep else f"{folder}/{name}": text for name, text in files.items()}


def build_template_repo(folder: Path, v1: dict, v2: dict) -> Path:
    """A git repo with the template at v1.0.0 and v2.0.0 (HEAD)."""
    folder.mkdir(parents=True)
    git(folder, "init", "-q")
    for version, files in (("v1.0.0", v1), ("v2.0.0", v2)):
        _write(folder, files)
        git(folder, "add", "-A")
        git(folder, "commit", "-qm", f"template {version}")
        git(folder, "tag", version)
    return folder


# A copier template with code that only copier runs: tasks at every version (each
# writes TASKED.txt, and appends a line to the log it is built with) and, at v2.0.0, a
# migration that renames a file its owners keep (owner.txt) and logs that it ran.
def copier_tasks_template(log: Path) -> tuple[dict, dict]:
    """v1.0.0 and v2.0.0 of the template, logging to `log`."""
    v1 = {
        "copier.yml": f"""\
            _tasks:
              - >-
                echo "v1 task for {{{{ project_name }}}}" > TASKED.txt
              - >-
                echo "task v1 {{{{ _copier_operation }}}} {{{{ project_name }}}}" >> {log}
            project_name:
              type: str
              help: Package name
            """,
        "{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml }}",
        "README.md.jinja": "# {{ project_name }}\n\nFirst line.\n\nBuilt by the platform.\n",
        "Makefile": "test:\n\tpytest\n",
    }
    v2 = {
        "copier.yml": textwrap.dedent(v1["copier.yml"]).replace("v1", "v2")
        + textwrap.dedent(f"""\
            _migrations:
              - version: v2.0.0
                command: >-
                  test ! -f owner.txt || mv owner.txt renamed.txt
              - version: v2.0.0
                command: >-
                  echo "migration v2 {{{{ project_name }}}}" >> {log}
            """),
        "README.md.jinja": "# {{ project_name }}\n\nFirst line.\n\nBuilt by the platform, v2.\n",
        "Makefile": "test:\n\tpytest -q\n",
    }
    return v1, v2

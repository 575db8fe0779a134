# ruff: noqa: E501 - template files are kept as their authors would write them
"""An organisation as paved finds it: its own templates and repos made from them by
the tools themselves (plain `copier copy`, `cruft create`), in temporary git repos.

- the copier template keeps its answers in a file of its own
  (`_answers_file: .copier-answers.orglib.yml`) and asks a question with no default;
- the cookiecutter template's hooks print, as many do;
- a copier template whose task prints;
- repos with a Backstage `catalog-info.yaml` (owner, APIs, `dependsOn`, links) or a
  CODEOWNERS naming their team.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import git
from tests.outside_templates import build_template_repo

BIN = Path(sys.executable).parent
ORG_ANSWERS = ".copier-answers.orglib.yml"

ORG_COPIER_V1 = {
    "copier.yml": """\
        _answers_file: .copier-answers.orglib.yml
        project_name:
          type: str
          help: Library name
        project_description:
          type: str
          help: What it is for
          default: An organisation library
        team_channel:
          type: str
          help: "Chat channel of the owning team (no default: every team has its own)"
        """,
    "{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml }}",
    "README.md.jinja": "# {{ project_name }}\n\n{{ project_description }}\n\nAsk in {{ team_channel }}.\n",
    "pyproject.toml.jinja": '[project]\nname = "{{ project_name }}"\ndescription = "{{ project_description }}"\nversion = "0.1.0"\n',
    "Makefile": "test:\n\tpytest\n",
}
ORG_COPIER_V2 = {
    "README.md.jinja": "# {{ project_name }}\n\n{{ project_description }}\n\nAsk in {{ team_channel }}, v2.\n",
    "Makefile": "test:\n\tpytest -q\n",
    "CONTRIBUTING.md.jinja": "Talk to {{ team_channel }} first.\n",
}

ORG_COOKIECUTTER_V1 = {
    "cookiecutter.json": """\
        {
          "project_name": "My Service",
          "repo_name": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
          "project_short_description": "A service of the organisation",
          "use_docker": ["no", "yes"]
        }
        """,
    "hooks/pre_gen_project.py": """\
        print("pre-gen hook: making {{ cookiecutter.repo_name }}")
        """,
    "hooks/post_gen_project.py": """\
        from pathlib import Path

        print("post-gen hook: all done, enjoy {{ cookiecutter.repo_name }}!")
        if "{{ cookiecutter.use_docker }}" == "no":
            Path("Dockerfile").unlink()
        """,
    "{{cookiecutter.repo_name}}/README.md": "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.project_short_description }}\n\nv1.\n",
    "{{cookiecutter.repo_name}}/Dockerfile": "FROM python:3.11-slim\n",
    "{{cookiecutter.repo_name}}/src/app.py": 'NAME = "{{ cookiecutter.repo_name }}"\n',
}
ORG_COOKIECUTTER_V2 = {
    "{{cookiecutter.repo_name}}/README.md": "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.project_short_description }}\n\nv2.\n",
    "{{cookiecutter.repo_name}}/CHANGELOG.md": "Changes of {{ cookiecutter.repo_name }}.\n",
}

PRINTING_COPIER_V1 = {
    "copier.yml": """\
        _tasks:
          - 'echo "task: {{ project_name }} is ready"'
        project_name:
          type: str
        """,
    "{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml }}",
    "README.md.jinja": "# {{ project_name }}\n",
}
PRINTING_COPIER_V2 = {"README.md.jinja": "# {{ project_name }}\n\nSecond edition.\n"}


def build_org_templates(folder: Path) -> dict[str, Path]:
    """The organisation's templates, each a git repo tagged v1.0.0 and v2.0.0."""
    return {
        "copier": build_template_repo(folder / "copier-orglib", ORG_COPIER_V1, ORG_COPIER_V2),
        "cookiecutter": build_template_repo(
            folder / "cookiecutter-orgsvc", ORG_COOKIECUTTER_V1, ORG_COOKIECUTTER_V2
        ),
        "printing": build_template_repo(
            folder / "copier-printing", PRINTING_COPIER_V1, PRINTING_COPIER_V2
        ),
    }


def commit_all(repo: Path, message: str = "first") -> Path:
    """Make `repo` a git repo (if it is not one) and commit everything in it."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return repo


def copier_copied(template: str | Path, dest: Path, version: str = "v1.0.0", **data: str) -> Path:
    """A repo made by plain `copier copy` (committed), as a team made it long ago."""
    args = [BIN / "copier", "copy", "--defaults", "--trust", "--vcs-ref", version]
    for key, value in data.items():
        args += ["-d", f"{key}={value}"]
    done = subprocess.run([*args, str(template), dest], capture_output=True, text=True)
    assert done.returncode == 0, done
    return commit_all(dest)


def cruft_created(template: str | Path, folder: Path, version: str = "v1.0.0", **data: str) -> Path:
    """A repo made by `cruft create` (committed); its folder is its repo_name."""
    import cruft

    folder.mkdir(parents=True, exist_ok=True)
    project = cruft.create(
        str(template), output_dir=folder, checkout=version, extra_context=data, no_input=True
    )
    return commit_all(project)


def copier_updated(repo: Path, copy: Path, answers_file: str, version: str = "v2.0.0") -> Path:
    """A copy of the project, updated by a real `copier update` with its answers file."""
    shutil.copytree(repo, copy)
    done = subprocess.run(
        [BIN / "copier", "update", "--defaults", "--trust", "--vcs-ref", version]
        + ["--answers-file", answers_file],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done
    return copy


def cruft_updated(repo: Path, copy: Path, version: str = "v2.0.0") -> Path:
    """A copy of the project, updated by a real `cruft update`."""
    import cruft

    shutil.copytree(repo, copy)
    assert cruft.update(copy, checkout=version, skip_apply_ask=True)
    return copy


def backstage_info(name: str, owner: str, **spec: object) -> str:
    """A repo's own catalog-info.yaml as a Backstage user writes it: a Component with
    links, and the API it provides."""
    lines = [
        "# Ours since 2021: Backstage reads this file.",
        "apiVersion: backstage.io/v1alpha1",
        "kind: Component",
        "metadata:",
        f"  name: {name}",
        f"  description: The {name} service",
        "  links:",
        f"    - url: https://dashboards.example.com/{name}",
        "      title: Dashboard",
        "spec:",
        "  type: service",
        "  lifecycle: production",
        f"  owner: {owner}",
    ]
    for key, values in spec.items():
        lines.append(f"  {key}:")
        lines += [f"    - {value}" for value in values]  # type: ignore[attr-defined]
    api = textwrap.dedent(f"""\
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: {name}-api
          description: The {name} HTTP API
        spec:
          type: openapi
          lifecycle: production
          owner: {owner}
          definition: "openapi: 3.0.0"
        """)
    return "\n".join(lines) + "\n" + api

"""Golden paths: the supported ways to build a kind of project, as the workspace says.

- `models`: path.yaml as pydantic models (the path, its questions, its checks, its
  managed and owned files, an outside path's source);
- `files`: the workspace's YAML read as copier reads it (path.yaml, questions.yml, the
  root copier.yml's settings);
- `loading`: every path of a workspace loaded, and checked by `isolation`;
- `isolation`: each workspace path is its own template inside one copier template:
  no setting of one reaches another, and the workspace's template runs no code;
- `answers`: answers to a path's questions: defaults, casting, validation;
- `checks`: a path's checks (lint, tests) run in a repo's own virtual environment.
"""

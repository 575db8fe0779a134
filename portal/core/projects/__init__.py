"""Projects: repos made from golden paths, or brought in as they are.

- `new`: `paved new`: checked, rendered, committed and recorded in the catalog, or
  nothing written at all;
- `new_from_source`: a project rendered by an outside template's own tool;
- `preview`: the files a new project would get, from a real render, for the wizard;
- `adopt`: an existing repo into the catalog, linked to a golden path at a version.
"""

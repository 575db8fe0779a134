"""paved's headless core: everything paved does, for the CLI and the TUI to show.

It never imports the UI (textual, typer, rich), never prints and never prompts: it takes
inputs, returns result models and raises the typed errors of `errors`. Its packages, from
the bottom up (each imports only from those below it; pyproject.toml's import-linter
contract enforces the order, and tests/test_headless.py checks it):

- `errors` (the error tree and the exit codes), `reporting` (the progress protocol),
  `filenames` (every file name paved knows), `embedded` (where paved's own workspace
  is), `naming` (naming rules), `owned_yaml` (YAML that people edit, rewritten with
  comments kept), `file_modes` (what paved writes gets the modes the user's umask
  gives): the ground floor, used everywhere;
- `git`: git's commands, its objects, and scratch folders for short-lived files;
- `contracts`: ODCS data contracts, their changes classified, the columns SQL reads;
- `catalog`: the entity files of teams, projects and datasets, and the index over them;
- `golden_paths`: what a golden path is (path.yaml, questions), loaded and checked;
- `workspace`: the platform workspace: found, configured (paved.toml), versioned,
  created, released, and the runtime's pin;
- `sources`: templates from their own repos: mirrors, trust, questions, copier's
  internals, cookiecutter's renders, and `paths add` that registers them;
- `projects` (new, preview, adopt), `update` (one project, or a rollout over the fleet),
  `contract_gate` (a contract change against the catalog's consumers): what paved does
  with all of the above, side by side, none importing another;
- `demo`: the demo workspace, built from all of it when no workspace is found.

Each package's `__init__` maps its modules; import the module you need: no package
imports its modules eagerly, so a command pays only for what it uses.
"""

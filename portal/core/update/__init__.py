"""Template updates: one project in place, or a rollout across the fleet.

- `render`: copier's renderer, fed from one checkout per template version.
- `merge`: the three-way merge, file by file, as `copier update` does it.
- `cruft_update`, `copier_run`: outside templates' updates: cruft's two renders, and
  copier's own `copier update` (in a scratch clone, its own process) for templates
  with tasks or migrations.
- `project`: one project's update, computed from its git objects, then committed to an
  update branch; `in_place`: written into the work tree instead (`paved update DIR`).
- `targets`: what one project is updated from and to (its template, its versions).
- `selection`: what a rollout is asked and which projects it covers (shards);
  `repo_update`: one repo of a rollout (branch, checks, push, what happened);
  `rollout`: the fleet, in waves when asked (`waves`: their sizes, the first covering
  every changed golden path, the gates between them); `resume`: a rollout resumed,
  options applied to what is left or refused; `journal`: its results and events.
- `describe`: the pull request description of each branch a rollout makes, with the
  changelog entries between its versions; `rows`: how results, waves and edits read,
  for the CLI and the TUI alike.
- `status`: the drift report; `forecast`: the same, against a release rehearsed before
  it is tagged (`paved release --dry-run`); `owner_edits`: what owners keep editing in
  the files the platform manages (`paved status --edits`).
- `workers`: worker processes, each with its own engine on the caller's workspace.
- `repo_lock`: paved's lock on a repo, and what a killed paved left there recovered.
- `branch_checks`, `check_folders`: the golden path's checks run on an update branch, in
  scratch folders of their own, and the memory of a branch whose checks failed.

The engine (renderer, merger) is handed the workspace its caller loaded: nothing here
finds or loads a workspace.
"""

"""Template updates: one project in place, or a rollout across the fleet.

- `render`: copier's renderer, fed from one checkout per template version.
- `merge`: the three-way merge, file by file, as `copier update` does it.
- `cruft_update`, `copier_run`: outside templates' updates: cruft's two renders, and
  copier's own `copier update` (in a scratch clone, its own process) for templates
  with tasks or migrations.
- `project`: one project's update, computed from its git objects, then applied in
  place or committed to an update branch.
- `targets`: what one project is updated from and to (its template, its versions).
- `rollout`, `journal`, `status`: the fleet: selection, shards, a journal per rollout,
  and the drift report.
- `workers`: worker processes, each with its own engine on the caller's workspace.
- `repo_lock`: paved's lock on a repo, and what a killed paved left there recovered.
- `branch_checks`, `check_folders`: the golden path's checks run on an update branch, in
  scratch folders of their own, and the memory of a branch whose checks failed.

The engine (renderer, merger) is handed the workspace its caller loaded: nothing here
finds or loads a workspace.
"""

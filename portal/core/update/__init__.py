"""Template updates: one project in place, or a rollout across the fleet.

- `render`: copier's renderer, fed from one checkout per template version.
- `merge`: the three-way merge, file by file, as `copier update` does it.
- `cruft_update`, `copier_run`: outside templates' updates: cruft's two renders, and
  copier's own `copier update` (in a scratch clone, its own process) for templates
  with tasks or migrations.
- `project`: one project's update, computed from its git objects, then applied in
  place or committed to an update branch.
- `rollout`, `journal`, `status`: the fleet: selection, shards, parallel workers,
  a journal per rollout, and the drift report.
"""

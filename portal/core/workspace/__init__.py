"""The platform workspace: the git repo the platform team owns, whose root is a copier
template (`paved.toml`, `copier.yml`, `golden_paths/`, `templates/`, `catalog/`).

- `locate`: where the workspace is (flag, $PAVED_WORKSPACE, a folder above, the demo's
  folder), with the standard library alone;
- `config`: paved.toml, read in one place (`[workspace]`, `[trust]`, `[runtime]`) and
  rewritten with its comments kept;
- `model`: `Workspace`: its folders, its golden paths (loaded and checked once), its
  template versions; `find_workspace`;
- `versions`: template versions, the workspace's PEP 440 tags;
- `runtime`: the runtime distribution: its versions, its tags, and the pin repos carry;
- `create` (`paved init`, with the rollout workflows `rollout_workflow.yml` and
  `rollout_wave_workflow.yml`) and `release` (`paved release`, and its rehearsal for
  `--dry-run`); `changelog`: the template's and the runtime's changelogs, which a
  release names versions in and pull requests quote;
- `ci_actions`: the actions generated CI uses, at their current majors (and the
  previous ones, where the demo's history starts);
- `overview`: the workspace in one line of counts, for the TUI's home screen.
"""

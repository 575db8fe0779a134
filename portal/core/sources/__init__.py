"""Template sources: golden paths whose template lives in its own repo, copier or
cookiecutter, used unmodified.

- `mirror`: the workspace's mirror of a source (`.paved/sources/`), its versions and
  checkouts;
- `trust`: the code a template would run, refused unless paved.toml trusts its source;
- `template_config`: a template's configuration read without running anything of it;
- `template`: one version of a source's template, checked out, with its engine;
- `questions`: a golden path's questions, whichever template holds it, in paved's words;
- `copier_internals`: every private part of copier paved uses, in one place, with why;
- `cookiecutter_render`: cookiecutter's renders, and the `.cruft.json` cruft records;
- `registry`: `paved paths add/remove/list`.
"""

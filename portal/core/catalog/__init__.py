"""The catalog: Backstage entity files of teams, projects and the datasets they publish.

- `entities`: the entity models paved writes;
- `entity_files`: reading entity files (YAML), for the index and the models;
- `store`: reading and writing entity files;
- `changes`: a command's changes to the files, committed to the workspace or undone;
- `index`: the SQLite index every query goes through, kept fresh by `freshness`;
- `downstream`: the consumer graph, compact, for walks downstream of a dataset;
- `queries`: what the catalog answers (owners, consumers, impact...);
- `edits`: teams, and who consumes what;
- `registration`: recording a generated project, and refreshing from the repos.

Import the submodule you need: this package imports nothing eagerly, so a lookup
does not pay for the models it does not use.
"""

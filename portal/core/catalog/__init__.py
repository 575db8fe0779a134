"""The catalog: Backstage entity files of teams, projects and the datasets they publish.

- `entities`: the entity models paved writes;
- `store`: reading and writing entity files;
- `index`: the SQLite index every query goes through;
- `queries`: what the catalog answers (owners, consumers, impact...);
- `registration`: recording a generated project.

Import the submodule you need: this package imports nothing eagerly, so a lookup
does not pay for the models it does not use.
"""

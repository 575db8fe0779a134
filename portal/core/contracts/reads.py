"""The columns of each input an ETL job's SQL reads, found with sqlglot (DuckDB dialect).

A job's SQL files define views (staging: `create view stg_orders as select ... from
orders`) and end in queries that build its outputs. A column of an input counts as read
when the SQL names it (anywhere: a view that names a column the input no longer has
fails, used or not), or when a `select *` carries it to a query that uses it (through
the views, inlined: sqlglot prunes what nothing downstream uses). A `*` over an input
whose columns are not known reads "*": every column.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from ..errors import MalformedFileError

EVERY_COLUMN = "*"


def job_sql_files(repo: Path) -> list[Path]:
    """The SQL files of a job, staging first (the views the others read)."""
    files = sorted((repo / "sql").rglob("*.sql")) if (repo / "sql").is_dir() else []
    return sorted(files, key=lambda path: (not path.stem.startswith("staging"), str(path)))


def columns_read(
    files: Iterable[Path], inputs: dict[str, list[str] | None]
) -> dict[str, list[str]]:
    """For each input (name -> its contract's columns, or None when not known), the
    columns the SQL in `files` reads, in the contract's order (unknown ones last)."""
    from sqlglot import exp
    from sqlglot.errors import OptimizeError
    from sqlglot.optimizer.pushdown_projections import pushdown_projections
    from sqlglot.optimizer.qualify import qualify

    wanted = {name.lower(): name for name in inputs}
    schema = {
        name.lower(): {column.lower(): "unknown" for column in columns}
        for name, columns in inputs.items()
        if columns
    }
    views: dict[str, exp.Expression] = {}
    finals: list[exp.Expression] = []
    read: dict[str, set[str]] = {name: set() for name in inputs}
    for path in files:
        for statement in _statements(path):
            query = statement.expression if isinstance(statement, exp.Create) else statement
            if not isinstance(query, exp.Query):
                continue
            named = _qualified(qualify, query, schema, expand_stars=False)
            _collect(named, wanted, read, schema)
            if isinstance(statement, exp.Create) and statement.kind in ("VIEW", "TABLE"):
                name = (
                    statement.this.this
                    if isinstance(statement.this, exp.Schema)
                    else statement.this
                )
                view = name.name.lower()
                views[view] = query
                expanded = _qualified(qualify, query, schema, expand_stars=True)
                schema[view] = {column.lower(): "unknown" for column in expanded.named_selects}
            else:
                finals.append(query)
    used = set()  # the views a query or another view reads
    for query in [*finals, *views.values()]:
        used |= {table.name.lower() for table in query.find_all(exp.Table)}
    finals += [query for name, query in views.items() if name not in used]
    for query in finals:
        inlined = query.copy()
        own = inlined.args.get("with_")
        inlined.set("with_", None)
        # Every view, in order (those it reads, and theirs), before its own CTEs.
        for name, view in views.items():
            inlined = inlined.with_(name, as_=view.copy(), append=True)
        for cte in own.expressions if own else []:
            inlined = inlined.with_(cte.alias, as_=cte.this, append=True)
        inlined = _qualified(qualify, inlined, schema, expand_stars=True)
        # A `*` over a table of unknown columns: nothing is pruned.
        with suppress(OptimizeError):
            inlined = pushdown_projections(inlined)
        _collect(inlined, wanted, read, schema)
    return {name: _ordered(read[name], inputs[name]) for name in inputs}


def _statements(path: Path) -> list:
    import sqlglot
    from sqlglot.errors import ParseError

    try:
        return [s for s in sqlglot.parse(path.read_text("utf-8"), read="duckdb") if s]
    except ParseError as error:
        first = error.errors[0] if error.errors else {}
        line = f" line {first['line']}:" if first.get("line") else ""
        raise MalformedFileError(
            f"{path}:{line} SQL paved cannot parse: {first.get('description', error)}",
            "fix the SQL (DuckDB dialect)",
        ) from None
    except OSError as error:
        raise MalformedFileError(f"{path}: cannot be read: {error}", "check the file") from None


def _qualified(qualify, query, schema, *, expand_stars: bool):
    """`query` with its columns qualified by their tables where sqlglot can tell; where
    it cannot (a column of an unknown table shared with an alias), left unqualified."""
    from sqlglot.errors import OptimizeError

    options = {"schema": schema, "dialect": "duckdb", "identify": False}
    try:
        return qualify(
            query.copy(), expand_stars=expand_stars, validate_qualify_columns=False, **options
        )
    except OptimizeError:
        return qualify(query.copy(), qualify_columns=False, **options)


def _collect(query, wanted: dict[str, str], read: dict[str, set[str]], known: dict) -> None:
    """Add the input columns `query` names to `read`; a `*` over an input whose columns
    are not `known` reads every column."""
    from sqlglot import exp
    from sqlglot.optimizer.scope import traverse_scope

    for scope in traverse_scope(query):
        only = list(scope.selected_sources) if len(scope.selected_sources) == 1 else [None]
        for column in scope.columns:
            source = _origin(scope.sources.get(column.table or only[0]), column.name)
            if isinstance(source, exp.Table) and source.name.lower() in wanted:
                read[wanted[source.name.lower()]].add(column.name.lower())
        if not isinstance(scope.expression, exp.Select) or not scope.expression.is_star:
            continue
        for _, source in scope.selected_sources.values():
            name = source.name.lower() if isinstance(source, exp.Table) else None
            if name in wanted and name not in known:
                read[wanted[name]].add(EVERY_COLUMN)


def _origin(source, name: str):
    """Where a column `name` read from `source` comes from: `source` itself, or, when
    `source` is a view (a CTE) that does not have the column (its input's contract
    lacks it), the view's only input, followed down: the SQL reads a column the input
    does not have, and that input is what a contract change would have to give back."""
    from sqlglot import exp

    while source is not None and not isinstance(source, exp.Table):
        selects = {select.lower() for select in source.expression.named_selects}
        if name.lower() in selects or len(source.selected_sources) != 1:
            return source
        source = next(iter(source.selected_sources.values()))[1]
    return source


def _ordered(found: set[str], columns: list[str] | None) -> list[str]:
    if EVERY_COLUMN in found and not columns:
        return [EVERY_COLUMN]
    known = columns or []
    lowered = {column.lower(): column for column in known}
    if EVERY_COLUMN in found:
        return list(known)
    return [column for column in known if column.lower() in found] + sorted(
        column for column in found if column not in lowered
    )

"""Searching the catalog as someone types: a filter, a page of matches and their count.

A filter is free words plus `key:value` tokens, all of which must match:

    orders owner:analytics kind:dataset path:etl-job

- a free word matches part of an entity's name, owner, golden path or type;
- `owner:` and `path:` (or `golden-path:`) match the start of the owner and golden
  path; a dataset's golden path is that of the project producing it;
- `kind:` is `project`, `dataset`, `api` or `team` (a prefix is enough: `kind:data`).

Without `kind:`, projects and APIs (datasets among them) match; teams only when asked.
The answer is one page (`limit` rows, by name) and the number of all matches, so a
browser never loads 100,000 rows to show 200 of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import BadInputError
from . import queries
from .index import CatalogIndex

SEARCH_KINDS = ("project", "dataset", "api", "team")
_ENTITY_KINDS = {"project": "Component", "dataset": "API", "api": "API", "team": "Group"}
_KEYS = {"owner": "owner", "kind": "kind", "path": "golden_path", "golden-path": "golden_path"}
_LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class SearchFilter:
    words: tuple[str, ...] = ()
    owner: str | None = None
    kind: str | None = None
    golden_path: str | None = None


@dataclass(frozen=True)
class SearchRow:
    name: str
    kind: str  # project, dataset, api or team
    owner: str | None
    golden_path: str | None
    template_version: str | None


@dataclass
class SearchPage:
    filter: SearchFilter
    rows: list[SearchRow] = field(default_factory=list)
    total: int = 0


def parse_filter(text: str) -> SearchFilter:
    """`orders owner:analytics kind:dataset` -> a SearchFilter.

    A token with an empty value (`owner:` while it is being typed) is left out; a
    `key:value` with an unknown key is a free word.
    """
    words: list[str] = []
    values: dict[str, str] = {}
    for token in text.split():
        key, colon, value = token.partition(":")
        attribute = _KEYS.get(key.lower()) if colon else None
        if attribute is None:
            words.append(token)
        elif value:
            values[attribute] = value
    kind = values.get("kind")
    if kind is not None:
        kind = _kind(kind)
    return SearchFilter(
        words=tuple(words),
        owner=values.get("owner"),
        kind=kind,
        golden_path=values.get("golden_path"),
    )


def search(index: CatalogIndex, query: SearchFilter | str, limit: int = 200) -> SearchPage:
    """The first `limit` entities matching `query`, by name, and how many match in all."""
    wanted = parse_filter(query) if isinstance(query, str) else query
    where, params = _where(wanted)
    columns = "name, kind, type, owner, golden_path, template_version"
    if wanted.words or wanted.owner or wanted.golden_path:
        # A scan with a top-`limit` sort, counting as it goes: one pass, steady
        # whether few or most rows match (walking the name index is not).
        rows = index.db.execute(
            f"SELECT {columns}, COUNT(*) OVER () FROM entities NOT INDEXED "
            f"WHERE {where} ORDER BY name, kind LIMIT ?",
            (*params, limit),
        ).fetchall()
        total = rows[0][6] if rows else 0
    else:
        # Most rows match: the name index yields the first page at once.
        rows = index.db.execute(
            f"SELECT {columns} FROM entities WHERE {where} ORDER BY name, kind LIMIT ?",
            (*params, limit),
        ).fetchall()
        total = index.db.execute(f"SELECT COUNT(*) FROM entities WHERE {where}", params)
        total = total.fetchone()[0]
    return SearchPage(filter=wanted, rows=[_row(row) for row in rows], total=total)


def entity(
    index: CatalogIndex, name: str, kind: str
) -> queries.ProjectRecord | queries.DatasetRecord | queries.TeamRecord:
    """One row of a search answered in full: the project, dataset or team `name`.

    Unlike `queries.show`, the kind is given, so a dataset named like the project
    that produces it (the dataset producer's default) is found too.
    """
    if kind not in _ENTITY_KINDS:
        raise BadInputError(f"unknown kind {kind!r}", f"use one of {', '.join(SEARCH_KINDS)}")
    row = index.entity(name, (_ENTITY_KINDS[kind],))
    if row is None:
        raise queries.unknown(index, name, kind)
    if row["kind"] == "Component":
        return queries.project_record(index, row)
    if row["kind"] == "API":
        return queries.dataset_record(index, row)
    return queries.team_record(index, row)


def _kind(value: str) -> str:
    matches = [kind for kind in SEARCH_KINDS if kind.startswith(value.lower())]
    if not matches:
        raise BadInputError(f"unknown kind {value!r}", f"use one of {', '.join(SEARCH_KINDS)}")
    return matches[0]


def _where(wanted: SearchFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if wanted.kind is None:
        clauses.append("kind IN ('Component', 'API')")
    elif wanted.kind == "project":
        clauses.append("kind = 'Component'")
    elif wanted.kind == "dataset":
        clauses.append("kind = 'API' AND type = 'dataset'")
    elif wanted.kind == "api":
        clauses.append("kind = 'API'")
    else:
        clauses.append("kind = 'Group'")
    for word in wanted.words:
        pattern = f"%{_escape(word)}%"
        clauses.append(
            "(name LIKE ? ESCAPE '\\' OR owner LIKE ? ESCAPE '\\' "
            "OR golden_path LIKE ? ESCAPE '\\' OR type LIKE ? ESCAPE '\\')"
        )
        params.extend([pattern] * 4)
    if wanted.owner is not None:
        clauses.append("owner LIKE ? ESCAPE '\\'")
        params.append(f"{_escape(wanted.owner)}%")
    if wanted.golden_path is not None:
        # A project's own golden path; a dataset's is its producer's.
        clauses.append(
            "(golden_path LIKE ? ESCAPE '\\' OR (kind = 'API' AND name IN ("
            "SELECT target FROM relations WHERE type = 'providesApi' AND source IN ("
            "SELECT name FROM entities WHERE kind = 'Component' "
            "AND golden_path LIKE ? ESCAPE '\\'))))"
        )
        params.extend([f"{_escape(wanted.golden_path)}%"] * 2)
    return " AND ".join(clauses), params


def _escape(text: str) -> str:
    return (
        text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
        .replace("%", _LIKE_ESCAPE + "%")
        .replace("_", _LIKE_ESCAPE + "_")
    )


def _row(row: Any) -> SearchRow:
    kind = {"Component": "project", "Group": "team"}.get(row[1])
    if kind is None:
        kind = "dataset" if row[2] == "dataset" else "api"
    return SearchRow(
        name=row[0], kind=kind, owner=row[3], golden_path=row[4], template_version=row[5]
    )

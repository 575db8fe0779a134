"""The naming rules of paved, and suggestions for names that are almost right."""

from __future__ import annotations

import difflib
import keyword
import re
import sys

from .errors import InvalidNameError

PROJECT_NAME = re.compile(r"[a-z][a-z0-9_]{1,48}[a-z0-9]")  # whole names: fullmatch
TEAM_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,61}[a-z0-9]")
# Backstage's entity names: what a repo's own catalog-info.yaml may already call it.
ENTITY_NAME = re.compile(r"(?=.{1,63}$)[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")
# DuckDB's reserved words (`duckdb_keywords()`, category "reserved"; a test keeps them
# in step): a dataset is a table that consumers' SQL names, unquoted.
SQL_RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric both case cast check collate
    column constraint create default deferrable desc describe distinct do else end except
    false fetch for foreign from group having in initially intersect into lambda lateral
    leading limit not null offset on only or order pivot pivot_longer pivot_wider placing
    primary qualify references returning select show some summarize symmetric table then
    to trailing true union unique unpivot using variadic when where window with""".split()  # noqa: SIM905
)
_RESERVED = set(sys.stdlib_module_names) | {"test", "tests", "src", "setup", "site"}


def validate_project_name(name: str) -> str:
    """A project name works as a Python package, a dataset name and a repo name."""
    if not PROJECT_NAME.fullmatch(name):
        raise InvalidNameError(
            f"invalid project name {name!r}",
            "use 3 to 50 lowercase letters, digits and underscores, starting with a letter "
            "and not ending with an underscore, e.g. orders_daily",
        )
    if keyword.iskeyword(name) or name in _RESERVED:
        raise InvalidNameError(
            f"invalid project name {name!r}: it shadows a Python keyword or standard module",
            f"choose a more specific name, e.g. {name}_data",
        )
    return name


def validate_adopted_name(name: str) -> str:
    """An adopted repo keeps the name it has (its catalog-info.yaml's, or its folder's)
    when Backstage would take it: letters, digits and single `-`, `_` or `.` between."""
    if not ENTITY_NAME.fullmatch(name):
        raise InvalidNameError(
            f"invalid project name {name!r}",
            "use up to 63 letters and digits, with single - _ or . between them "
            "(Backstage's entity names), e.g. orders-api; give it with --name",
        )
    return name


def refuse_sql_keyword(name: str, question: str) -> str:
    """A dataset's name is a table name in SQL: never one of its reserved words."""
    if name.lower() in SQL_RESERVED:
        raise InvalidNameError(
            f"the dataset name {name!r} is a reserved word of SQL (DuckDB's)",
            f"choose another with -d {question}=NAME, e.g. {name}_data",
        )
    return name


def validate_team_name(name: str) -> str:
    if not TEAM_NAME.fullmatch(name):
        raise InvalidNameError(
            f"invalid team name {name!r}",
            "use lowercase letters, digits and dashes, e.g. data-platform",
        )
    return name


def closest(name: str, candidates: list[str] | set[str], limit: int = 3) -> list[str]:
    """The names in `candidates` closest to `name`, best first."""
    return difflib.get_close_matches(name, list(candidates), n=limit, cutoff=0.5)

"""The Python transform hook: for what SQL cannot say, in a file the owner owns.

When a project has `transform.py` at its root with a function `transform(con)`, the
runtime calls it after `sql/staging.sql` and before the output's SQL, with the job's
DuckDB connection: it may read the staging views and create tables or views that the
output's SQL then reads. The hook is the owner's code, imported from the project only.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

from .errors import JobError

HOOK_FILE = "transform.py"
HOOK_FUNCTION = "transform"


def run_hook(con: duckdb.DuckDBPyConnection, root: Path) -> bool:
    """Call the project's transform hook, if it has one; return whether it ran."""
    path = root / HOOK_FILE
    if not path.is_file():
        return False
    spec = importlib.util.spec_from_file_location("_paved_transform_hook", path)
    if spec is None or spec.loader is None:
        raise JobError(f"{HOOK_FILE}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = getattr(module, HOOK_FUNCTION, None)
    if not callable(function):
        raise JobError(f"{HOOK_FILE}: define `def {HOOK_FUNCTION}(con):`, the function called")
    try:
        function(con)
    except duckdb.Error as error:
        raise JobError(f"{HOOK_FILE}: {str(error).splitlines()[0]}") from error
    return True

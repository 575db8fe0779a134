"""The API contract: contracts/openapi.json, a snapshot of the OpenAPI document served.

Managed by the platform (paved): a template update may change this file.

Consumers of the service rely on the snapshot; the tests and CI fail when the served
API drifts from it. When the change is intended, regenerate and commit it:
`python -m <package> openapi --write`.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from .app import PACKAGE, create_app

SNAPSHOT = Path("contracts") / "openapi.json"
REGENERATE = f"python -m {PACKAGE} openapi --write"


def document() -> dict[str, Any]:
    """The OpenAPI document the service serves at /openapi.json."""
    return create_app().openapi()


def render(doc: dict[str, Any] | None = None) -> str:
    """The snapshot text of a document (default: the served one): two-space indented
    JSON, keys in the order the app serves them."""
    return json.dumps(document() if doc is None else doc, indent=2, ensure_ascii=False) + "\n"


def write(root: Path) -> Path:
    """Write the served document to root/contracts/openapi.json."""
    path = root / SNAPSHOT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path


def drift(root: Path) -> list[str]:
    """How the served API differs from the snapshot, as a unified diff (empty: no drift).

    The comparison is exact, text for text: the snapshot is generated, never hand-edited.
    """
    path = root / SNAPSHOT
    served = render()
    try:
        snapshot = path.read_text("utf-8")
    except FileNotFoundError:
        return [f"{SNAPSHOT} is missing"]
    if snapshot == served:
        return []
    return list(
        difflib.unified_diff(
            snapshot.splitlines(),
            served.splitlines(),
            fromfile=f"{SNAPSHOT} (snapshot)",
            tofile="served by the app",
            lineterm="",
        )
    )


def drift_message(diff: list[str]) -> str:
    """What to tell someone whose API drifted from its snapshot."""
    return "\n".join(
        [
            f"The API this service serves no longer matches {SNAPSHOT}.",
            "Consumers rely on that contract. If the change is intended, regenerate it with",
            f"    {REGENERATE}",
            "then review the diff and commit it. The difference:",
            *diff,
        ]
    )

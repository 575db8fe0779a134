"""A service's API contract: contracts/openapi.json, a snapshot of the document served.

Consumers of the service rely on the snapshot; the tests and CI fail when the served
API drifts from it. When the change is intended, the owner regenerates and commits it
(`python -m <package> openapi --write`). The runtime never imports the web framework:
the service hands it a function that returns its OpenAPI document.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SNAPSHOT = Path("contracts") / "openapi.json"


@dataclass(frozen=True)
class Snapshot:
    """The OpenAPI snapshot of one service."""

    document: Callable[[], dict[str, Any]]
    package: str
    path: Path = SNAPSHOT

    @property
    def regenerate(self) -> str:
        return f"python -m {self.package} openapi --write"

    def render(self, doc: dict[str, Any] | None = None) -> str:
        """The snapshot text of a document (default: the served one): two-space indented
        JSON, keys in the order the app serves them."""
        return (
            json.dumps(self.document() if doc is None else doc, indent=2, ensure_ascii=False) + "\n"
        )

    def write(self, root: Path) -> Path:
        """Write the served document to root/contracts/openapi.json."""
        target = root / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.render(), encoding="utf-8")
        return target

    def drift(self, root: Path) -> list[str]:
        """How the served API differs from the snapshot, as a unified diff (empty: none).

        The comparison is exact, text for text: the snapshot is generated, never hand-edited.
        """
        served = self.render()
        try:
            snapshot = (root / self.path).read_text("utf-8")
        except FileNotFoundError:
            return [f"{self.path} is missing"]
        if snapshot == served:
            return []
        return list(
            difflib.unified_diff(
                snapshot.splitlines(),
                served.splitlines(),
                fromfile=f"{self.path} (snapshot)",
                tofile="served by the app",
                lineterm="",
            )
        )

    def drift_message(self, diff: list[str]) -> str:
        """What to tell someone whose API drifted from its snapshot."""
        return "\n".join(
            [
                f"The API this service serves no longer matches {self.path}.",
                "Consumers rely on that contract. If the change is intended, regenerate it with",
                f"    {self.regenerate}",
                "then review the diff and commit it. The difference:",
                *diff,
            ]
        )

"""Backstage-format catalog entities, as paved reads and writes them.

The files in `catalog/` are plain Backstage entity YAML, so a Backstage instance can
ingest them unchanged; paved adds its facts as `paved.dev/...` annotations.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

API_VERSION = "backstage.io/v1alpha1"
GOLDEN_PATH = "paved.dev/golden-path"
TEMPLATE_VERSION = "paved.dev/template-version"
REPO = "paved.dev/repo"
CONTACT = "paved.dev/contact"
CONTRACT_VERSION = "paved.dev/contract-version"
SOURCE_LOCATION = "backstage.io/source-location"
# A consumer's pin of each dataset it reads: `paved.dev/pin.<dataset>` holds the contract
# version, `paved.dev/reads.<dataset>` the columns read ("a, b"; "*": every column).
PIN_PREFIX = "paved.dev/pin."
READS_PREFIX = "paved.dev/reads."
# A dataset's last major version change: "2.0.0: amount removed; ...".
MAJOR_CHANGE = "paved.dev/major-change"


class Metadata(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    namespace: str | None = None
    title: str | None = None
    description: str | None = None
    annotations: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)


class Entity(BaseModel):
    """One Backstage entity: a Component, API, Group or User."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    api_version: str = Field(default=API_VERSION, alias="apiVersion")
    kind: str
    metadata: Metadata
    spec: dict[str, Any] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.metadata.name

    def annotation(self, key: str) -> str | None:
        return self.metadata.annotations.get(key)

    def to_document(self) -> dict[str, Any]:
        """The entity as it is written to YAML: no empty optional fields."""
        document = self.model_dump(by_alias=True, exclude_none=True)
        metadata = document["metadata"]
        for key in ("annotations", "labels", "tags"):
            if not metadata.get(key):
                metadata.pop(key, None)
        return document


def group_entity(
    name: str,
    *,
    display_name: str | None = None,
    description: str | None = None,
    members: list[str] | None = None,
    contact: str | None = None,
    email: str | None = None,
) -> Entity:
    profile: dict[str, str] = {}
    if display_name:
        profile["displayName"] = display_name
    if email:
        profile["email"] = email
    spec: dict[str, Any] = {"type": "team", "children": [], "members": list(members or [])}
    if profile:
        spec["profile"] = profile
    annotations = {CONTACT: contact} if contact else {}
    return Entity(
        kind="Group",
        metadata=Metadata(name=name, description=description, annotations=annotations),
        spec=spec,
    )


def user_entity(name: str, teams: list[str], display_name: str | None = None) -> Entity:
    spec: dict[str, Any] = {"memberOf": teams}
    if display_name:
        spec["profile"] = {"displayName": display_name}
    return Entity(kind="User", metadata=Metadata(name=name), spec=spec)

"""The catalog: Backstage entity files of teams, projects and the datasets they publish."""

from .entities import Entity, group_entity, user_entity
from .projects import (
    DatasetRecord,
    ProjectRecord,
    dataset_record,
    entities_from_repo,
    list_projects,
    project_record,
    show,
)
from .store import Catalog, read_entities, write_entities

__all__ = [
    "Catalog",
    "DatasetRecord",
    "Entity",
    "ProjectRecord",
    "dataset_record",
    "entities_from_repo",
    "group_entity",
    "list_projects",
    "project_record",
    "read_entities",
    "show",
    "user_entity",
    "write_entities",
]

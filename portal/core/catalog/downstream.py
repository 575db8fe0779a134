"""The consumer graph in a compact form, for walks downstream of a dataset.

A transitive walk (`consumers --transitive`, `impact`) can reach most of a large
catalog: tens of thousands of projects, a query per level and a Python tuple per edge.
So the index keeps the graph whole, built from its `consumers` table once after each
change: every name stored once, in name order, and the edges as arrays of numbers
(which dataset each project consumes, which datasets each project publishes, which
team owns it). Loading it is a few array copies; a walk is integer work until the
answer is named.

A project is reached at its smallest depth, via the first dataset (by name) of that
level it consumes, as `queries.consumers` documents.
"""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_left
from collections.abc import Iterable

# Joins the names of the datasets a project publishes, in the index's `consumers` rows.
PUBLISHES_SEPARATOR = "\x1f"
_NO_OWNER = -1


class Downstream:
    def __init__(
        self,
        datasets: list[str],
        projects: list[str],
        teams: list[str],
        readers: tuple[array, array],
        publishes: tuple[array, array],
        owners: array,
    ) -> None:
        self.datasets = datasets  # sorted
        self.projects = projects  # sorted
        self.teams = teams
        # CSR: the readers of dataset d are readers[1][readers[0][d]:readers[0][d + 1]];
        # likewise the datasets project p publishes, in publishes.
        self.readers = readers
        self.publishes = publishes
        self.owners = owners  # team number per project, or _NO_OWNER

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str | None, str]]) -> Downstream:
        """From (dataset, project, owner, publishes) rows, sorted by dataset then project."""
        rows = list(rows)
        facts: dict[str, tuple[str | None, list[str]]] = {}
        names = set()
        for dataset, project, owner, published in rows:
            names.add(dataset)
            if project not in facts:  # a project in two files: its first row counts
                published_names = published.split(PUBLISHES_SEPARATOR) if published else []
                facts[project] = (owner, published_names)
                names.update(published_names)
        datasets, projects = sorted(names), sorted(facts)
        dataset_number = {name: number for number, name in enumerate(datasets)}
        project_number = {name: number for number, name in enumerate(projects)}
        teams = sorted({owner for owner, _ in facts.values() if owner is not None})
        team_number = {name: number for number, name in enumerate(teams)}

        reader_starts, readers = array("i", [0]), array("i")
        position = 0
        for name in datasets:
            while position < len(rows) and rows[position][0] == name:
                readers.append(project_number[rows[position][1]])
                position += 1
            reader_starts.append(len(readers))
        publish_starts, published_numbers, owners = array("i", [0]), array("i"), array("i")
        for project in projects:
            owner, published_names = facts[project]
            owners.append(_NO_OWNER if owner is None else team_number[owner])
            published_numbers.extend(dataset_number[name] for name in published_names)
            publish_starts.append(len(published_numbers))
        return cls(
            datasets,
            projects,
            teams,
            (reader_starts, readers),
            (publish_starts, published_numbers),
            owners,
        )

    def dump(self) -> bytes:
        arrays = (*self.readers, *self.publishes, self.owners)
        return marshal.dumps(
            (
                "\n".join(self.datasets),
                "\n".join(self.projects),
                "\n".join(self.teams),
                *(numbers.tobytes() for numbers in arrays),
            )
        )

    @classmethod
    def load(cls, blob: bytes) -> Downstream:
        datasets, projects, teams, *arrays = marshal.loads(blob)
        numbers = []
        for data in arrays:
            column = array("i")
            column.frombytes(data)
            numbers.append(column)
        return cls(
            datasets.split("\n") if datasets else [],
            projects.split("\n") if projects else [],
            teams.split("\n") if teams else [],
            (numbers[0], numbers[1]),
            (numbers[2], numbers[3]),
            numbers[4],
        )

    def published_by(self, project: str) -> list[str]:
        """The datasets `project` publishes (those it consumes none of are not here)."""
        number = bisect_left(self.projects, project)
        if number == len(self.projects) or self.projects[number] != project:
            return []
        starts, published = self.publishes
        return [self.datasets[n] for n in published[starts[number] : starts[number + 1]]]

    def walk(self, dataset: str) -> list[tuple[str, str | None, str | None, int]]:
        """(project, owner, via, depth) for everything downstream of `dataset`, by depth
        then name; `via` is None for a direct consumer."""
        found: list[tuple[str, str | None, str | None, int]] = []
        start = bisect_left(self.datasets, dataset)
        if start == len(self.datasets) or self.datasets[start] != dataset:
            return found  # nobody reads it, nor publishes it
        reader_starts, readers = self.readers
        publish_starts, publishes = self.publishes
        projects, datasets, owners = self.projects, self.datasets, self.owners
        teams = [*self.teams, None]  # owners[p] == _NO_OWNER (-1) picks the None
        reached_flags = bytearray(len(projects))  # 1 once a project is reached
        seen_flags = bytearray(len(datasets))  # 1 once a dataset is in a frontier
        seen_flags[start] = 1
        frontier, depth = [start], 1
        while frontier:
            # Datasets in name order: the first one of a level reaching a project is its via.
            frontier.sort()
            level: dict[int, int] = {}  # project -> the dataset it was reached by
            for number in frontier:
                for project in readers[reader_starts[number] : reader_starts[number + 1]]:
                    if not reached_flags[project]:
                        reached_flags[project] = 1
                        level[project] = number
            via_names = {number: datasets[number] for number in frontier}
            via_names[start] = None
            found += [
                (projects[project], teams[owners[project]], via_names[level[project]], depth)
                for project in sorted(level)
            ]
            frontier = []
            for project in level:
                for number in publishes[publish_starts[project] : publish_starts[project + 1]]:
                    if not seen_flags[number]:
                        seen_flags[number] = 1
                        frontier.append(number)
            depth += 1
        return found

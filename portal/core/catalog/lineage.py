"""Lineage from producers to consumers: the graph, and what is wrong in the catalog."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .index import CatalogIndex


@dataclass
class Problem:
    kind: str
    entity: str
    file: str
    message: str


def edges(index: CatalogIndex, root: str | None = None) -> list[tuple[str, str, str]]:
    """(source, relation, target) edges: project -provides-> dataset -consumed by-> project.

    Nodes are `project:NAME` and `dataset:NAME` (a project and its dataset often share
    a name). With `root` (a bare name), only what is reachable downstream from it.
    """
    query = "SELECT source, target FROM relations WHERE type = ? AND source_kind = 'Component'"
    provides = [
        (f"project:{p}", f"dataset:{d}")
        for p, d in index.db.execute(query, ("providesApi",)).fetchall()
    ]
    consumes = [
        (f"dataset:{d}", f"project:{c}")
        for c, d in index.db.execute(query, ("consumesApi",)).fetchall()
    ]
    all_edges = [(p, "provides", d) for p, d in provides] + [
        (d, "consumed by", c) for d, c in consumes
    ]
    if root is None:
        return sorted(all_edges)
    outgoing: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for edge in all_edges:
        outgoing[edge[0]].append(edge)
    starts = [f"project:{root}", f"dataset:{root}"]
    reached, stack, seen = [], list(starts), set(starts)
    while stack:
        node = stack.pop()
        for edge in outgoing[node]:
            reached.append(edge)
            if edge[2] not in seen:
                seen.add(edge[2])
                stack.append(edge[2])
    return sorted(set(reached))


def render(found: list[tuple[str, str, str]], fmt: str) -> str:
    if fmt == "dot":
        lines = ["digraph lineage {", "  rankdir=LR;"]
        nodes = sorted({node for s, _, t in found for node in (s, t)})
        for node in nodes:
            kind, _, name = node.partition(":")
            shape = "box" if kind == "project" else "cylinder"
            lines.append(f'  "{node}" [label="{name}", shape={shape}];')
        lines += [f'  "{s}" -> "{t}" [label="{r}"];' for s, r, t in found]
        return "\n".join([*lines, "}"])
    lines = ["flowchart LR"]
    lines += [f"  {_node(s)} -->|{r}| {_node(t)}" for s, r, t in found]
    return "\n".join(lines)


def validate(index: CatalogIndex) -> list[Problem]:
    """Unknown owners, references to missing entities, duplicate names, consumption cycles."""
    problems: list[Problem] = []
    rows = index.db.execute("SELECT file, kind, name, owner FROM entities").fetchall()
    teams = {row["name"] for row in rows if row["kind"] == "Group"}
    apis = {row["name"] for row in rows if row["kind"] == "API"}
    users = {row["name"] for row in rows if row["kind"] == "User"}
    seen: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (row["kind"], row["name"])
        if key in seen:
            problems.append(
                Problem(
                    "duplicate",
                    row["name"],
                    row["file"],
                    f"{row['kind']} {row['name']} is also in {seen[key]}",
                )
            )
        seen.setdefault(key, row["file"])
        if row["kind"] in ("Component", "API") and row["owner"] not in teams:
            problems.append(
                Problem(
                    "unknown-owner",
                    row["name"],
                    row["file"],
                    f"owner {row['owner']!r} is not a team" if row["owner"] else "it has no owner",
                )
            )
    for relation in index.db.execute("SELECT * FROM relations").fetchall():
        target, kind = relation["target"], relation["type"]
        missing = (
            (kind in ("providesApi", "consumesApi") and target not in apis)
            or (kind == "memberOf" and target not in teams)
            or (kind == "hasMember" and target not in users)
        )
        if missing:
            problems.append(
                Problem(
                    "missing-reference",
                    relation["source"],
                    relation["file"],
                    f"{kind} {target!r}: no such entity",
                )
            )
    problems += _cycles(index)
    return problems


def _cycles(index: CatalogIndex) -> list[Problem]:
    """Projects that, through the datasets they publish, consume their own output."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, _, target in edges(index):
        graph[source].add(target)
    problems, state = [], {}
    files = {row["name"]: row["file"] for row in index.entities(kind="Component")}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycle = path[path.index(nxt) :] + [nxt]
                projects = [n for n in cycle if n in files]
                problems.append(
                    Problem(
                        "cycle",
                        projects[0] if projects else nxt,
                        files.get(projects[0], "") if projects else "",
                        "consumption cycle: " + " -> ".join(cycle),
                    )
                )
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return problems


def _node(node: str) -> str:
    kind, _, name = node.partition(":")
    safe = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in node)
    return f'{safe}["{name}"]' if kind == "project" else f'{safe}[("{name}")]'

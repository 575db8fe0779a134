"""A contract's text: read fast into plain data, and the file's own lines for messages.

Contracts are read, never rewritten, so comments need not survive: yaml-rs (YAML 1.2,
in Rust) reads a 5,000-column contract in a few hundredths of a second. YAML 1.2 has
no timestamps: `2025-01-28` stays the ISO string the standard means. Where a message
needs a line, the text is composed again with libyaml (PyYAML's C parser), which keeps
every node's place; that happens only on the way to an error.

Nesting is bounded before anything deep happens: a line indented 1,000 columns or
more is refused before parsing (yaml-rs recurses, and would run out of stack long
after that), and a document nested more than MAX_DEPTH mappings and lists deep after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ContractError

MAX_COLUMNS = 1000
MAX_DEPTH = 400
_DEEP_LINE = re.compile(rf"^[ \-?:]{{{MAX_COLUMNS}}}", re.MULTILINE)
_PARSE_ERROR = re.compile(r"line (\d+), column (\d+)")


HINT = "fix the contract (ODCS v3: https://bitol-io.github.io/open-data-contract-standard/)"


@dataclass
class Source:
    """A contract's text, where it was read from, and (composed on demand) its lines."""

    text: str
    where: str
    _nodes: Any = field(default=None, repr=False)

    def fail(self, path: list[Any], message: str, hint: str = HINT) -> ContractError:
        """An error at `path` (keys and indices into the document): the file, the
        line and the field, then `message`."""
        line = self.line_of(path)
        named = f"field {field_path(path)!r}" if path else ""
        parts = [self.where, f"line {line}" if line else "", named]
        return ContractError(": ".join(part for part in parts if part) + f": {message}", hint)

    def quote(self, path: list[Any]) -> str:
        """The file's own text of the line `path` is on, in backquotes (or "")."""
        line = self.line_of(path)
        if not line:
            return ""
        text = self.text.splitlines()[line - 1].strip()
        return f"`{text[:77] + '...' if len(text) > 80 else text}`"

    def line_of(self, path: list[Any]) -> int | None:
        """The line of the deepest node of `path` found (a mapping key's own line)."""
        node, line = self._composed(), None
        for part in path:
            if _is(node, "MappingNode"):
                pair = next((p for p in node.value if str(p[0].value) == str(part)), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif _is(node, "SequenceNode") and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def lines_of_items(self, path: list[Any], key: str, value: str) -> list[int]:
        """The lines of the items of the list at `path` whose `key` is `value`."""
        node, found = self._composed(), []
        for part in path:
            node = _child(node, part)
        for item in node.value if _is(node, "SequenceNode") else []:
            pair = _child(item, key)
            if pair is not None and str(pair.value) == value:
                found.append(item.start_mark.line + 1)
        return found

    def _composed(self) -> Any:
        if self._nodes is None:
            import yaml

            try:
                self._nodes = yaml.compose(self.text, Loader=yaml.CSafeLoader) or False
            except (yaml.YAMLError, RecursionError):  # no lines then: the messages stand
                self._nodes = False
        return self._nodes or None


def _is(node: Any, kind: str) -> bool:
    return node is not None and type(node).__name__ == kind


def _child(node: Any, part: Any) -> Any:
    if _is(node, "SequenceNode") and isinstance(part, int):
        return node.value[part] if part < len(node.value) else None
    if _is(node, "MappingNode"):
        return next((value for key, value in node.value if str(key.value) == str(part)), None)
    return None


def load(source: Source) -> Any:
    """The document in `source`, as plain data; a ContractError when it is not YAML,
    or is nested deeper than paved reads."""
    deep = _DEEP_LINE.search(source.text)
    if deep:
        line = source.text.count("\n", 0, deep.start()) + 1
        raise ContractError(
            f"{source.where}: line {line}: indented {MAX_COLUMNS} columns or more, nested "
            "deeper than paved reads",
            "nest the contract's columns less deeply",
        )
    import yaml_rs

    try:
        document = yaml_rs.loads(source.text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as error:
        raise _yaml_error(source, str(error)) from None
    _check_depth(source, document)
    return document


def _yaml_error(source: Source, message: str) -> ContractError:
    reason = message.strip().splitlines()[-1].strip() if message.strip() else "not valid YAML"
    if "recursion limit" in reason:
        reason = "nested deeper than paved reads"
    place = _PARSE_ERROR.search(message)
    if place:
        return ContractError(f"{source.where}: line {place[1]}: not valid YAML: {reason}", HINT)
    duplicate = re.match(r"duplicate mapping key: '(.*)'$", reason)
    if duplicate:
        return ContractError(
            f"{source.where}: {_duplicate_key_place(source, duplicate[1])}key "
            f"{duplicate[1]!r} appears twice in one mapping",
            "keep one of them",
        )
    return ContractError(f"{source.where}: not valid YAML: {reason}", HINT)


def _duplicate_key_place(source: Source, key: str) -> str:
    """`line N: ` of the second `key` of a mapping that has it twice, else ""."""
    pending = [source._composed()]
    while pending:
        node = pending.pop()
        if _is(node, "MappingNode"):
            keys = [k for k, _ in node.value if str(k.value) == key]
            if len(keys) > 1:
                return f"line {keys[1].start_mark.line + 1}: "
            pending.extend(value for _, value in node.value)
        elif _is(node, "SequenceNode"):
            pending.extend(node.value)
    return ""


def _check_depth(source: Source, document: Any) -> None:
    """Refuse a document nested more than MAX_DEPTH deep, or with a key that is not
    a string (an unquoted `1:`, `true:` or `null:`). The walk keeps only depths; the
    path to a problem is found again when there is one."""
    pending: list[tuple[Any, int]] = [(document, 0)] if isinstance(document, dict | list) else []
    while pending:
        node, depth = pending.pop()
        if depth > MAX_DEPTH or (isinstance(node, dict) and not all(map(_is_text, node))):
            _refuse_at(source, document, node)
        children = node.values() if isinstance(node, dict) else node
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def _is_text(key: Any) -> bool:
    return isinstance(key, str)


def _refuse_at(source: Source, document: Any, wrong: Any) -> None:
    """Raise the error for node `wrong` of `document`: too deep, or a key no name."""
    pending: list[tuple[Any, list[Any]]] = [(document, [])]
    while pending:
        node, path = pending.pop()
        if node is wrong:
            break
        items = node.items() if isinstance(node, dict) else enumerate(node)
        pending.extend(
            ([value, [*path, key]] for key, value in items if isinstance(value, dict | list))
        )
    if len(path) > MAX_DEPTH:
        raise source.fail(
            path[:3],
            f"nested more than {MAX_DEPTH} mappings and lists deep, deeper than paved reads "
            f"(at line {source.line_of(path) or '?'})",
            "nest the contract's columns less deeply",
        )
    key = next(key for key in wrong if not isinstance(key, str))
    raise source.fail(path, f"the key {source.quote([*path, key])} is not a name")


def field_path(location: list[Any]) -> str:
    """`schema[0].properties[1].required` for ["schema", 0, "properties", 1, "required"]."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text

"""Git's objects, read and written with plumbing: a commit's tree listed, blobs read
through one `cat-file` process, tree objects made in Python, commits made off every
branch. The repo's index, work tree and refs are never written here."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ..errors import VcsError
from .commands import environment, run_bytes
from .scratch import scratch_folder

_GITLINK = "160000"  # a submodule's entry in a tree
TREE = "040000"  # the mode of a folder in a tree listing
Entry = tuple[str, str]  # (mode, object id)


def tree_listing(path: Path, ref: str) -> dict[str, Entry]:
    """Every entry of `ref`'s tree, recursively, by path: files, symlinks, submodules,
    and the folders themselves (mode `TREE`)."""
    output = run_bytes(path, "ls-tree", "-r", "-t", "-z", "--full-tree", ref)
    entries = {}
    for record in output.split(b"\0"):
        if record:
            meta, name = record.split(b"\t", 1)
            mode, _, sha = meta.decode().split()
            entries[name.decode()] = (mode, sha)
    return entries


def files_of(listing: dict[str, Entry]) -> dict[str, Entry]:
    """The files and symlinks of a tree listing: its folders and submodules left out."""
    return {name: entry for name, entry in listing.items() if entry[0] not in (TREE, _GITLINK)}


def list_tree(path: Path, ref: str) -> dict[str, Entry]:
    """Every file of `ref` as path -> (mode, blob id); submodules left out."""
    return files_of(tree_listing(path, ref))


class ObjectReader:
    """One `git cat-file --batch` process on a repo, asked as often as needed: a
    project's answers, its tree and the files a merge needs cost one process, not three."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=path,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment(),
        )

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()
        self._process.wait()
        self._process.stdout.close()

    def read(self, name: str) -> tuple[str, str, bytes] | None:
        """The object `name` (an id or `rev:path`) as (kind, id, data); None when missing."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(name.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            if not header:
                raise VcsError(f"git cat-file ended early in {self.path}", "check the repo")
            return None  # "<name> missing" (or ambiguous)
        sha, kind, size = header
        data = stdout.read(int(size))
        stdout.read(1)  # the newline after the contents
        return kind.decode(), sha.decode(), data

    def blobs(self, names: list[str]) -> dict[str, bytes]:
        """The contents of objects by the name asked for; missing ones left out."""
        found = {}
        for name in names:
            item = self.read(name)
            if item is not None:
                found[name] = item[2]
        return found

    def listing(self, commit: str) -> dict[str, Entry]:
        """`tree_listing` of a commit, read tree by tree through this process."""
        root = self.read(f"{commit}^{{tree}}")
        if root is None:
            raise VcsError(f"no tree for {commit} in {self.path}", "check the repo")
        entries: dict[str, Entry] = {}
        pending = [("", root[2])]
        while pending:
            prefix, body = pending.pop()
            position = 0
            while position < len(body):
                space = body.index(b" ", position)
                end = body.index(b"\0", space)
                mode = body[position:space].decode()
                name = prefix + body[space + 1 : end].decode()
                sha = body[end + 1 : end + 21].hex()
                position = end + 21
                if mode == "40000":
                    entries[name] = (TREE, sha)
                    tree = self.read(sha)
                    if tree is not None:
                        pending.append((name + "/", tree[2]))
                else:
                    entries[name] = (mode, sha)
        return entries


def read_blobs(path: Path, objects: list[str]) -> dict[str, bytes]:
    """The contents of objects (`sha` or `rev:path`), by the name asked for;
    missing ones are left out."""
    if not objects:
        return {}
    output = run_bytes(path, "cat-file", "--batch", stdin="\n".join(objects).encode() + b"\n")
    found, position = {}, 0
    for name in objects:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) == 2 and header[1] == b"missing":
            continue
        size = int(header[2])
        found[name] = output[position : position + size]
        position += size + 1
    return found


def write_blobs(path: Path, contents: list[bytes]) -> list[str]:
    """Store blobs in the repo's object database; return their ids in order."""
    return write_objects(path, "blob", contents)


def write_objects(path: Path, kind: str, contents: list[bytes]) -> list[str]:
    """Store objects of one kind in the repo's object database; return their ids."""
    if not contents:
        return []
    folder = scratch_folder("objects")
    try:
        files = []
        for number, data in enumerate(contents):
            file = Path(folder, str(number))
            file.write_bytes(data)
            files.append(str(file))
        output = run_bytes(
            path,
            "hash-object",
            "-w",
            "-t",
            kind,
            "--no-filters",
            "--stdin-paths",
            stdin="\n".join(files).encode() + b"\n",
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return output.decode().split()


def write_tree(
    path: Path, entries: dict[str, Entry | None], base: dict[str, Entry] | None = None
) -> str:
    """A tree object: the tree listed in `base` (a `tree_listing`; none: an empty tree)
    with files set to (mode, blob id) or deleted (None); return its id. The trees are
    made here and stored with one git process; the index and work tree are untouched."""
    base = base or {}
    files = {name: entry for name, entry in base.items() if entry[0] != TREE}
    for name, entry in entries.items():
        if entry is None:
            files.pop(name, None)
        else:
            files[name] = entry
    root, trees = tree_objects(files)
    stored = {entry[1] for entry in base.values() if entry[0] == TREE}
    write_objects(path, "tree", [body for sha, body in trees.items() if sha not in stored])
    return root


def tree_objects(files: dict[str, Entry]) -> tuple[str, dict[str, bytes]]:
    """The git tree objects holding `files` (path -> (mode, object id)): the root
    tree's id, and every tree's body by its id."""
    root: dict[str, Any] = {}
    for name, entry in files.items():
        *folders, leaf = name.split("/")
        node = root
        for folder in folders:
            node = node.setdefault(folder, {})
        node[leaf] = entry
    trees: dict[str, bytes] = {}

    def store(node: dict[str, Any]) -> str:
        records = []
        for name, value in node.items():
            encoded = name.encode()
            if isinstance(value, dict):  # git orders a folder as if its name ended in "/"
                records.append((encoded + b"/", b"40000 " + encoded, store(value)))
            else:
                records.append((encoded, value[0].encode() + b" " + encoded, value[1]))
        body = b"".join(line + b"\0" + bytes.fromhex(sha) for _, line, sha in sorted(records))
        sha = hashlib.sha1(b"tree %d\0" % len(body) + body).hexdigest()
        trees[sha] = body
        return sha

    return store(root), trees


def commit_changes(
    path: Path,
    parent: str,
    changes: dict[str, Entry | None],
    message: str,
    listing: dict[str, Entry] | None = None,
) -> tuple[str, str]:
    """A commit on top of `parent` with files set to (mode, blob id) or deleted (None),
    made without touching the work tree or the index; return (commit, tree).
    `listing` is the parent's `tree_listing`, when it is known."""
    if listing is None:
        listing = tree_listing(path, parent)
    tree = write_tree(path, changes, base=listing)
    commit = run_bytes(path, "commit-tree", tree, "-p", parent, "-F", "-", stdin=message.encode())
    return commit.decode().strip(), tree

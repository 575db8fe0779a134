"""paved's own git objects are the ones git makes: same ids for the same files."""

from __future__ import annotations

import os
from pathlib import Path

from portal.core.git import objects as git_objects
from tests.helpers import git


def test_trees_made_by_paved_are_the_trees_git_makes(tmp_path: Path, isolated_git):
    repo = tmp_path / "repo"
    files = {
        "a0": "1",
        "a.b": "2",
        "a-b/c": "3",
        "a/b": "4",
        "a/b.c/d": "5",
        "z/y/x/deep.txt": "6",
        "run.sh": "#!/bin/sh\n",
        "ü/naïve.md": "7",
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    (repo / "run.sh").chmod(0o755)
    os.symlink("a/b", repo / "link")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "files")
    module = tmp_path / "module"  # a submodule's entry (gitlink) is kept as it is
    git(tmp_path, "init", "-q", str(module))
    git(module, "commit", "-q", "--allow-empty", "-m", "empty")
    git(
        repo,
        "update-index",
        "--add",
        "--cacheinfo",
        f"160000,{git(module, 'rev-parse', 'HEAD')},sub",
    )
    git(repo, "commit", "-qm", "submodule")

    listing = git_objects.tree_listing(repo, "HEAD")
    with git_objects.ObjectReader(repo) as objects:  # one cat-file process reads the same tree
        assert objects.listing(git(repo, "rev-parse", "HEAD")) == listing
        assert objects.blobs(["HEAD:a/b", "HEAD:nothing", listing["a0"][1]]) == {
            "HEAD:a/b": b"4",
            listing["a0"][1]: b"1",
        }
    assert git_objects.write_tree(repo, {}, base=listing) == git(repo, "rev-parse", "HEAD^{tree}")
    assert set(git_objects.list_tree(repo, "HEAD")) == set(files) | {"link"}

    blob = git_objects.write_blobs(repo, [b"new\n"])[0]
    changes = {"a/b": None, "z/y/x/deep.txt": ("100644", blob), "new/file": ("100755", blob)}
    commit, tree = git_objects.commit_changes(repo, "HEAD", changes, "change", listing)
    assert git(repo, "rev-parse", f"{commit}^{{tree}}") == tree
    git(repo, "read-tree", commit)  # git's own index, from the commit, writes the same tree
    assert git(repo, "write-tree") == tree
    assert git(repo, "fsck", "--strict", "--no-dangling") == ""
    shown = git(repo, "ls-tree", "-r", "--name-only", commit).splitlines()
    assert "a/b" not in shown and "new/file" in shown and "sub" in shown
    assert git(repo, "show", f"{commit}:z/y/x/deep.txt") == "new"
    assert git_objects.write_tree(repo, {}) == "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # empty

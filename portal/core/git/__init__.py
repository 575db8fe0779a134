"""Git, run as git itself (`git` on the PATH), for project repos and the workspace.

- `commands`: the porcelain paved needs (status, commits, branches, tags), with
  `run` for everything else; imported as `git` (`git.run(repo, "rev-parse", "HEAD")`);
- `objects`: git's objects through plumbing: tree listings, one `cat-file` process per
  repo, trees and commits written without touching the index or the work tree;
- `scratch`: scratch folders for files that live for milliseconds (renders, merges), in
  memory where the system has it, and the leftovers of killed processes removed.
"""

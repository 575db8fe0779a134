"""The contract gate: a producer's contract change held against the catalog's
consumers (`paved contract diff/check`).

- `verdict`: the contracts of a repo, their changes since a base ref, the impact of each
  and the verdict (does the version carry the bump the change needs?);
- `impact`: who a change touches: the consumers reading what it changes, their teams,
  and everything downstream of them;
- `comment`: the verdict as Markdown, for a pull request comment.

The standard itself (reading, diffing, classifying contracts) is `contracts`, which
knows nothing of the catalog.
"""

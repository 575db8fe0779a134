"""A rollout's journal: a line a kill cut short never swallows the next result."""

from __future__ import annotations

from pathlib import Path

from portal.core.update.journal import Journal, RepoResult


def test_a_line_cut_short_is_skipped_and_the_next_result_kept(tmp_path: Path):
    journal = Journal.create(tmp_path, {"to_version": "v1.1.0", "request": {}, "projects": []})
    journal.record(RepoResult("first", None, "updated", "v1.0.0", "v1.1.0"))
    with open(journal.folder / "journal.jsonl", "ab") as handle:
        handle.write(b'{"project":"second","repo":nu')  # killed mid-write
    journal.record(RepoResult("third", None, "current", "v1.0.0", "v1.1.0"))
    assert sorted(journal.results()) == ["first", "third"]
    assert Journal(journal.folder).meta["to_version"] == "v1.1.0"

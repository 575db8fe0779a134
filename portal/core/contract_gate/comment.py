"""A contract check's result as Markdown, fit for a pull request comment."""

from __future__ import annotations

from .verdict import CheckResult, ContractChanges

MAX_DOWNSTREAM = 10


def markdown(result: CheckResult) -> str:
    lines = ["## paved contract check", ""]
    for item in result.contracts:
        lines += _contract(item)
    if result.failed:
        lines.append("**Failed:** bump the major version, or keep what consumers read.")
    else:
        lines.append("**Passed.**")
    return "\n".join(lines) + "\n"


def _contract(item: ContractChanges) -> list[str]:
    diff, impact = item.diff, item.impact
    mark = "❌" if item.failed else "✅"
    lines = [
        f"### {mark} `{item.contract}` ({item.dataset})",
        "",
        f"{item.verdict}. Compared with `{item.base[:12]}`: version "
        f"{diff.old_version or '(new)'} → {diff.new_version}, needs a **{diff.needed}** bump.",
        "",
    ]
    if diff.changes:
        lines += ["| class | rule | change |", "| --- | --- | --- |"]
        lines += [
            f"| {'breaking' if c.breaking else 'non-breaking'} | {c.rule} | {_cell(c.detail)} |"
            for c in diff.changes
        ]
        lines.append("")
    if not diff.breaking:
        return lines
    if not impact.known:
        lines += [f"Impact unknown: {impact.reason}.", ""]
        return lines
    if impact.affected:
        lines += [
            "**Who to tell**",
            "",
            "| consumer | team | contact | pins | columns it reads that change | downstream |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for a in impact.affected:
            below = ", ".join(f"{d.name} ({d.owner})" for d in a.downstream[:MAX_DOWNSTREAM])
            if len(a.downstream) > MAX_DOWNSTREAM:
                below += f" and {len(a.downstream) - MAX_DOWNSTREAM} more"
            columns = ", ".join(a.columns) + ("" if a.reads_known else " (reads not known)")
            lines.append(
                f"| {a.project} | {a.team or '—'} | {a.contact or '—'} | {a.pinned or '—'} "
                f"| {_cell(columns)} | {_cell(below) or '—'} |"
            )
        lines.append("")
    if impact.unread:
        lines += [
            "No known impact (no consumer reads it): "
            + "; ".join(_cell(c.detail) for c in impact.unread)
            + ".",
            "",
        ]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")

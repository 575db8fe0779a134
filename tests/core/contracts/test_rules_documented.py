"""Each classification rule has its line in docs/contracts.md, with its class and bump."""

from pathlib import Path

from portal.core.contracts.rules import RULES

DOC = Path(__file__).resolve().parents[3] / "docs" / "contracts.md"


def test_every_rule_has_a_line_in_the_docs():
    lines = {
        line.split("|")[1].strip(): line
        for line in DOC.read_text().splitlines()
        if line.startswith("| `")
    }
    for rule in RULES.values():
        line = lines.get(f"`{rule.name}`")
        assert line is not None, f"docs/contracts.md has no line for {rule.name}"
        cells = [cell.strip() for cell in line.split("|")]
        assert cells[2] == ("breaking" if rule.breaking else "non-breaking"), rule.name
        assert cells[3] == rule.bump, rule.name

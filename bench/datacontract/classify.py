"""Run by bench/contract_check.py with datacontract-cli's own interpreter (its virtual
environment): grades each old/new contract pair of a JSON file (argv[1]) with
datacontract-cli's `breaking` (consumer perspective), through its Python API, and
prints one JSON list: "breaking", "warning", "non-breaking", "no change" or "failed: ...".
"""

import json
import sys

import yaml
from datacontract.data_contract import DataContract


def grade(old: dict, new: dict) -> str:
    try:
        result = DataContract(data_contract_str=yaml.safe_dump(old)).breaking(
            DataContract(data_contract_str=yaml.safe_dump(new))
        )
    except Exception as error:  # a contract datacontract-cli refuses: say so, go on
        return f"failed: {str(error).splitlines()[0][:60]}"
    levels = {entry.level.value for entry in result.entries}
    if "error" in levels:
        return "breaking"
    if "warning" in levels:
        return "warning"
    return "non-breaking" if result.entries else "no change"


with open(sys.argv[1]) as file:
    pairs = json.load(file)
print(json.dumps([grade(old, new) for old, new in pairs]))

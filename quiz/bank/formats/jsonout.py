"""JSON: the loaded bank in its own format, with every default written out and answers as
loaded (see ``quiz.bank.export``); it validates against the schema and loads back as the same
bank, which makes it the interchange format for tooling."""

from __future__ import annotations

import json
from typing import Any

from quiz.bank.formats import Exported

NAME = "json"
LABEL = "JSON"


def write(bank: Any) -> Exported:
    from quiz.bank.export import bank_to_dict

    text = json.dumps(bank_to_dict(bank), indent=2, ensure_ascii=False) + "\n"
    return Exported(text.encode("utf-8"))

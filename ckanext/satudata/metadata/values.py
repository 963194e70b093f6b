"""One reading of a field that holds several values, for input and display
alike: a list, a JSON list (how scheming stores ``multiple`` fields), or
text separated by commas; nothing is an empty list."""
from __future__ import annotations

import json
from typing import Any


def as_list(value: Any) -> list[Any]:
    """The values of ``value``; ``ValueError`` for text that opens a JSON
    list but is not one."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            parsed = json.loads(text)      # json.JSONDecodeError is a ValueError
            return parsed if isinstance(parsed, list) else [parsed]
        return [part.strip() for part in text.split(",") if part.strip()]
    return [value]

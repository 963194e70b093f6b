"""Reading a Solr schema.xml the way Solr resolves field names, for the tests
of config/solr/ (tests/deploy/test_solr.py) and of what CKAN sends to Solr
(tests/search/test_seam.py)."""
from __future__ import annotations

import dataclasses
import pathlib
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONFIGSET = ROOT / "config" / "solr"
# Lucene refuses an indexed term longer than this (bytes, UTF-8)
MAX_TERM_BYTES = 32766


@dataclasses.dataclass(frozen=True)
class Field:
    name: str            # the field's name, or the dynamic field's pattern
    type: str
    type_class: str
    indexed: bool
    stored: bool
    doc_values: bool
    multi_valued: bool
    dynamic: bool


def _bool(element: ET.Element, key: str, default: bool) -> bool:
    value = element.get(key)
    return default if value is None else value == "true"


class Schema:
    def __init__(self, path: pathlib.Path = CONFIGSET / "schema.xml") -> None:
        self.path = path
        self.root = ET.parse(path).getroot()
        self.types = {t.get("name"): t for t in self.root.iter() if t.tag in ("fieldType", "fieldtype")}
        self.fields = {f.get("name"): self._field(f, False) for f in self.root.iter("field")}
        # Solr tries the longest pattern first
        self.dynamic = sorted((self._field(f, True) for f in self.root.iter("dynamicField")),
                              key=lambda f: -len(f.name))

    def _field(self, element: ET.Element, dynamic: bool) -> Field:
        field_type = self.types[element.get("type")]
        def attr(key: str, default: bool) -> bool:
            return _bool(element, key, _bool(field_type, key, default))
        return Field(name=element.get("name"), type=element.get("type"), type_class=field_type.get("class"),
                     indexed=attr("indexed", True), stored=attr("stored", True),
                     doc_values=attr("docValues", False), multi_valued=attr("multiValued", False),
                     dynamic=dynamic)

    def field_for(self, name: str) -> Field | None:
        """The field or dynamic field that Solr would put ``name`` into."""
        if name in self.fields:
            return self.fields[name]
        for field in self.dynamic:
            pattern = field.name
            if pattern == "*" or (pattern.startswith("*") and name.endswith(pattern[1:])) \
                    or (pattern.endswith("*") and name.startswith(pattern[:-1])):
                return field
        return None

    def problem(self, name: str, value: object) -> str | None:
        """Why Solr would refuse ``value`` for field ``name`` (None if it takes it)."""
        field = self.field_for(name)
        if field is None:
            return f"{name}: no field or dynamicField matches"
        values = [v for v in (value if isinstance(value, list) else [value]) if v is not None]
        if len(values) > 1 and not field.multi_valued:
            return f"{name}: {len(values)} values for the single-valued {field.name!r}"
        for v in values:
            if isinstance(v, (dict, list)):
                return f"{name}: a nested {type(v).__name__} cannot be indexed"
            if "IntPointField" in field.type_class and not str(v).lstrip("-").isdigit():
                return f"{name}: {v!r} is not an integer ({field.name!r} is {field.type})"
            if "DatePointField" in field.type_class and not str(v).endswith("Z"):
                return f"{name}: {v!r} is not a UTC date ({field.name!r} is {field.type})"
            if "StrField" in field.type_class and field.indexed and len(str(v).encode()) > MAX_TERM_BYTES:
                return f"{name}: a {len(str(v).encode())}-byte term ({field.name!r} is an indexed string)"
        return None

    def analyzer_filters(self, type_name: str) -> list[list[str]]:
        """The filter classes of each analyzer of a text type, in order."""
        return [[f.get("class") for f in analyzer.iter("filter")]
                for analyzer in self.types[type_name].iter("analyzer")]

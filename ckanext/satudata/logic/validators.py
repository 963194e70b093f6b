"""Validators named by the scheming schemas (``schemas/*.yaml``).

The review's own (its state, its publication rule, the review queue's
filter) live in ``review/validators.py`` and are listed here for CKAN.
Each does one check and raises ``Invalid`` with a translated message; the
cross-field rules of a dataset run once, after its fields
(``satudata_dataset_rules``). Output validators are idempotent: a dataset
validated twice comes out the same.
"""
from __future__ import annotations

import datetime
import json
import re
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey
from ckanext.scheming.validation import scheming_validator

from .. import lang
from ..metadata import spatial, values
from ..review import machine
from ..review.validators import (satudata_review_rules, satudata_review_state,
                                 satudata_review_states)
from ..vocab import store

__all__ = [
    "satudata_required", "satudata_name_or_title", "satudata_vocabulary", "satudata_default_wilayah", "satudata_years",
    "satudata_email", "satudata_phone", "satudata_spatial",
    "satudata_opd_parent", "satudata_kode_opd_unique", "satudata_sysadmin_sets", "satudata_dataset_rules",
    "satudata_level", "satudata_page_limit", "satudata_given_number", "satudata_review_state", "satudata_review_rules",
    "satudata_review_states", "satudata_strict_boolean", "satudata_max_offset",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-]{5,19}$")
_FIRST_YEAR = 1800


def _blank(value: Any) -> bool:
    return value is missing or value is None or value == "" or value == []


def _label(field: dict[str, Any]) -> str:
    label = field.get("label", field["field_name"])
    return label.get(lang.current(), label.get("id", field["field_name"])) if isinstance(label, dict) \
        else tk._(label)


@scheming_validator
def satudata_required(field: dict[str, Any], schema: dict[str, Any]):
    """``Wajib diisi`` when a required field is empty; optional fields may be left out."""
    required = bool(field.get("required"))

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                  context: Context) -> None:
        value = data.get(key, missing)
        if isinstance(value, str):
            value = value.strip()
            data[key] = value
        if _blank(value):
            # inside a repeating entry (kontak, ms_keg …) only an entry that was
            # started needs its required subfields; the form's blank entry does not
            if required and (len(key) != 3 or _started(data, key[:2])):
                errors[key].append(tk._("Required"))
            data.pop(key, None)
            raise StopOnError
    return validator


def satudata_name_or_title(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                           context: Context) -> None:
    """The dataset's URL name, required (CKAN's ``not_empty``) unless the
    title is missing too: the form makes the URL from the title, so an
    officer who left both empty is told about the title only (its own
    ``satudata_required``), not about a URL they never saw."""
    if not _blank(data.get(key, missing)):
        return
    if _blank(data.get(key[:-1] + ("title",), missing)):
        raise StopOnError
    errors[key].append(tk._("Missing value"))
    raise StopOnError


def _as_list(value: Any) -> list[Any]:
    try:
        return values.as_list(value)
    except ValueError:
        raise tk.Invalid(tk._("Not a valid list"))


@scheming_validator
def satudata_vocabulary(field: dict[str, Any], schema: dict[str, Any]):
    """The value (or each value of a ``multiple`` field) must be a code of
    the list named by ``satudata_vocabulary``, at one of ``satudata_levels``
    when given. Multiple values are stored as a JSON list."""
    name = field["satudata_vocabulary"]
    levels = set(field.get("satudata_levels") or ())
    multiple = bool(field.get("multiple"))

    def validator(value: Any, context: Context) -> Any:
        codes = [str(c).strip() for c in _as_list(value)] if multiple else [str(value).strip()]
        found = store.terms(model.Session, name, codes)
        for code in codes:
            term = found.get(code)
            if term is None or (levels and term.extra.get("tingkat") not in levels):
                if name == "wilayah":
                    raise tk.Invalid(tk._("Unknown region code: {code}").format(code=code))
                raise tk.Invalid(tk._("{code} is not in the list of {list}").format(
                    code=code, list=_label(field)))
        return json.dumps(sorted(set(codes))) if multiple else codes[0]
    return validator


def satudata_default_wilayah(value: Any, context: Context) -> Any:
    """An empty region is the portal's own (``ckanext.satudata.kode_wilayah``)."""
    return tk.config["ckanext.satudata.kode_wilayah"] if _blank(value) else value


def satudata_years(value: Any, context: Context) -> Any:
    """Years covered: a list or ``2022, 2023``; stored sorted as a JSON list."""
    last = datetime.date.today().year + 10
    years = set()
    for item in _as_list(value):
        text = str(item).strip()
        if not re.fullmatch(r"\d{4}", text) or not _FIRST_YEAR <= int(text) <= last:
            raise tk.Invalid(tk._("Not a valid year: {value}").format(value=text))
        years.add(int(text))
    return json.dumps(sorted(years))


def satudata_email(value: Any, context: Context) -> Any:
    if not _blank(value) and not _EMAIL.match(str(value).strip()):
        raise tk.Invalid(tk._("Not a valid e-mail address: {value}").format(value=value))
    return value.strip() if isinstance(value, str) else value


def satudata_phone(value: Any, context: Context) -> Any:
    if not _blank(value) and not _PHONE.match(str(value).strip()):
        raise tk.Invalid(tk._("Not a valid telephone number: {value}").format(value=value))
    return value.strip() if isinstance(value, str) else value


def satudata_spatial(value: Any, context: Context) -> Any:
    """A GeoJSON geometry, or a bounding box ``west,south,east,north``."""
    try:
        return json.dumps(spatial.parse(value))
    except spatial.SpatialError as err:
        raise tk.Invalid(err.message())


def satudata_opd_parent(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                        context: Context) -> None:
    """The parent OPD (induk) exists and is not the OPD itself or one of its children."""
    parent = data.get(key)
    if _blank(parent):
        data.pop(key, None)
        raise StopOnError
    group = model.Group.get(parent)
    if group is None or not group.is_organization or group.state != "active":
        errors[key].append(tk._("Unknown OPD: {name}").format(name=parent))
        return
    data[key] = group.name
    own_id = data.get(("id",))
    own = model.Group.get(own_id) if own_id else None
    seen = set()
    current: model.Group | None = group
    while current is not None and current.id not in seen:
        if (own is not None and current.id == own.id) or current.name == data.get(("name",)):
            errors[key].append(tk._("An OPD cannot sit under itself or under one of its own units"))
            return
        seen.add(current.id)
        induk = current.extras.get("induk")
        current = model.Group.get(induk) if induk else None


def _sets_everything(context: Context) -> bool:
    user = model.User.get(context.get("user") or "")
    return bool(context.get("ignore_auth") or (user is not None and user.sysadmin))


def _stored(data: FlattenDataDict, field: str) -> Any:
    own_id = data.get(("id",))
    group = model.Group.get(own_id) if isinstance(own_id, str) and own_id else None
    return group.extras.get(field) if group is not None else None


def satudata_sysadmin_sets(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                           context: Context) -> None:
    """Only a sysadmin (the harvester runs as one) sets this field; anyone
    else's edit keeps what is stored (``pemda_asal`` decides where harvested
    datasets go)."""
    if _sets_everything(context):
        return
    stored = _stored(data, key[0])
    if stored:
        data[key] = stored
    else:
        data.pop(key, None)
        raise StopOnError


def satudata_kode_opd_unique(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                             context: Context) -> None:
    kode = data.get(key)
    if _blank(kode):
        return
    # unique within one pemda: this portal's own OPDs, or those harvested from
    # one other government (pemda_asal), whose codes follow the same scheme
    own_region = tk.config["ckanext.satudata.kode_wilayah"]
    # the pemda the OPD will have: what it is given, or keeps (satudata_sysadmin_sets)
    pemda = data.get(("pemda_asal",)) if _sets_everything(context) else _stored(data, "pemda_asal")
    pemda = pemda.strip() if isinstance(pemda, str) else ""
    if pemda == own_region:
        pemda = ""          # this portal's own government
    stored = sa.func.coalesce(sa.func.nullif(model.Group.extras["pemda_asal"].astext, own_region), "")
    query = (model.Session.query(model.Group.name)
             .filter(model.Group.extras["kode_opd"].astext == kode, model.Group.state != "deleted",
                     stored == pemda))
    own_id = data.get(("id",))
    if own_id:
        # organization_patch passes on the id it was given, which may be the name
        query = query.filter(model.Group.id != own_id, model.Group.name != own_id)
    other = query.first()
    if other is not None:
        errors[key].append(tk._("OPD {name} already has the code {code}").format(name=other.name, code=kode))


def _started(data: FlattenDataDict, entry: tuple[Any, ...]) -> bool:
    return any(k[:2] == entry and len(k) == 3 and not _blank(v) for k, v in data.items())


def _drop_blank_entries(data: FlattenDataDict, fields: set[str]) -> None:
    """Forget repeating entries left wholly empty (the form always offers one)."""
    entries = {k[:2] for k in data if len(k) == 3 and k[0] in fields}
    for entry in entries - {e for e in entries if _started(data, e)}:
        for k in [k for k in data if k[:2] == entry]:
            del data[k]


def _entries(data: FlattenDataDict, field: str) -> int:
    """How many entries of a repeating field carry a value."""
    filled = {k[1] for k, v in data.items() if len(k) == 3 and k[0] == field and not _blank(v)}
    return len(filled)


@scheming_validator
def satudata_dataset_rules(field: Any, schema: dict[str, Any]):
    """Rules that tie fields together, checked once all fields are valid."""
    repeating = {f["field_name"] for f in schema.get("dataset_fields", []) if "repeating_subfields" in f}

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                  context: Context) -> None:
        _dataset_rules(data, errors, repeating)
    return validator


def _dataset_rules(data: FlattenDataDict, errors: FlattenErrorDict, repeating: set[str]) -> None:
    def fail(field: str, message: str) -> None:
        errors.setdefault((field,), []).append(message)

    _drop_blank_entries(data, repeating)

    # ISO dates by now (isodate, then convert_to_json_if_date): text order is time order
    start, end = data.get(("periode_awal",)), data.get(("periode_akhir",))
    if isinstance(start, str) and isinstance(end, str) and end[:10] < start[:10]:
        fail("periode_akhir", tk._("The period cannot end before it starts"))

    # a published one is satudata_review_rules' case: it must be taken down first
    if data.get(("klasifikasi_akses",)) == "tertutup" \
            and data.get(("satudata_status",)) != machine.PUBLISHED:
        if data.get(("private",)) is False:
            fail("private", tk._("A Tertutup (closed) dataset can never be public"))
        data[("private",)] = True

    kind = data.get(("jenis_data",))
    for field, name in (("ms_keg", "MS-Keg"), ("ms_ind", "MS-Ind")):
        count = _entries(data, field)
        if kind == "statistik" and not count:
            fail(field, tk._("Statistical data needs its {name} metadata").format(name=name))
        elif kind != "statistik" and count:
            # on jenis_data: an error on the list itself would clash with its entries' errors
            fail("jenis_data", tk._("{name} metadata belongs to statistical data only").format(name=name))
    if kind == "geospasial" and _blank(data.get(("spatial",), missing)):
        fail("spatial", tk._("Geospatial data needs its spatial extent"))


def satudata_level(value: Any, context: Context) -> Any:
    if not 1 <= value <= 4:
        raise tk.Invalid(tk._("The level is 1 (province) to 4 (village)"))
    return value


def satudata_given_number(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                          context: Context) -> None:
    """An empty ``limit=`` or ``offset=`` is refused, and the field's other
    validators (which would compare it with a number: a 500) are not run."""
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[key].append(tk._("Please enter an integer value"))
        raise StopOnError


def satudata_strict_boolean(value: Any, context: Context) -> bool:
    """``true``/``false`` (also 1/0, yes/no); anything else is refused,
    where CKAN's ``boolean_validator`` would read it as false."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise tk.Invalid(tk._("Give true or false"))


def satudata_max_offset(value: Any, context: Context) -> Any:
    """An ``offset`` PostgreSQL can take (a larger one would overflow bigint)."""
    if isinstance(value, int) and value > 1_000_000:
        raise tk.Invalid(tk._("At most {count}").format(count=1_000_000))
    return value


def satudata_page_limit(value: Any, context: Context) -> Any:
    # navl runs it after is_positive_integer refused a value (left as given)
    return min(value, store.MAX_LIMIT) if isinstance(value, int) else value

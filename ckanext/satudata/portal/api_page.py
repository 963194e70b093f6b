"""What the developers' and harvesters' page at ``/api`` shows.

``build()`` turns a few facts the view read through actions (an example
dataset and OPD, the code lists) into the page's examples: the action API
with ``curl`` commands, the Data API's (``datastore_search`` over a
loaded public table, ``table_examples``), the public ``satudata_*`` actions, the DCAT feed's
addresses and formats, paging and ``modified_since``. Every URL is built
from ``ckan.site_url`` (``url_for(..., _external=True)``), never from the
request's host.

A client that prefers JSON to HTML (``Accept: application/json``, or
``*/*`` as curl and most libraries send it) still gets CKAN's own
``{"version": 1}`` there: ``wants_page()`` decides.
"""
from __future__ import annotations

import datetime
import json
import shlex
from typing import Any, Optional
from urllib.parse import urlencode

import ckan.plugins.toolkit as tk

from ..access import files

__all__ = ["satudata_dcat_links"]

# (extension, media type): the catalogue's formats, ckanext-dcat's names
FEED_FORMATS = (("ttl", "text/turtle"), ("rdf", "application/rdf+xml"),
                ("xml", "application/rdf+xml"), ("jsonld", "application/ld+json"))


def wants_page(accept: Any) -> bool:
    """Whether a request's ``Accept`` (werkzeug's ``MIMEAccept``) asks for
    HTML before JSON. A browser names ``text/html``; curl and scripts send
    ``*/*`` or ``application/json`` and keep CKAN's JSON answer."""
    best = accept.best_match(["application/json", "text/html"], default="application/json")
    return best == "text/html"


def _external(endpoint: str, **values: Any) -> str:
    return tk.url_for(endpoint, locale="default", _external=True, **values)


def action_url(action: str, **params: Any) -> str:
    base = _external("api.action", ver=3, logic_function=action)
    return f"{base}?{urlencode(params, safe=':,')}" if params else base


def _curl_get(url: str, **params: Any) -> str:
    """``curl -G <url> --data-urlencode k=v …``: the shell quotes what needs it."""
    parts = ["curl", "-G", shlex.quote(url)]
    for key, value in params.items():
        parts += ["--data-urlencode", shlex.quote(f"{key}={value}")]
    return " ".join(parts)


def _example(key: str, title: str, command: str, url: Optional[str] = None,
             note: str = "") -> dict[str, str]:
    return {"id": key, "title": title, "command": command, "url": url or "", "note": note}


def action_examples(dataset: str, opd: str) -> list[dict[str, str]]:
    search = action_url("package_search")
    since = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    return [
        _example("package-search", tk._("Search datasets (q, fq, rows, start)"),
                 _curl_get(search, q="penduduk", fq=f"organization:{opd}", rows=10, start=0),
                 action_url("package_search", q="penduduk", fq=f"organization:{opd}", rows=10, start=0),
                 tk._("q: words to look for; fq: filters on fields (organization, urusan, tahun, "
                      "res_format, cakupan_wilayah …); rows: how many (at most 1000); start: "
                      "how many to skip.")),
        _example("package-search-next", tk._("The next page of results"),
                 _curl_get(search, q="penduduk", rows=10, start=10),
                 action_url("package_search", q="penduduk", rows=10, start=10),
                 tk._("The answer's result.count is the number of hits: raise start by rows "
                      "until it reaches count.")),
        _example("package-search-changed", tk._("Datasets changed since a date, newest first"),
                 _curl_get(search, fq=f"metadata_modified:[{since}T00:00:00Z TO NOW]",
                           sort="metadata_modified desc", rows=100),
                 action_url("package_search", fq=f"metadata_modified:[{since}T00:00:00Z TO NOW]",
                            sort="metadata_modified desc", rows=100)),
        _example("package-show", tk._("One dataset with its files (package_show)"),
                 "curl " + shlex.quote(action_url("package_show", id=dataset)),
                 action_url("package_show", id=dataset)),
        _example("organization-list", tk._("The OPD (organization_list)"),
                 "curl " + shlex.quote(action_url("organization_list", all_fields="true")),
                 action_url("organization_list", all_fields="true")),
        _example("post-json", tk._("The same search as a POST with a JSON body"),
                 "curl -X POST " + shlex.quote(search) + " -H 'Content-Type: application/json' "
                 "-d '{\"q\": \"penduduk\", \"rows\": 5}'"),
        _example("token", tk._("Signed-in actions with an API token"),
                 "curl -H \"Authorization: $CKAN_API_TOKEN\" "
                 + shlex.quote(action_url("satudata_review_list", mine="true")),
                 note=tk._("Officers create a token on their profile page (API Tokens). Never "
                           "put a token in a public script or page.")),
    ]


def table_examples(table: Optional[dict[str, Any]]) -> list[dict[str, str]]:
    """The Data API's examples over one loaded public table: ``table`` is
    ``{resource_id, field, value, fields}`` (a text column, one of its
    values, every column), placeholders on a portal without one."""
    table = table or {"resource_id": tk._("resource-id"), "field": tk._("column"),
                      "value": tk._("value"), "fields": [tk._("column")]}
    rid, field, value = table["resource_id"], table["field"], table["value"]
    search = action_url("datastore_search")
    columns = ",".join(table["fields"][:2])
    filters = json.dumps({field: value}, ensure_ascii=False)
    word = (str(value).split() or [value])[0]
    return [
        _example("datastore-search", tk._("A table's first rows (datastore_search)"),
                 _curl_get(search, resource_id=rid, limit=5),
                 action_url("datastore_search", resource_id=rid, limit=5),
                 tk._("resource_id: the file's id (on its page and in package_show); limit: how "
                      "many rows (at most 32000); offset: how many to skip. result.total is "
                      "the number of rows.")),
        _example("datastore-filters", tk._("Only the rows with a column's value (filters)"),
                 _curl_get(search, resource_id=rid, filters=filters),
                 action_url("datastore_search", resource_id=rid, filters=filters),
                 tk._("filters: a JSON object of column and value (a list of values for any of them).")),
        _example("datastore-q", tk._("Rows containing a word (full-text, q)"),
                 _curl_get(search, resource_id=rid, q=word),
                 action_url("datastore_search", resource_id=rid, q=word)),
        _example("datastore-sort", tk._("Chosen columns, sorted, the next page (fields, sort, offset)"),
                 _curl_get(search, resource_id=rid, fields=columns, sort=f"{field} desc",
                           limit=10, offset=10),
                 action_url("datastore_search", resource_id=rid, fields=columns,
                            sort=f"{field} desc", limit=10, offset=10)),
        _example("datastore-info", tk._("A table's columns and their types (datastore_info)"),
                 "curl " + shlex.quote(action_url("datastore_info", id=rid)),
                 action_url("datastore_info", id=rid),
                 tk._("SQL queries (datastore_search_sql) are not offered. The rows of a Terbatas "
                      "dataset answer only its OPD, the walidata and holders of a live access "
                      "grant (with their API token); to everyone else the table does not exist.")),
    ]


def pick_table(datasets: list[dict[str, Any]], first_row: Any,
               tries: int = 5) -> Optional[dict[str, Any]]:
    """The first loaded file of the public, not Terbatas ``datasets`` (a
    ``package_search`` page) with a text column, for the Data API's
    examples; ``first_row(resource_id)`` reads its first row and columns
    (``datastore_search``), None when it cannot. At most ``tries`` tables
    are read (placeholders after that)."""
    loaded = (resource for dataset in datasets if not files.restricted(dataset)
              for resource in dataset.get("resources") or [] if resource.get("datastore_active"))
    for resource, _ in zip(loaded, range(tries)):
        found = first_row(resource["id"])
        if not found or not found.get("records"):
            continue
        fields = [f["id"] for f in found["fields"] if not f["id"].startswith("_")]
        row = found["records"][0]
        text = [f["id"] for f in found["fields"]
                if f["type"] == "text" and f["id"] in fields and row.get(f["id"])]
        if text:
            return {"resource_id": resource["id"], "field": text[0],
                    "value": row[text[0]], "fields": fields}
    return None


def public_actions() -> list[dict[str, str]]:
    """Our actions a visitor may call without signing in (their auth
    functions allow anonymous access; tests/portal/test_api_page.py calls
    each one anonymously)."""
    return [
        {"name": "satudata_vocabulary_list", "params": "",
         "what": tk._("The code lists: name, title, source, licence and number of terms.")},
        {"name": "satudata_vocabulary_show", "params": "id, q, parent, level, code, limit, offset",
         "what": tk._("One code list's terms, searched and paged (limit at most 1000).")},
        {"name": "satudata_schedule_list",
         "params": "owner_org, status, due_before, urusan, sort, limit, offset",
         "what": tk._("The release calendar: when each published dataset is due to be updated.")},
        {"name": "satudata_schedule_show", "params": "id",
         "what": tk._("One dataset's update schedule: frequency, last update, next due date.")},
        {"name": "satudata_daftar_data_list",
         "params": "tahun, owner_org, fulfilled, prioritas, limit, offset",
         "what": tk._("The Daftar Data: the data planned for a year and the datasets fulfilling it.")},
        {"name": "satudata_daftar_data_show", "params": "id",
         "what": tk._("One Daftar Data entry.")},
        {"name": "satudata_daftar_data_summary", "params": "tahun",
         "what": tk._("How much of a year's Daftar Data is fulfilled, overall and per OPD.")},
    ]


def feed(dataset: str) -> dict[str, Any]:
    since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=7)) \
        .astimezone(datetime.timezone(datetime.timedelta(hours=7))).replace(microsecond=0)
    catalog_ttl = _external("dcat.read_catalog", _format="ttl")
    dataset_page = _external("dataset.read", id=dataset)
    return {
        "catalog": [{"format": fmt, "media_type": media,
                     "url": _external("dcat.read_catalog", _format=fmt)} for fmt, media in FEED_FORMATS],
        "dataset": [{"format": fmt, "media_type": media,
                     "url": _external("dcat.read_dataset", _id=dataset, _format=fmt)}
                    for fmt, media in FEED_FORMATS if fmt != "xml"],
        "per_page": tk.config.get("ckanext.dcat.datasets_per_page") or 100,
        "page_command": _curl_get(catalog_ttl, page=2),
        "since_command": _curl_get(catalog_ttl, modified_since=since.isoformat()),
        "since": since.isoformat(),
        "negotiation_command": "curl -H 'Accept: text/turtle' " + shlex.quote(dataset_page),
    }


def vocabularies(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": v["name"], "title": v.get("title") or v["name"],
             "term_count": v.get("term_count"),
             "page": tk.url_for("satudata_vocab.scheme", name=v["name"]),
             "ttl": _external("satudata_vocab.scheme", name=f"{v['name']}.ttl"),
             "api": action_url("satudata_vocabulary_show", id=v["name"], limit=20)}
            for v in found]


def build(dataset: Optional[str], opd: Optional[str],
          found_vocabularies: list[dict[str, Any]],
          table: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """The page's content; ``dataset`` and ``opd`` are real names to show
    in the examples (placeholders on an empty portal)."""
    dataset = dataset or tk._("dataset-name")
    opd = opd or tk._("opd-name")
    version = tk.h.ckan_version().split(".")
    return {
        "site_url": tk.config.get("ckan.site_url", "").rstrip("/"),
        "action_base": _external("api.action", ver=3, logic_function="").rstrip("/"),
        "examples": action_examples(dataset, opd),
        "table_examples": table_examples(table),
        "actions": public_actions(),
        "feed": feed(dataset),
        "vocabularies": vocabularies(found_vocabularies),
        "ckan_docs": f"https://docs.ckan.org/en/{version[0]}.{version[1]}/api/",
        "help_url": action_url("help_show", name="package_search"),
        "example_dataset": dataset,
        "example_opd": opd,
    }


_LABELS = {"ttl": "Turtle", "rdf": "RDF/XML", "xml": "RDF/XML", "jsonld": "JSON-LD"}


def satudata_dcat_links(name: Optional[str] = None) -> list[dict[str, str]]:
    """The DCAT-AP links of a dataset (its name or id), or of the whole
    catalogue without one: ``[{format, label, media_type, url}]``."""
    if name:
        return [{"format": fmt, "label": _LABELS[fmt], "media_type": media,
                 "url": tk.url_for("dcat.read_dataset", _id=name, _format=fmt)}
                for fmt, media in FEED_FORMATS if fmt != "xml"]
    return [{"format": fmt, "label": _LABELS[fmt] if fmt != "xml" else "XML", "media_type": media,
             "url": tk.url_for("dcat.read_catalog", _format=fmt)}
            for fmt, media in FEED_FORMATS]

"""Bulk loader for the benchmark: realistic Satu Data datasets, fast.

Rows go straight into CKAN's tables with COPY (package, resource,
package_tag, member); organizations and topic groups are made with CKAN's
own actions. Each dataset is then indexed through CKAN's own document
builder, ``PackageSearchIndex.index_package``, fed with the two dicts
``package_show`` would return (default and custom schema), built here from
the same generated values instead of being read back with one
``package_show`` per dataset (:func:`checks.shape` compares them with the
real thing).

Dataset *i* is drawn from :mod:`vocab` with its own seed, so it is the same
in every run and loading can grow incrementally (1k, then 9k more, ...).
Needs a loaded CKAN config and an app/request context (see ``run.py``).
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import json
import random
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ckan.lib.search.index as search_index
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
import vocab as V
from ckan import model
from ckan.lib.plugins import lookup_package_plugin, plugin_validate
from ckan.logic import apply_after_dataset_show_plugins

from ckanext.satudata.search import hooks as index_hooks, index as satudata_index

__all__ = ["Generated", "LoadStats", "Loader", "vacuum_analyze"]

SEED = 20251123
END = dt.datetime(2025, 10, 31, 16, 0, 0)          # newest metadata_modified
SPAN = dt.timedelta(days=5 * 365)                   # spread over five years
_MIME = {"CSV": "text/csv", "JSON": "application/json", "PDF": "application/pdf",
         "SHP": "application/zip",
         "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_EXT = {"CSV": "csv", "XLSX": "xlsx", "JSON": "json", "PDF": "pdf", "SHP": "zip"}
_PERIOD = {"tahunan": "tahun", "semesteran": "semester", "triwulanan": "triwulan",
           "bulanan": "bulan"}
_OPD_WEIGHTS = [3, 3, 3, 3, 2] + [1] * (len(V.OPDS) - 5)   # a few OPDs publish most
_ORG_KEYS = ("id", "name", "title", "type", "description", "image_url", "created",
             "is_organization", "approval_status", "state")

PACKAGE_COLS = ("id", "name", "title", "version", "url", "notes", "author", "author_email",
                "maintainer", "maintainer_email", "state", "license_id", "type", "owner_org",
                "private", "metadata_modified", "creator_user_id", "metadata_created",
                "plugin_data", "extras")
RESOURCE_COLS = ("id", "url", "format", "description", "position", "hash", "state", "extras",
                 "name", "resource_type", "mimetype", "mimetype_inner", "size", "last_modified",
                 "cache_url", "cache_last_updated", "created", "url_type", "package_id",
                 "metadata_modified")
PACKAGE_TAG_COLS = ("id", "state", "package_id", "tag_id")
MEMBER_COLS = ("id", "group_id", "table_id", "state", "table_name", "capacity")


def _custom(default: dict[str, Any]) -> dict[str, Any]:
    """The custom-schema dict exactly as ``package_show`` derives it from the
    default one: the scheming schema's show validators, then the
    ``after_dataset_show`` plugins (completeness, walidata)."""
    plugin = lookup_package_plugin("dataset")
    context: Any = {"model": model, "session": model.Session, "ignore_auth": True}
    custom, _errors = plugin_validate(plugin, context, copy.deepcopy(default),
                                      plugin.show_package_schema(), "package_show")
    apply_after_dataset_show_plugins(context, custom)
    return custom


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _cell(v: Any) -> str:
    """A value in COPY's text format."""
    if v is None:
        return r"\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dict):
        v = json.dumps(v, ensure_ascii=False)
    v = str(v)
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(cur: Any, table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_cell(v) for v in row))
        buf.write("\n")
    buf.seek(0)
    cur.copy_expert(f"COPY {table} ({', '.join(cols)}) FROM STDIN", buf)


@dataclasses.dataclass
class Generated:
    """One dataset: its table rows and the two ``package_show`` dicts."""
    package: tuple
    resources: list[tuple]
    package_tags: list[tuple]
    members: list[tuple]
    default: dict[str, Any]
    custom: dict[str, Any]


@dataclasses.dataclass
class LoadStats:
    added: int = 0
    rows_s: float = 0.0        # generating + COPY of package, resource, package_tag, member
    index_s: float = 0.0       # document building + writing
    build_s: float = 0.0       # of index_s: CKAN's document builder (batch mode)
    write_s: float = 0.0       # of index_s: upsert + commit (batch mode)
    analyze_s: float = 0.0     # VACUUM ANALYZE after the load

    @property
    def rate(self) -> float:
        total = self.rows_s + self.index_s
        return self.added / total if total else 0.0


class _Buffer:
    """Stands in for the search connection while CKAN builds documents:
    keeps them so they can be written 1,000 at a time."""

    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []

    def add(self, docs: list[dict[str, Any]], commit: bool = True, **_: Any) -> None:
        self.docs.extend(docs)


@contextmanager
def _buffered_documents() -> Iterator[_Buffer]:
    buffer = _Buffer()
    original = search_index.make_connection
    search_index.make_connection = lambda *a, **k: buffer   # bench only; restored below
    try:
        yield buffer
    finally:
        search_index.make_connection = original


def vacuum_analyze() -> None:
    """What autovacuum would do soon after a bulk load, done now so every
    size is measured in the same steady state."""
    engine = model.Session.get_bind()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        tables = [r[0] for r in conn.execute(sa.text(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
            "AND (tablename LIKE 'satudata_search%' OR tablename IN "
            "('package', 'resource', 'package_tag', 'member', 'tag', 'group'))"))]
        for table in tables:
            conn.execute(sa.text(f"VACUUM (ANALYZE) {table}"))


class Loader:
    """Grows the bench database to a number of datasets."""

    def __init__(self, seed: int = SEED, index_via: str = "batch", chunk: int = 5000,
                 batch: int = 1000, echo: Callable[[str], None] = print) -> None:
        self.seed = seed
        self.index_via = index_via          # "batch" (1,000 per upsert) or "add" (one per call)
        self.chunk = chunk
        self.batch = batch
        self.echo = echo
        self.orgs: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self.tag_ids: dict[str, str] = {}
        self.creator_id = ""
        self.licenses: dict[str, Any] = {}

    # -- fixed objects -------------------------------------------------------
    def prepare(self) -> None:
        """Organizations and groups through actions, tags by SQL (idempotent)."""
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        self.creator_id = site_user["id"]
        ctx = {"user": site_user["name"], "ignore_auth": True}
        existing = {r[0] for r in model.Session.execute(sa.text('SELECT name FROM "group"'))}
        for number, (name, title, *_) in enumerate(V.OPDS, start=1):
            if name not in existing:
                tk.get_action("organization_create")(dict(ctx), {
                    "name": name, "title": title, "description": f"{title} Kabupaten Serang.",
                    "kode_opd": f"9.99.0.00.0.00.{number:02d}.0000", "jenis_instansi": "department"})
        for name, title in V.GROUPS:
            if name not in existing:
                tk.get_action("group_create")(dict(ctx), {"name": name, "title": title})
        rows = model.Session.execute(sa.text(
            f'SELECT {", ".join(_ORG_KEYS)} FROM "group"')).mappings().all()
        for r in rows:
            if r["is_organization"]:
                self.orgs[r["name"]] = dict(r, created=r["created"].isoformat())
            else:
                self.groups[r["name"]] = {
                    "description": r["description"], "display_name": r["title"] or r["name"],
                    "id": r["id"], "image_display_url": r["image_url"], "name": r["name"],
                    "title": r["title"]}
        have = dict(model.Session.execute(sa.text(
            "SELECT name, id FROM tag WHERE vocabulary_id IS NULL")).all())
        rng = random.Random(self.seed)
        missing = [(_uuid(rng), t) for t in V.all_tags() if t not in have]
        if missing:
            model.Session.execute(sa.text("INSERT INTO tag (id, name) VALUES (:id, :name)"),
                                  [{"id": i, "name": n} for i, n in missing])
            have.update({n: i for i, n in missing})
        self.tag_ids = have
        model.Session.commit()
        register = model.Package.get_license_register()
        self.licenses = {lid: register[lid] for lid, _ in V.LICENSES}

    def count(self) -> int:
        return int(model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar() or 0)

    # -- one dataset ---------------------------------------------------------
    def generate(self, i: int) -> Generated:
        rng = random.Random(f"{self.seed}:{i}")
        pkg_id = _uuid(rng)
        opd, opd_title, topic, indicators, topical = rng.choices(V.OPDS, weights=_OPD_WEIGHTS)[0]
        org = self.orgs[opd]
        indicator = rng.choice(indicators)
        pattern = _weighted(rng, V.BREAKDOWNS)
        kec = rng.choice(V.KECAMATAN)
        breakdown = pattern.format(k=kec)
        year = rng.choice(V.YEARS)
        title = f"{indicator} {breakdown} {year}"
        modified = END - dt.timedelta(seconds=rng.uniform(0, SPAN.total_seconds()))
        created = modified - dt.timedelta(seconds=rng.uniform(0, 400 * 86400))
        frequency = rng.choice(V.FREQUENCIES)
        source = rng.choice(V.SOURCES).format(opd=opd_title)
        unit = rng.choice(V.UNITS)

        where = ("di Kabupaten Serang" if pattern == "Kabupaten Serang" else
                 pattern.replace("Kecamatan {k}", "{k}").lower().replace("{k}", f"Kecamatan {kec}"))
        more = [
            (f"Data ini dihimpun oleh {opd_title} sebagai bagian dari statistik sektoral "
             "Satu Data Indonesia."),
            f"Sumber data: {source}.",
            f"Data diperbarui setiap {_PERIOD[frequency]} dan disajikan dalam satuan {unit}.",
            f"Angka tahun {year} bersifat sementara dan dapat berubah setelah verifikasi walidata.",
        ]
        notes = " ".join([f"Data {indicator.lower()} {where} tahun {year}."]
                         + rng.sample(more, rng.randint(0, 2)))

        tags = rng.sample(topical, min(len(topical), rng.randint(1, 3)))
        if "{k}" in pattern and rng.random() < 0.7:
            tags.append(kec.lower())
        tags = list(dict.fromkeys(tags + rng.sample(V.GENERAL_TAGS, rng.randint(0, 2))))
        while len(tags) < 2:
            tags = list(dict.fromkeys(tags + [rng.choice(V.GENERAL_TAGS)]))
        tags = tags[:6]

        private = rng.random() < 0.10
        license_id = _weighted(rng, V.LICENSES)
        with_maintainer = rng.random() < 0.5
        maintainer = f"Bidang Data dan Informasi {opd_title}" if with_maintainer else None
        maintainer_email = f"data.{opd}@serangkab.go.id" if with_maintainer else None
        # Satu Data fields as CKAN stores them (package.extras, lists as JSON text)
        extras = {"sumber_data": source, "frekuensi": frequency, "satuan": unit,
                  "tahun": json.dumps([year]), "urusan": V.URUSAN[opd],
                  "klasifikasi_akses": "terbatas" if private else "terbuka",
                  "cakupan_wilayah": "36.04"}
        group_names = [topic] if rng.random() < 0.9 else []
        if rng.random() < 0.1:
            group_names = list(dict.fromkeys(group_names + [rng.choice(V.GROUPS)[0]]))

        formats = [_weighted(rng, V.FORMATS) for _ in range(rng.randint(1, 3))]
        if opd in V.MAP_OPDS and rng.random() < 0.3:
            formats[-1] = "SHP"
        resources, res_dicts = self._resources(rng, pkg_id, formats, created,
                                               f"{indicator} {year}", title)

        package_row = (pkg_id, f"{_slug(title)[:88]}-{i:06d}", title, None, None, notes, None,
                       None, maintainer, maintainer_email, "active", license_id, "dataset",
                       org["id"], private, modified, self.creator_id, created, None, extras)
        package_tags = [(_uuid(rng), "active", pkg_id, self.tag_ids[t]) for t in tags]
        members = [(_uuid(rng), org["id"], pkg_id, "active", "package", "organization")]
        members += [(_uuid(rng), self.groups[g]["id"], pkg_id, "active", "package", "public")
                    for g in group_names]
        default = self._shown(package_row, org, res_dicts, tags, group_names)
        custom = _custom(default)
        return Generated(package_row, resources, package_tags, members, default, custom)

    def _resources(self, rng: random.Random, pkg_id: str, formats: list[str],
                   created: dt.datetime, subject: str, title: str) -> tuple[list, list]:
        rows, dicts = [], []
        for pos, fmt in enumerate(formats):
            rid = _uuid(rng)
            when = created + dt.timedelta(seconds=rng.uniform(1, 3600))
            name = {"SHP": f"Peta Sebaran {subject}", "PDF": f"Laporan {subject}",
                    "JSON": f"API {subject}"}.get(fmt, f"Tabel {title}")
            desc = f"{name} dalam format {fmt}."
            url = (f"https://satudata.serangkab.go.id/dataset/{pkg_id}/resource/{rid}/download/"
                   f"{_slug(name)}.{_EXT[fmt]}")
            size = rng.randint(2_000, 5_000_000)
            rows.append((rid, url, fmt, desc, pos, "", "active", None, name, None, _MIME[fmt],
                         None, size, None, None, None, when, None, pkg_id, when))
            dicts.append({
                "cache_last_updated": None, "cache_url": None, "created": when.isoformat(),
                "description": desc, "format": fmt, "hash": "", "id": rid, "last_modified": None,
                "metadata_modified": when.isoformat(), "mimetype": _MIME[fmt],
                "mimetype_inner": None, "name": name, "package_id": pkg_id, "position": pos,
                "resource_type": None, "size": size, "state": "active", "url": url,
                "url_type": None})
        return rows, dicts

    def _shown(self, row: tuple, org: dict[str, Any], res_dicts: list[dict[str, Any]],
               tags: list[str], group_names: list[str]) -> dict[str, Any]:
        """What ``package_show`` returns with the default schema, key order
        included (it orders the text of the search document)."""
        p = dict(zip(PACKAGE_COLS, row, strict=True))
        lic = self.licenses[p["license_id"]]
        extras = p["extras"]
        shown: dict[str, Any] = {
            "author": None, "author_email": None, "creator_user_id": p["creator_user_id"],
            "id": p["id"], "isopen": lic.isopen(), "license_id": p["license_id"],
            "license_title": lic.title.split("::")[-1] if lic.url else lic.title,
            "license_url": lic.url, "maintainer": p["maintainer"],
            "maintainer_email": p["maintainer_email"],
            "metadata_created": p["metadata_created"].isoformat(),
            "metadata_modified": p["metadata_modified"].isoformat(),
            "name": p["name"], "notes": p["notes"], "num_resources": len(res_dicts),
            "num_tags": len(tags), "organization": {k: org[k] for k in _ORG_KEYS},
            "owner_org": org["id"], "private": p["private"], "state": "active",
            "title": p["title"], "type": "dataset", "url": None, "version": None,
            # package.extras is jsonb: its keys come back shortest first
            "extras": [{"key": k, "value": extras[k]}
                       for k in sorted(extras, key=lambda k: (len(k), k))],
            "groups": sorted((self.groups[g] for g in group_names),
                             key=lambda g: g["display_name"]),
            "resources": res_dicts,
            "tags": [{"display_name": t, "id": self.tag_ids[t], "name": t, "state": "active",
                      "vocabulary_id": None} for t in sorted(tags)],
            "relationships_as_subject": [], "relationships_as_object": [],
        }
        if not lic.url:
            del shown["license_url"]
        if not group_names:       # package_show puts an empty groups list after the tags
            for key in ("resources", "tags", "groups", "relationships_as_subject",
                        "relationships_as_object"):
                shown[key] = shown.pop(key)
        return shown

    # -- loading -------------------------------------------------------------
    def grow_to(self, n: int) -> LoadStats:
        """Add datasets until there are ``n``; returns timings."""
        stats = LoadStats()
        for lo in range(self.count(), n, self.chunk):
            hi = min(n, lo + self.chunk)
            t0 = time.perf_counter()
            generated = [self.generate(i) for i in range(lo, hi)]
            cur = model.Session.connection().connection.cursor()
            _copy(cur, "package", PACKAGE_COLS, [g.package for g in generated])
            _copy(cur, "resource", RESOURCE_COLS, [r for g in generated for r in g.resources])
            _copy(cur, "package_tag", PACKAGE_TAG_COLS,
                  [t for g in generated for t in g.package_tags])
            _copy(cur, "member", MEMBER_COLS, [m for g in generated for m in g.members])
            model.Session.commit()
            t1 = time.perf_counter()
            for b in range(0, len(generated), self.batch):
                built, written = self._index(
                    [(g.default, g.custom) for g in generated[b:b + self.batch]])
                stats.build_s += built
                stats.write_s += written
            t2 = time.perf_counter()
            stats.rows_s += t1 - t0
            stats.index_s += t2 - t1
            stats.added += hi - lo
            self.echo(f"  loaded {hi:>7,} datasets  ({(hi - lo) / (t2 - t0):,.0f}/s this chunk)")
        t0 = time.perf_counter()
        vacuum_analyze()
        stats.analyze_s = time.perf_counter() - t0
        return stats

    def _index(self, dicts: list[tuple[dict[str, Any], dict[str, Any]]]) -> tuple[float, float]:
        """Build the documents with CKAN's indexer, write them, commit;
        returns the seconds spent building and writing (batch mode)."""
        t0 = time.perf_counter()
        # index_package looks each dataset up (permission labels): load the
        # batch into the session so those lookups hit its identity map
        keep = model.Session.query(model.Package).filter(
            model.Package.id.in_([d["id"] for d, _ in dicts])).all()
        indexer = search_index.PackageSearchIndex()
        if self.index_via == "add":
            for default, custom in dicts:
                indexer.index_package(dict(default, with_custom_schema=custom), defer_commit=True)
            model.Session.commit()
            return 0.0, 0.0
        with _buffered_documents() as buffer, \
                index_hooks.batch(model.Session, [d["id"] for d, _ in dicts]):
            for default, custom in dicts:
                indexer.index_package(dict(default, with_custom_schema=custom), defer_commit=True)
            index_hooks.flush()
        t1 = time.perf_counter()
        satudata_index.upsert(model.Session, buffer.docs)
        model.Session.commit()
        del keep
        return t1 - t0, time.perf_counter() - t1

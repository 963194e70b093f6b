"""Load the Kabupaten Serang demo portal through CKAN's own actions.

The content lives in ``opd.csv`` (loaded with ``satudata_opd_import``, as
``ckan satudata opd import`` does), ``users.json`` and ``datasets.json`` next
to this module; this loader only turns it into action calls made as the site
user (a sysadmin). Everything is looked up by name first, so a second run
creates nothing and changes nothing; a dataset that lacks one of its
resources (a run stopped halfway) gets it. Satu Data fields are sent when
the active scheming schema declares them.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import click
import flask
from werkzeug.datastructures import FileStorage

import ckan.lib.uploader as uploader
import ckan.plugins.toolkit as tk

from ..opd import csv_rows
from . import access, previews, quality, review, schedule, tables

__all__ = ["DemoLoadError", "load", "read_data", "PASSWORD_FILE"]

DATA_DIR = Path(__file__).parent
PASSWORD_FILE = Path(".local") / "demo-password"

_DATASET_CORE = ("name", "title", "notes", "license_id", "author", "author_email",
                 "maintainer", "maintainer_email")
_DATASET_METADATA = ("urusan", "frekuensi", "klasifikasi_akses", "jenis_data", "tahun", "periode_awal",
                     "periode_akhir", "cakupan_wilayah", "tingkat_penyajian", "satuan", "sumber_data",
                     "kode_daftar_data", "standar_data", "kontak", "spatial", "ms_keg", "ms_ind")
_RESOURCE_CORE = ("name", "description", "format", "url", "table", "file")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMATS = {"CSV": (".csv", "text/csv"), "XLSX": (".xlsx", _XLSX)}

Echo = Callable[[str], Any]


class DemoLoadError(Exception):
    """The demo data is inconsistent, or CKAN refused part of it."""


@dataclass(frozen=True)
class _File:
    resource: dict[str, Any]
    filename: str
    content: bytes


@dataclass
class _Tally:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    files: int = 0
    memberships: int = 0


def read_data(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Read and cross-check the demo's JSON files.

    :param data_dir: folder holding ``opd.json``, ``opd.csv``, ``users.json`` and ``datasets.json``
    :returns: ``wilayah``, ``organizations``, ``users``, ``datasets``,
        ``defaults`` and ``lists`` (``lists["opd"]`` is the OPD titles)
    :raises DemoLoadError: a user or dataset names an OPD that is not defined
    """
    opd = json.loads((data_dir / "opd.json").read_text(encoding="utf-8"))
    users = json.loads((data_dir / "users.json").read_text(encoding="utf-8"))["users"]
    catalogue = json.loads((data_dir / "datasets.json").read_text(encoding="utf-8"))
    with (data_dir / "opd.csv").open(encoding="utf-8", newline="") as handle:
        orgs = csv_rows.read(handle)
    org_names = {o["name"] for o in orgs}
    for user in users:
        for membership in user.get("memberships", []):
            if membership["org"] not in org_names:
                raise DemoLoadError(f"User {user['name']}: unknown OPD {membership['org']!r}")
    for dataset in catalogue["datasets"]:
        if dataset["org"] not in org_names:
            raise DemoLoadError(f"Dataset {dataset['name']}: unknown OPD {dataset['org']!r}")
        dataset.setdefault("review", "published")
        if dataset["review"] not in review.STORIES:
            raise DemoLoadError(f"Dataset {dataset['name']}: unknown review story "
                                f"{dataset['review']!r}")
    lists = dict(catalogue.get("lists", {}))
    lists.setdefault("opd", [o["title"] for o in orgs])
    return {"wilayah": opd["wilayah"], "organizations": orgs, "users": users,
            "datasets": catalogue["datasets"], "defaults": catalogue.get("defaults", {}),
            "lists": lists}


def load(echo: Echo = print, password_file: Path | str | None = None,
         data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Create the demo OPDs, users and datasets that do not exist yet.

    Needs CKAN's application context (``ckan satudata demo load`` has it).

    :param echo: where progress lines go (``click.echo`` from the CLI)
    :param password_file: the demo users' shared password, generated on the
        first run (default ``.local/demo-password`` under the working directory)
    :param data_dir: folder holding the JSON files
    :returns: counts of what was created, skipped and completed
    :raises DemoLoadError: bad demo data, uploads disabled, or an action refused
    """
    started = time.monotonic()
    data = read_data(data_dir)
    files = _render_files(data)  # a bad table spec stops the run before anything is created
    wilayah = data["wilayah"]
    echo(f"Demo portal for {wilayah['nama']} ({wilayah['kode']}): "
         f"{len(data['organizations'])} OPD, {len(data['users'])} users, "
         f"{len(data['datasets'])} datasets defined")
    password_path = Path(password_file) if password_file else PASSWORD_FILE
    with _request_context():
        _check_uploads()
        calls = _Calls(tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"])
        orgs = _load_orgs(calls, data["organizations"], echo)
        password = _password(password_path)
        users = _load_users(calls, data["users"], password, echo)
        datasets = _load_datasets(calls, data, files, echo)
        quality.load(calls, datasets.created, echo)     # before the schedule dates files back
        schedule.load(calls, datasets.created, echo)
        access.load(echo, DemoLoadError)
        previews.charts(data, calls.site_user, echo)
        previews.counts(data, calls.site_user, echo)
    echo(f"Demo users' password: {password}  (kept in {password_path})")
    echo(f"Done in {time.monotonic() - started:.1f} s")
    return {"orgs_created": len(orgs.created), "orgs_skipped": len(orgs.skipped),
            "users_created": len(users.created), "users_skipped": len(users.skipped),
            "memberships_added": users.memberships,
            "datasets_created": len(datasets.created),
            "datasets_skipped": len(datasets.skipped),
            "datasets_completed": len(datasets.completed),
            "files_uploaded": datasets.files}


class _Calls:
    """Action calls as the site user; a refusal becomes a DemoLoadError
    that names the object."""

    def __init__(self, site_user: str) -> None:
        self.site_user = site_user

    def __call__(self, action: str, what: str, **data_dict: Any) -> Any:
        try:
            return tk.get_action(action)({"user": self.site_user}, data_dict)
        except tk.ValidationError as err:
            raise DemoLoadError(f"{what}: {action} refused it: {err.error_summary}") from err

    def find(self, action: str, name: str) -> dict[str, Any] | None:
        try:
            return tk.get_action(action)({"user": self.site_user}, {"id": name})
        except tk.ObjectNotFound:
            return None

    def schema_fields(self, action: str, section: str, **data_dict: Any) -> set[str]:
        """Field names that the active scheming schema declares in ``section``."""
        schema = tk.get_action(action)({"user": self.site_user}, data_dict)
        return {f["field_name"] for f in schema.get(section) or []}


def _load_orgs(calls: _Calls, orgs: list[dict[str, Any]], echo: Echo) -> _Tally:
    tally = _Tally()
    for result in calls("satudata_opd_import", "OPD list", rows=orgs):
        if result["status"] == "error":
            raise DemoLoadError(f"OPD {result['name']}: {result['errors']}")
        (tally.created if result["status"] == "created" else tally.skipped).append(result["name"])
    _report(echo, "OPD", tally)
    return tally


def _load_users(calls: _Calls, users: list[dict[str, Any]], password: str,
                echo: Echo) -> _Tally:
    tally = _Tally()
    members: dict[str, set[str]] = {}
    for user in users:
        found = calls.find("user_show", user["name"])
        if found:
            tally.skipped.append(user["name"])
        else:
            found = calls("user_create", f"User {user['name']}", name=user["name"],
                          fullname=user["fullname"], email=user["email"], password=password)
            tally.created.append(user["name"])
        for membership in user.get("memberships", []):
            org = membership["org"]
            if org not in members:
                rows = calls("member_list", f"OPD {org}", id=org, object_type="user")
                members[org] = {user_id for user_id, _type, _capacity in rows}
            if found["id"] in members[org]:
                continue  # an existing role is left as it is
            calls("organization_member_create", f"Member {user['name']} of {org}",
                  id=org, username=user["name"], role=membership["capacity"])
            members[org].add(found["id"])
            tally.memberships += 1
    _report(echo, "users", tally)
    echo(f"Added {tally.memberships} OPD memberships")
    return tally


def _load_datasets(calls: _Calls, data: dict[str, Any], files: dict[str, list[_File]],
                   echo: Echo) -> _Tally:
    action = "scheming_dataset_schema_show"
    dataset_fields = calls.schema_fields(action, "dataset_fields", type="dataset")
    resource_fields = calls.schema_fields(action, "resource_fields", type="dataset")
    orgs = {o["name"]: o for o in data["organizations"]}
    walidata = next(u["name"] for u in data["users"] if u.get("peran") == "walidata")
    officers = {m["org"]: u["name"] for u in data["users"] if u.get("peran") == "produsen"
                for m in u.get("memberships", [])}
    tally = _Tally()
    thinned = quality.replaced()
    with click.progressbar(data["datasets"], label="Datasets",
                           item_show_func=lambda d: d["name"] if d else None) as bar:
        for spec in bar:
            dataset = calls.find("package_show", spec["name"])
            if dataset is None:
                data_dict = _dataset_dict(spec, orgs[spec["org"]], data["defaults"],
                                          dataset_fields)
                dataset = calls("package_create", f"Dataset {spec['name']}", **data_dict)
                tally.created.append(spec["name"])
            have = {r["name"] for r in dataset.get("resources", [])}
            missing = [f for f in files[spec["name"]] if f.resource["name"] not in have
                       and (spec["name"] in tally.created or spec["name"] not in thinned)]
            for file in missing:
                _upload(calls, dataset["id"], file, resource_fields)
            tally.files += len(missing)
            if spec["name"] in tally.created:
                # an OPD without a demo officer submits through the site user
                review.play(spec["review"], dataset, officers.get(spec["org"], calls.site_user),
                            walidata, DemoLoadError)
            else:
                (tally.completed if missing else tally.skipped).append(spec["name"])
    private = sum(1 for d in data["datasets"]
                  if d["review"] not in ("published", "revision") and d["name"] in tally.created)
    _report(echo, "datasets", tally, extra=f" ({private} not published), {tally.files} files uploaded")
    if tally.completed:
        echo(f"Added missing resources to {len(tally.completed)} existing datasets: "
             + ", ".join(tally.completed))
    return tally


def _dataset_dict(spec: dict[str, Any], org: dict[str, Any], defaults: dict[str, Any],
                  dataset_fields: set[str]) -> dict[str, Any]:
    merged = {**defaults, **spec}
    data_dict = {k: merged[k] for k in _DATASET_CORE if k in merged}
    data_dict.setdefault("author", org["title"])  # author = Produsen Data (the OPD)
    data_dict.setdefault("author_email", org.get("email", ""))
    if merged.get("notes_footer"):
        data_dict["notes"] = f"{data_dict.get('notes', '')}\n\n{merged['notes_footer']}".strip()
    data_dict.update(owner_org=org["name"], tags=[{"name": t} for t in spec.get("tags", [])])
    data_dict.update({k: spec[k] for k in _DATASET_METADATA if k in dataset_fields and k in spec})
    return data_dict


def _upload(calls: _Calls, package_id: str, file: _File, resource_fields: set[str]) -> None:
    res = file.resource
    _ext, mimetype = _FORMATS[res["format"]]
    upload = FileStorage(stream=io.BytesIO(file.content), filename=file.filename,
                         content_type=mimetype)
    extra = {k: v for k, v in res.items() if k in resource_fields and k not in _RESOURCE_CORE}
    calls("resource_create", f"Resource {file.filename}", package_id=package_id,
          name=res["name"], description=res.get("description", ""), format=res["format"],
          url=file.filename, url_type="upload", upload=upload, **extra)


def _render_files(data: dict[str, Any]) -> dict[str, list[_File]]:
    """Every resource's file name and bytes, by dataset name."""
    orgs = {o["name"]: o for o in data["organizations"]}
    out: dict[str, list[_File]] = {}
    for spec in data["datasets"]:
        what = f"Dataset {spec['name']}"
        out[spec["name"]] = []
        for index, res in enumerate(spec["resources"]):
            if res.get("format") not in _FORMATS:
                raise DemoLoadError(f"{what}: format {res.get('format')!r} "
                                    f"is not one of {sorted(_FORMATS)}")
            if res.get("file"):     # a file as an OPD might upload it (demo/files/: untidy ones)
                path = (DATA_DIR / res["file"]).resolve()
                if DATA_DIR.resolve() not in path.parents or not path.is_file():
                    raise DemoLoadError(f"{what}: no file {res['file']!r} in the demo folder")
                name = path.name
                out[spec["name"]].append(_File(res, name, path.read_bytes()))
                continue
            table_spec = res.get("table") or spec.get("table")
            if not table_spec:
                raise DemoLoadError(f"{what}: resource {res['name']!r} has no table")
            try:
                table = tables.build_table(table_spec, data["lists"],
                                           seed=f"{spec['name']}/{index}")
            except tables.SpecError as err:
                raise DemoLoadError(f"{what}: {err}") from err
            if res["format"] == "XLSX":
                notes = _xlsx_notes(spec, orgs[spec["org"]], data)
                content = tables.to_xlsx(table, notes=notes)
            else:
                content = tables.to_csv(table)
            ext, _mimetype = _FORMATS[res["format"]]
            out[spec["name"]].append(_File(res, _slug(res["name"]) + ext, content))
    return out


def _xlsx_notes(spec: dict[str, Any], org: dict[str, Any],
                data: dict[str, Any]) -> list[tuple[str, str]]:
    wilayah = data["wilayah"]
    notes = [("Judul", spec["title"]), ("Produsen Data", org["title"]),
             ("Wilayah", f"{wilayah['nama']} ({wilayah['kode']})"),
             ("Tahun", ", ".join(map(str, spec.get("tahun", [])))), ("Frekuensi", spec.get("frekuensi", "")),
             ("Satuan", spec.get("satuan", "")), ("Sumber Data", spec.get("sumber_data", "")),
             ("Kode Urusan", spec.get("urusan", ""))]
    footer = data["defaults"].get("notes_footer")
    if footer:
        notes.append(("Catatan", footer.strip("_*")))
    return notes


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _password(path: Path) -> str:
    """The shared demo password: read from ``path``, or generated once into it."""
    if path.is_file() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


def _check_uploads() -> None:
    """Refuse to run when resource files would not reach CKAN's storage:
    its uploaders skip the file silently in that case."""
    upload = uploader.get_resource_uploader({})
    has_storage = any(getattr(upload, attr, None) is not None
                      for attr in ("storage", "storage_path"))
    if not tk.config["ckan.uploads_enabled"] or not has_storage:
        raise DemoLoadError("Resource uploads are off (ckan.uploads_enabled, "
                            "ckan.storage_path); the demo stores its files in CKAN")


@contextlib.contextmanager
def _request_context() -> Iterator[None]:
    """Actions translate their messages, which needs a request: use the
    caller's (the CLI pushes one) or make one in the current application."""
    if flask.has_request_context():
        yield
        return
    if not flask.has_app_context():
        raise DemoLoadError("load() needs CKAN's application context; "
                            "run it with `ckan satudata demo load`")
    with flask.current_app.test_request_context():
        yield


def _report(echo: Echo, what: str, tally: _Tally, extra: str = "") -> None:
    echo(f"Created {len(tally.created)} {what}{extra}")
    if tally.skipped:
        names = ", ".join(tally.skipped[:5]) + (", …" if len(tally.skipped) > 5 else "")
        echo(f"Skipped {len(tally.skipped)} {what} already there ({names})")

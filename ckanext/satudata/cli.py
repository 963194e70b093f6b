"""``ckan satudata …`` commands (operators' output stays in English)."""
from __future__ import annotations

import click

__all__ = ["satudata"]


@click.group(short_help="Satu Data portal commands")
def satudata() -> None:
    """Satu Data portal commands."""


@satudata.group()
def demo() -> None:
    """The Kabupaten Serang demo portal."""


@demo.command("load")
def demo_load() -> None:
    """Load the demo OPDs, users and datasets (idempotent)."""
    from .demo import DemoLoadError, load
    # actions translate their messages, which needs a request (as in ckan user add)
    with click.get_current_context().meta["flask_app"].test_request_context():
        try:
            load(echo=click.echo)
        except DemoLoadError as err:
            raise click.ClickException(str(err)) from err


@satudata.group()
def search() -> None:
    """The PostgreSQL search index."""


@search.command("rebuild")
@click.option("--full", is_flag=True,
              help="Read every dataset with package_show instead of reusing stored "
                   "dicts of unchanged datasets.")
@click.option("--batch-size", default=500, show_default=True)
@click.option("-i", "--force", is_flag=True, help="Skip datasets that fail, and report them.")
@click.option("--workers", type=click.IntRange(1, 16), default=None,
              help="Processes that build and write documents (default: the machine's cores, "
                   "at most 4).")
def search_rebuild(full: bool, batch_size: int, force: bool, workers: int | None) -> None:
    """Reindex every dataset in bulk, committing batch by batch."""
    import os
    import time

    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from .search import bulk

    if tk.config["ckanext.satudata.search.backend"] != "postgres":
        raise click.ClickException("The bulk rebuild is for the postgres backend; "
                                   "use `ckan search-index rebuild` with Solr.")
    total = model.Session.query(model.Package).count()
    started = time.perf_counter()
    with click.progressbar(length=total, label="Indexing datasets") as bar:
        stats = bulk.rebuild(full=full, batch_size=batch_size, progress=bar.update, force=force,
                             workers=workers or min(4, os.cpu_count() or 1))
    elapsed = time.perf_counter() - started
    click.echo(f"Indexed {stats.total} datasets in {elapsed:.1f} s "
               f"({stats.total / elapsed if elapsed else 0:.0f}/s): {stats.stored} from stored "
               f"dicts, {stats.fresh} read fresh.")
    for pkg_id, error in stats.failed:
        click.echo(f"Failed: {pkg_id}: {error}", err=True)
    if stats.failed:
        raise SystemExit(1)


@satudata.group()
def vocab() -> None:
    """The official code lists (kode wilayah, urusan, frekuensi …)."""


@vocab.command("load")
@click.argument("names", nargs=-1)
@click.option("--force", is_flag=True, help="Reload lists whose files did not change.")
def vocab_load(names: tuple[str, ...], force: bool) -> None:
    """Copy the shipped code lists into the database (changed lists only)."""
    import ckan.model as model

    from .vocab import load

    try:
        results = load.load(model.Session, list(names) or None, force=force)
    except KeyError as err:
        raise click.ClickException(f"No code list named {err}") from err
    model.Session.commit()
    for result in results:
        click.echo(f"{result.name}: {result.terms} terms" + ("" if result.loaded else " (unchanged)"))


@satudata.group()
def opd() -> None:
    """The OPD (agency) organizations."""


@opd.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--dry-run", is_flag=True, help="Check every row, change nothing.")
def opd_import(csv_file, dry_run: bool) -> None:
    """Create or update OPDs from a CSV file (columns as `opd export` writes them)."""
    import ckan.plugins.toolkit as tk

    from .opd import csv_rows

    try:
        rows = csv_rows.read(csv_file)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    action = tk.get_action("satudata_opd_import")
    lines = {id(row): n for n, row in enumerate(rows, start=2)}   # line 1 is the header
    results = []
    # messages are translated, which needs a request (as in ckan user add)
    with click.get_current_context().meta["flask_app"].test_request_context():
        if dry_run:   # one transaction, rolled back: later rows see the OPDs earlier rows add
            results = [{**r, "line": r["row"] + 1}
                       for r in action({"user": site_user}, {"rows": rows, "dry_run": True})]
        else:
            with click.progressbar(csv_rows.parents_first(rows), label="Importing OPDs") as bar:
                for row in bar:
                    for result in action({"user": site_user}, {"rows": [row]}):
                        results.append({**result, "line": lines[id(row)]})
    failed = [r for r in results if r["status"] == "error"]
    for result in sorted(failed, key=lambda r: r["line"]):
        problems = "; ".join(f"{field}: {' '.join(map(str, msgs))}"
                             for field, msgs in result["errors"].items())
        click.echo(f"line {result['line']} ({result['name'] or 'no name'}): {problems}", err=True)
    counts = {s: sum(r["status"] == s for r in results) for s in ("created", "updated", "unchanged", "error")}
    click.echo(("Dry run, nothing saved: " if dry_run else "")
               + ", ".join(f"{n} {s}" for s, n in counts.items()))
    if failed:
        raise click.exceptions.Exit(1)


@opd.command("export")
@click.argument("csv_file", type=click.File("w", encoding="utf-8"), default="-")
def opd_export(csv_file) -> None:
    """Write every OPD as CSV (to a file, or standard output)."""
    import ckan.plugins.toolkit as tk

    from .opd import csv_rows

    context = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]}
    names = tk.get_action("organization_list")(context, {"limit": 1000})
    orgs = (tk.get_action("organization_show")(
        dict(context), {"id": n, "include_datasets": False, "include_users": False,
                        "include_extras": True}) for n in names)
    count = csv_rows.write(csv_file, orgs)
    if csv_file.name != "<stdout>":
        click.echo(f"Wrote {count} OPDs to {csv_file.name}")


@satudata.group()
def dcat() -> None:
    """The DCAT feed."""


@dcat.command("build")
def dcat_build() -> None:
    """Build each published dataset's part of the Turtle feed that is
    missing or stale, page by page as a harvester reads it (after a deploy,
    a code-list load or a bulk import, or from cron), so that harvesters
    never wait for it."""
    import math
    import time

    import ckan.plugins.toolkit as tk

    per_page = int(tk.config.get("ckanext.dcat.datasets_per_page", 100))
    total = tk.get_action("package_search")({}, {"rows": 0})["count"]
    pages = max(1, math.ceil(total / per_page))
    started = time.perf_counter()
    with click.get_current_context().meta["flask_app"].test_request_context():
        with click.progressbar(range(1, pages + 1), label="Catalogue pages") as bar:
            for page in bar:
                tk.get_action("dcat_catalog_show")({}, {"format": "ttl", "page": page})
    click.echo(f"{total} published datasets in {pages} page(s), {time.perf_counter() - started:.1f} s.")


@satudata.group()
def links() -> None:
    """Link and file checks (quality/)."""


@links.command("check")
@click.option("--all", "everything", is_flag=True, help="Check every resource, not only those due.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many resources.")
@click.option("--workers", type=click.IntRange(1, 32), help="Links checked at once "
              "(default: ckanext.satudata.link_check.workers).")
def links_check(everything: bool, limit: int | None, workers: int | None) -> None:
    """Check what is due (never checked first): run daily, from cron."""
    import sqlalchemy as sa

    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from .quality import link_jobs

    lock = sa.text("SELECT pg_try_advisory_lock(hashtext('satudata links check'))")
    # one round at a time, the lock held on a connection of its own for the round:
    # a daily cron run that overlaps the last leaves the links to it
    with model.meta.engine.connect() as held:
        if not held.execute(lock).scalar():
            raise click.ClickException("Another `ckan satudata links check` is running")
        try:
            workers = workers or int(tk.config.get("ckanext.satudata.link_check.workers"))
            ids = link_jobs.due(limit=limit, everything=everything)
            with click.progressbar(length=len(ids), label="Checking links and files",
                                   show_pos=True) as bar:
                counts = link_jobs.check_resources(ids, workers=workers, progress=bar.update)
        finally:
            held.execute(sa.text("SELECT pg_advisory_unlock(hashtext('satudata links check'))"))
    click.echo(f"Links and files: {counts['ok']} working, {counts['broken']} broken, "
               f"{counts['error']} unreachable")


@satudata.group()
def quality() -> None:
    """Quality scores (quality/): every dataset is scored when it is indexed."""


@quality.command("rescore")
def quality_rescore() -> None:
    """Reindex the datasets whose schedule status changed since they were
    scored (run daily); `ckan satudata search rebuild` rescores them all."""
    from .quality import scores

    ids = scores.stale()
    with click.progressbar(length=len(ids), label="Rescoring datasets", show_pos=True) as bar:
        scores.rescore(ids, progress=bar.update)
    click.echo(f"Rescored {len(ids)} datasets")


@satudata.group()
def schedule() -> None:
    """The update schedule (jadwal pemutakhiran)."""


@schedule.command("remind")
def schedule_remind() -> None:
    """Mail the reminders owed today (run daily, from cron or the worker)."""
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    # mails are written in the portal's language, which needs a request
    with click.get_current_context().meta["flask_app"].test_request_context():
        result = tk.get_action("satudata_schedule_remind")({"user": site_user}, {})
    click.echo(f"Reminders: {result['jatuh_tempo']} due, {result['terlambat']} overdue, "
               f"{result['sangat_terlambat']} delinquent; {result['mails']} mails")


@satudata.group()
def access() -> None:
    """Access to Terbatas data by request."""


@access.command("expire")
def access_expire() -> None:
    """Record the grants that ended and mail those ending soon (run daily)."""
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    with click.get_current_context().meta["flask_app"].test_request_context():
        result = tk.get_action("satudata_access_expire")({"user": site_user}, {})
    click.echo(f"Grants: {result['expired']} ended, {result['reminded']} reminded")


@access.command("reindex")
def access_reindex() -> None:
    """Rewrite the search documents of Terbatas datasets indexed before their
    files were withheld (the migrations run it). PostgreSQL: only those that
    still hold an address (a no-op after); Solr: every Terbatas dataset."""
    import ckan.plugins.toolkit as tk

    from .access import store
    from .search import bulk

    if tk.config["ckanext.satudata.search.backend"] == "postgres":
        ids = store.indexed_with_addresses()
        if ids:
            bulk.rebuild(ids=ids, full=True)
    else:       # Solr's documents cannot be asked: every Terbatas dataset again
        import ckan.lib.search as ckan_search
        ids = store.terbatas_ids()
        for package_id in ids:
            ckan_search.rebuild(package_id)
    click.echo(f"Terbatas search documents rewritten: {len(ids)}")


@satudata.group("daftar-data")
def daftar_data() -> None:
    """The Daftar Data, the yearly data plan."""


@daftar_data.command("import")
@click.argument("data_file", type=click.File("rb"))
@click.option("--tahun", type=int, required=True, help="The year of the plan.")
@click.option("--replace", is_flag=True, help="Delete the year's entries the file does not list.")
def daftar_data_import(data_file, tahun: int, replace: bool) -> None:
    """Import a year's Daftar Data from CSV or XLSX: all rows or none."""
    import ckan.plugins.toolkit as tk

    from .schedule import daftar_rows

    data = data_file.read()
    try:
        names, rows = (daftar_rows.read_xlsx(data) if data[:4] == b"PK\x03\x04"
                       else daftar_rows.read_csv(data.decode("utf-8-sig")))
    except (ValueError, UnicodeDecodeError) as err:
        raise click.ClickException(f"Cannot read {data_file.name}: {err}") from err
    with click.progressbar(rows, label="Reading rows") as bar:
        text = daftar_rows.to_csv_text(names, bar)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    with click.get_current_context().meta["flask_app"].test_request_context():
        try:
            result = tk.get_action("satudata_daftar_data_import")(
                {"user": site_user}, {"tahun": tahun, "csv": text, "replace": replace})
        except tk.ValidationError as err:
            for field, messages in err.error_dict.items():
                for message in messages if isinstance(messages, list) else [messages]:
                    click.echo(f"{field}: {message}", err=True)
            raise click.exceptions.Exit(1)
    click.echo(f"Daftar Data {tahun}: {result['created']} created, {result['updated']} updated, "
               f"{result['deleted']} deleted")


@daftar_data.command("export")
@click.argument("data_file", type=click.File("wb"), default="-")
@click.option("--tahun", type=int, required=True, help="The year of the plan.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True)
def daftar_data_export(data_file, tahun: int, fmt: str) -> None:
    """Write a year's Daftar Data with its fulfilment (to a file, or standard output)."""
    import ckan.plugins.toolkit as tk

    from .schedule import daftar_rows

    found = tk.get_action("satudata_daftar_data_list")({}, {"tahun": tahun})
    with click.progressbar(found["results"], label="Writing entries",
                           file=click.get_text_stream("stderr")) as bar:
        entries = list(bar)
    data_file.write(daftar_rows.write_xlsx(entries) if fmt == "xlsx"
                    else daftar_rows.write_csv(entries).encode("utf-8"))
    if data_file.name != "<stdout>":
        click.echo(f"Wrote {found['count']} entries to {data_file.name}")


@satudata.group()
def harvest() -> None:
    """Bringing other portals' datasets in (ckanext-harvest sources)."""


@harvest.command("run")
@click.argument("source")
def harvest_run(source: str) -> None:
    """Run one job of the harvest SOURCE (its name or id) now, in this
    process, record by record; a record that fails is reported and the job
    goes on. Exits 1 when any record failed."""
    import ckan.plugins.toolkit as tk
    from .harvest import run as runner

    def progress(items):
        return click.progressbar(items, label=f"Records of {source}", show_pos=True)

    with click.get_current_context().meta["flask_app"].test_request_context():
        try:
            job = runner.run(source, progress)
        except tk.ObjectNotFound:
            raise click.ClickException(f"No harvest source {source}")
        except tk.ValidationError as error:
            raise click.ClickException("; ".join(m for ms in error.error_dict.values() for m in ms))
    stats = job["stats"]
    click.echo(f"Job {job['id']} {job['status']}: {job['records']} records; "
               + ", ".join(f"{stats.get(k, 0)} {k}" for k in ("added", "updated", "not modified",
                                                                "deleted", "errored")))
    for message in job["errors"]:
        click.echo(f"  error: {message}", err=True)
    if job["errors"]:
        raise SystemExit(1)

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
def search_rebuild(full: bool, batch_size: int, force: bool) -> None:
    """Reindex every dataset in bulk, committing batch by batch."""
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
        stats = bulk.rebuild(full=full, batch_size=batch_size, progress=bar.update, force=force)
    elapsed = time.perf_counter() - started
    click.echo(f"Indexed {stats.total} datasets in {elapsed:.1f} s "
               f"({stats.total / elapsed if elapsed else 0:.0f}/s): {stats.stored} from stored "
               f"dicts, {stats.fresh} read fresh.")
    for pkg_id, error in stats.failed:
        click.echo(f"Failed: {pkg_id}: {error}", err=True)
    if stats.failed:
        raise SystemExit(1)

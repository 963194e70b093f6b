"""A seam over ckanext-xloader 2.5.2's COPY load (files over
``ckanext.xloader.max_type_guessing_length``, or where type guessing fails):
its ``loader.create_column_indexes`` builds the table's indexes and enables
its full-text trigger on a connection it never commits, so SQLAlchemy 2
rolls both back when the connection is dropped, and until then the open
transaction holds a lock that makes the next ``ANALYZE`` of the table wait.
``install()`` (the preview plugin, at load) replaces it with the same steps
in one committed transaction. tests/preview/test_datastore.py
(``test_a_copy_load_keeps_its_indexes_and_its_full_text_trigger``) fails
when upstream renames or moves the function, or the load loses them."""
from __future__ import annotations

from typing import Any

__all__ = ["install", "create_column_indexes"]


def create_column_indexes(fields: Any, resource_id: str, logger: Any) -> None:
    from ckan import model
    from ckanext.datastore.backend.postgres import create_indexes, get_write_engine
    from ckanext.xloader import loader

    logger.info("Creating column indexes (a speed optimization for queries)...")
    with get_write_engine().begin() as connection:
        create_indexes({"model": model, "ignore_auth": True, "connection": connection},
                       {"resource_id": resource_id, "fields": fields})
        loader._enable_fulltext_trigger(connection, resource_id)
    logger.info("...column indexes created.")


def install() -> None:
    from ckanext.xloader import loader
    loader.create_column_indexes = create_column_indexes

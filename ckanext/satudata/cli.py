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
    from .demo import load
    load(echo=click.echo)

"""``ckan satudata …`` commands (operators' output stays in English)."""
from __future__ import annotations

import click

__all__ = ["satudata"]


@click.group(short_help="Satu Data portal commands")
def satudata() -> None:
    """Satu Data portal commands."""

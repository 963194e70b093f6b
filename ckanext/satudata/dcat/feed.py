"""The Turtle catalogue page, assembled from each dataset's kept part.

ckanext-dcat builds one RDF graph per page from every dataset and
serializes it: for 100 datasets that is about a second on a small machine,
most of it rdflib building and writing triples that did not change since
the last read. Here each dataset's Turtle (what the profiles write for it,
by ckanext-dcat's own serializer) is kept in ``satudata_dcat_fragment``
under a fingerprint of what it was made from: the dataset's
``metadata_modified`` and quality score (which link checks move), its OPD's
row, the profiles and this code's version,
the site URL and the code lists' checksums. A page is the catalogue record
and paging (ckanext-dcat's serializer, small) followed by the kept parts;
a part whose fingerprint moved is rebuilt. Turtle allows exactly that: the
same prefixes, statements repeated across parts (an EU term's type) are one
statement, and rdflib's blank-node labels are unique.

Other formats, a custom ``profiles`` list and subcatalogs go the stock way.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from importlib.metadata import version
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from rdflib import Graph, URIRef

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.profiles import DCAT
from ckanext.dcat.utils import DCAT_EXPOSE_SUBCATALOGS, dataset_uri

from . import compat
from .profiles import OUTPUT_REVISION
from .terms import Lookup

__all__ = ["applies", "catalog_page"]

_PREFIX = re.compile(r"^@prefix (\S*): <([^>]*)> \.$")


class PrefixClash(Exception):
    """Two parts bind one prefix to different namespaces."""


def applies(data_dict: dict[str, Any]) -> bool:
    return (data_dict.get("format") in ("ttl", "turtle") and not data_dict.get("profiles")
            and not tk.asbool(tk.config.get(DCAT_EXPOSE_SUBCATALOGS, False)))


def _split(turtle: str) -> tuple[dict[str, str], str]:
    prefixes, body = {}, []
    for line in turtle.splitlines():
        match = _PREFIX.match(line)
        if match:
            prefixes[match.group(1)] = match.group(2)
        else:
            body.append(line)
    return prefixes, "\n".join(body).strip()


@functools.lru_cache(maxsize=None)
def _code_versions() -> str:
    # read once per process: importlib.metadata scans the installed packages
    return f"{version('ckanext-satudata')}|{OUTPUT_REVISION}|{version('ckanext-dcat')}"


def _feed_fingerprint() -> str:
    checksums = model.Session.execute(sa.text(
        "SELECT string_agg(name || checksum, ',' ORDER BY name) FROM satudata_vocabulary")).scalar()
    parts = [_code_versions(), tk.config["ckan.site_url"],
             str(tk.config.get("ckanext.dcat.rdf.profiles")), checksums or ""]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def _org_fingerprints(org_ids: Iterable[str]) -> dict[str, str]:
    rows = model.Session.execute(sa.text(
        'SELECT id, md5(concat_ws(\'|\', name, title, extras::text)) FROM "group" '
        "WHERE id = ANY(:ids)"), {"ids": sorted(set(org_ids))}).all()
    return dict(rows)


def _kept(ids: list[str]) -> dict[str, Any]:
    rows = model.Session.execute(sa.text(
        "SELECT package_id, fingerprint, prefixes, turtle FROM satudata_dcat_fragment "
        "WHERE package_id = ANY(:ids)"), {"ids": ids}).mappings().all()
    return {row["package_id"]: row for row in rows}


def _keep(rows: list[dict[str, Any]]) -> None:
    """Written on a connection of its own: a read-only request's session
    never commits, and a lost write only means a rebuild next time."""
    with model.meta.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO satudata_dcat_fragment (package_id, fingerprint, prefixes, turtle) "
            "VALUES (:package_id, :fingerprint, CAST(:prefixes AS jsonb), :turtle) "
            "ON CONFLICT (package_id) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "prefixes = excluded.prefixes, turtle = excluded.turtle, written_at = now()"),
            [dict(row, prefixes=json.dumps(row["prefixes"])) for row in rows])


def _build(serializer: RDFSerializer, dataset: dict[str, Any],
           lookup: Lookup) -> tuple[dict[str, str], str]:
    # one serializer (its profiles are found once), a fresh graph per dataset
    serializer.g = Graph()
    compat.set_graph_state(serializer.g, lookup)
    serializer.graph_from_dataset(dataset)
    return _split(serializer.g.serialize(format="turtle"))


def _merge(into: dict[str, str], prefixes: dict[str, str]) -> None:
    for name, namespace in prefixes.items():
        if into.setdefault(name, namespace) != namespace:
            raise PrefixClash(name)


def catalog_page(datasets: list[dict[str, Any]], pagination: dict[str, Any]) -> Optional[str]:
    """The page as Turtle; None when two parts disagree on a prefix (the
    caller then serializes the stock way)."""
    serializer = RDFSerializer()
    catalog_ref = serializer.graph_from_catalog({})
    for dataset in datasets:
        serializer.g.add((catalog_ref, DCAT.dataset, URIRef(dataset_uri(dataset))))
    compat.add_pagination(serializer, pagination)
    prefixes, head = _split(serializer.g.serialize(format="turtle"))

    feed = _feed_fingerprint()
    orgs = _org_fingerprints(d.get("owner_org") or "" for d in datasets)
    kept = _kept([d["id"] for d in datasets])
    lookup, bodies, written = Lookup(), [head], []
    try:
        for dataset in datasets:
            fingerprint = (f"{dataset.get('metadata_modified')}|"
                           f"{orgs.get(dataset.get('owner_org') or '', '')}|{feed}|"
                           f"{(dataset.get('satudata_kualitas') or {}).get('points')}")
            row = kept.get(dataset["id"])
            if row is not None and row["fingerprint"] == fingerprint:
                part_prefixes, body = row["prefixes"], row["turtle"]
            else:
                part_prefixes, body = _build(serializer, dataset, lookup)
                written.append({"package_id": dataset["id"], "fingerprint": fingerprint,
                                "prefixes": part_prefixes, "turtle": body})
            _merge(prefixes, part_prefixes)
            bodies.append(body)
    except PrefixClash:
        return None
    finally:
        if written:
            _keep(written)
    header = "".join(f"@prefix {name}: <{namespace}> .\n" for name, namespace in sorted(prefixes.items()))
    return header + "\n" + "\n\n".join(bodies) + "\n"

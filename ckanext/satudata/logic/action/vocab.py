"""Read the official code lists (kode wilayah, urusan, frekuensi …)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ... import lang
from ...vocab import store
from .. import schema

__all__ = ["satudata_vocabulary_list", "satudata_vocabulary_show"]


def _describe(row: dict[str, Any], language: str) -> dict[str, Any]:
    return {"name": row["name"], "title": row["title"].get(language) or row["title"]["id"],
            "source": row["source"], "licence": row["licence"], "term_count": row["term_count"],
            "loaded_at": row["loaded_at"].isoformat()}


@tk.side_effect_free
def satudata_vocabulary_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The code lists the portal validates against, with source and licence.

    :returns: one dict per list: ``name``, ``title``, ``source``, ``licence``,
        ``term_count``, ``loaded_at``
    :rtype: list of dicts
    """
    tk.check_access("satudata_vocabulary_list", context, data_dict)
    language = lang.current()
    return [_describe(row, language) for row in store.vocabularies(model.Session)]


@tk.side_effect_free
@tk.validate_action_data(schema.vocabulary_show)
def satudata_vocabulary_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One code list and its terms, searched and paged (the autocomplete).

    :param id: the list's name (``wilayah``, ``urusan``, ``frekuensi``,
        ``klasifikasi_akses``, ``tingkat_penyajian``, ``jenis_data``,
        ``jenis_instansi``, ``format``, ``tema_eu``)
    :type id: string
    :param q: text the code or name contains (optional; from 3 letters on
        anywhere in the name, shorter at its start)
    :type q: string
    :param parent: only the children of this code, e.g. the kecamatan of
        ``36.04`` (optional)
    :type parent: string
    :param level: only this level: 1 provinsi, 2 kabupaten/kota,
        3 kecamatan, 4 desa/kelurahan (optional, wilayah only)
    :type level: int
    :param code: only these codes (optional; a list or comma-separated)
    :type code: list of strings
    :param limit: terms per page (default 20 with ``q``, else 1000; at most 1000)
    :type limit: int
    :param offset: terms to skip (default 0)
    :type offset: int
    :returns: the list's description, ``count`` (matches) and ``terms``
        (``code``, ``label`` in the request's language, ``label_id``,
        ``label_en``, ``parent``, ``level`` and the list's extra columns)
    :rtype: dict
    :raises ObjectNotFound: no list has that name
    """
    tk.check_access("satudata_vocabulary_show", context, data_dict)
    described = store.vocabulary(model.Session, data_dict["id"])
    if described is None:
        raise tk.ObjectNotFound(tk._("Vocabulary not found"))
    language = lang.current()
    codes = [c.strip() for item in data_dict.get("code", []) for c in item.split(",") if c.strip()]
    if codes:
        found = store.terms(model.Session, data_dict["id"], codes)
        matched = [found[c] for c in codes if c in found]
        count = len(matched)
    else:
        default = 20 if data_dict.get("q") else store.MAX_LIMIT
        count, matched = store.search(
            model.Session, data_dict["id"], q=data_dict.get("q", ""), parent=data_dict.get("parent"),
            level=data_dict.get("level"), limit=data_dict.get("limit", default),
            offset=data_dict.get("offset", 0))
    return {**_describe(described, language), "count": count,
            "terms": [t.as_dict(language) for t in matched]}

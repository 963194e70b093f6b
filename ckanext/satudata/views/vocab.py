"""Autocomplete over a code list, in the shape CKAN's ``autocomplete``
JavaScript module reads (``ResultSet.Result``): forms use it for kode
wilayah, where a drop-down of ~92k regions is no option."""
from __future__ import annotations

from flask import Blueprint, jsonify

import ckan.plugins.toolkit as tk

__all__ = ["vocab"]

vocab = Blueprint("satudata_vocab", __name__)


@vocab.route("/api/satudata/autocomplete/<vocabulary>")
def autocomplete(vocabulary: str):
    q = tk.request.args.get("incomplete", "")
    try:
        found = tk.get_action("satudata_vocabulary_show")(
            {}, {"id": vocabulary, "q": q, "limit": 20})
    except tk.ObjectNotFound as err:
        return jsonify({"error": str(err)}), 404
    # `name` is what the module de-duplicates on; `code` and `label` are the
    # value and the text (data-module-key / data-module-label)
    results = [{"name": t["code"], "code": t["code"],
                "label": f"{t['code']} {t['label']}" + (f" ({t['path']})" if t.get("path") else "")}
               for t in found["terms"]]
    return jsonify({"ResultSet": {"Result": results}})

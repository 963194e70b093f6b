"""The demo's review stories: each dataset reaches its state through the
walidata review actions, as its OPD's officer and the walidata, so every
state has a real record behind it (datasets.json: ``review``; default
``published``)."""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk

__all__ = ["STORIES", "play"]

_NOTES = {
    "return": "Satuan dan sumber data belum diisi; lengkapi sesuai Standar Data Satu Data.",
    "resubmit": "Sudah dilengkapi sesuai catatan walidata.",
    "approve": "Metadata sesuai standar.",
    "unpublish": "Memuat informasi yang dikecualikan; ditarik sementara untuk ditinjau ulang.",
}
# (step, who): P = the OPD's officer, W = the walidata; "edit" changes the
# dataset as the officer (between a return and a resubmission, or as a
# revision of a published dataset)
_PUBLISHED = [("submit", "P"), ("approve_publish", "W")]
STORIES: dict[str, list[tuple[str, str]]] = {
    "draft": [],
    "submitted": [("submit", "P")],
    "returned": [("submit", "P"), ("return", "W")],
    "resubmitted": [("submit", "P"), ("return", "W"), ("edit", "P"), ("resubmit", "P")],
    "approved": [("submit", "P"), ("approve", "W")],
    "published": _PUBLISHED,
    "unpublished": [*_PUBLISHED, ("unpublish", "W")],
    "revision": [*_PUBLISHED, ("edit", "P"), ("submit", "P")],
}


def play(story: str, dataset: dict[str, Any], officer: str, walidata: str,
         fail: Callable[[str], Exception]) -> None:
    """Run ``story`` on ``dataset``; ``fail`` turns a refusal into the
    loader's error."""
    for step, who in STORIES[story]:
        user = officer if who == "P" else walidata
        context: dict[str, Any] = {"user": user, "satudata_notify": False}
        data: dict[str, Any] = {"id": dataset["id"]}
        if step == "edit":
            action = "package_patch"
            data["sumber_data"] = (dataset.get("sumber_data") or "") + " (diperbarui)"
        elif step == "approve_publish":
            action = "satudata_dataset_approve"
            data.update(publish=True, note=_NOTES["approve"])
        else:
            action = f"satudata_dataset_{'submit' if step == 'resubmit' else step}"
            data["note"] = _NOTES.get(step, "")
        try:
            tk.get_action(action)(context, data)
        except (tk.ValidationError, tk.NotAuthorized) as err:
            summary = getattr(err, "error_summary", None) or str(err)
            raise fail(f"Dataset {dataset['name']}: {step} as {user} refused: {summary}") from err

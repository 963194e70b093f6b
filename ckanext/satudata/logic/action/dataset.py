"""Core dataset actions, tightened where Satu Data rules must hold."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

__all__ = ["bulk_update_public"]


@tk.chained_action
def bulk_update_public(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's bulk "make public" writes the private flag directly, past the
    dataset schema; a Tertutup (closed) dataset must never become public."""
    ids = data_dict.get("datasets") or []
    closed = (model.Session.query(model.Package.name)
              .filter(model.Package.id.in_(ids),
                      model.Package.extras["klasifikasi_akses"].astext == "tertutup")
              .order_by(model.Package.name).all()) if ids else []
    if closed:
        raise tk.ValidationError({"datasets": [
            tk._("Tertutup datasets can never be public: {names}").format(
                names=", ".join(name for (name,) in closed))]})
    return next_action(context, data_dict)

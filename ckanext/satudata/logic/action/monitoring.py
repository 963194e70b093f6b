"""The monev figures (``monitoring/``)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ...monitoring import evaluation, figures, inputs, store
from ...quality import labels as quality_labels
from ...review import roles
from ...schedule import labels as schedule_labels

__all__ = ["satudata_monev_show"]


@tk.side_effect_free
@tk.validate_action_data(inputs.monev_show)
def satudata_monev_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Monitoring and evaluation: every OPD's delivery and the whole
    kabupaten's, for one year. Anyone gets the public figures; the walidata
    also gets the datasets not published and, for one OPD, its datasets.

    :param owner_org: one OPD (id or name); default the whole kabupaten
    :type owner_org: string
    :param tahun: the year (default this year)
    :type tahun: int
    :returns: ``tahun``, ``owner_org``, ``generated_at``, ``public``,
        ``total`` and ``opd`` (a row per OPD: ``published``; walidata only
        ``in_review``, ``returned``, ``draft``; ``decisions`` and
        ``median_review_days`` of the year; ``schedule`` per status and
        ``late``; ``daftar_data`` ``planned``, ``fulfilled``, ``rate`` (%);
        ``quality`` ``average`` (points), ``max_points`` and ``ratings``;
        ``links`` ``checked`` and ``broken``; ``access_requests``
        ``received``, ``approved``, ``rejected``, ``pending``),
        ``monthly_published`` (12 numbers), ``labels`` (ratings, statuses),
        ``evaluation`` (the yearly sheet's rows: ``framework``,
        ``indicator``, ``measure``, ``value``, ``unit``) and, for the
        walidata asking for one OPD, ``datasets`` (``name``, ``title``,
        ``state``, ``points``, ``rating``, ``jadwal``, ``broken_links``)
    :rtype: dict
    """
    tk.check_access("satudata_monev_show", context, data_dict)
    public = not roles.is_walidata(context.get("user"))
    org_id = None
    if data_dict.get("owner_org"):
        org = model.Group.get(data_dict["owner_org"])
        if org is None or not org.is_organization or org.state != "active":
            raise tk.ObjectNotFound(tk._("Organization not found"))
        org_id = org.id
    now = datetime.datetime.utcnow()
    tahun = data_dict.get("tahun") or now.year
    found = figures.monev(model.Session, tahun, org_id, public, now)
    found["public"] = public
    found["labels"] = {"ratings": {r: quality_labels.rating_label(r) for r in figures.RATINGS},
                       "statuses": schedule_labels.status_labels()}
    found["evaluation"] = evaluation.rows(model.Session, found)
    if org_id and not public:
        found["datasets"] = store.datasets(model.Session, org_id, now)
    return found

"""The portal's xloader options (``update_config``)."""
from __future__ import annotations

from typing import Any

_JOBS_DB = "ckanext.xloader.jobs_db.uri"
_XLOADER_DEFAULT = "sqlite:////tmp/xloader_jobs.db"


def configure(config: Any) -> None:
    """xloader keeps its jobs and their logs in three tables of a database
    of its own, by default an SQLite file in /tmp (lost on a reboot, one per
    machine): unless configured, they go in the portal's database, whose URL
    may come from ``CKAN_SQLALCHEMY_URL`` (read before this runs)."""
    if config.get(_JOBS_DB) in (None, "", _XLOADER_DEFAULT):
        config[_JOBS_DB] = config["sqlalchemy.url"]


_TOKEN = "ckanext.xloader.api_token"
_TOKEN_NAME = "xloader (ckanext-satudata)"


def ensure_token() -> None:
    """xloader's submit needs an API token of a sysadmin in its options
    (``ckanext.xloader.api_token``), written by hand after the first start
    in a stock install. Unless one is configured, the site user's token
    named ``xloader (ckanext-satudata)`` is used: created once in the
    database, then encoded again by every process (the same JWT, no new row).
    Called before every ``xloader_submit`` (``logic/action/preview.py``),
    which xloader calls from inside a commit too (a resource changed): so
    the token is read and written in a session of its own, never the
    caller's (committing that one there would break its commit)."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckan.lib import api_token
    from sqlalchemy.orm import Session

    if tk.config.get(_TOKEN) not in (None, "", "NOT_SET"):
        return
    with Session(bind=model.meta.engine, expire_on_commit=False) as own:
        user = own.query(model.User).filter_by(name=tk.config["ckan.site_id"]).first()
        if user is None:        # the first start: CKAN makes its site user
            user_id = tk.get_action("get_site_user")({"ignore_auth": True}, {})["id"]
        else:
            user_id = user.id
        row = own.query(model.ApiToken).filter_by(user_id=user_id, name=_TOKEN_NAME).first()
        if row is None:
            row = model.ApiToken(user_id, _TOKEN_NAME)
            own.add(row)
            own.commit()
        token = api_token.encode({"jti": row.id, "iat": api_token.into_seconds(row.created_at)})
    tk.config[_TOKEN] = token

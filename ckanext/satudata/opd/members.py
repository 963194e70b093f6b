"""Which OPDs a user belongs to."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def org_ids(user_name: str) -> list[str]:
    """Ids of the OPDs ``user_name`` is a member of (any role)."""
    orgs = tk.get_action("organization_list_for_user")(
        {"user": user_name, "ignore_auth": True}, {"permission": "read"})
    return [org["id"] for org in orgs]

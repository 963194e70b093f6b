"""People and datasets in each review state, built through the actions."""
from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from . import factories

_names = itertools.count()


# Who passes each step's auth check, whatever the state (the Walidata
# Pendukung stage is off, so nobody verifies): anyone else is refused with
# NotAuthorized; they are refused with ValidationError when the state does
# not allow the step.
STEP_ROLES = {"submit": {"producer", "sysadmin"}, "withdraw": {"producer", "sysadmin"},
              "verify": set(), "return": {"walidata", "sysadmin"},
              "approve": {"walidata", "sysadmin"}, "publish": {"walidata", "sysadmin"},
              "unpublish": {"walidata", "sysadmin"}}


def sees(role: str, state: str) -> bool:
    """Who sees a dataset in each state: published is public; a draft is
    its OPD's; the walidata also sees what the OPD has handed over."""
    if state == "published" or role in ("member", "producer", "sysadmin"):
        return True
    return role == "walidata" and state != "draft"


def refusal(action: str, role: str, state: str = "published") -> type[Exception]:
    """The one exception a refused step raises for ``role`` on a dataset in
    ``state``: one the role may not see is not found (web/hidden.py)."""
    if not sees(role, state):
        return tk.ObjectNotFound
    return tk.ValidationError if role in STEP_ROLES[action] else tk.NotAuthorized


def act(action: str, user: dict[str, Any] | None, **data: Any) -> Any:
    """Call an action as ``user`` (None: anonymous) with auth checked."""
    return call_action(action, {"user": user["name"] if user else "", "ignore_auth": False}, **data)


def people() -> SimpleNamespace:
    """producer and member (read-only) of one OPD, the editor of another,
    two walidata, a sysadmin; each with an API token."""
    opd = factories.OpdFactory()
    other_opd = factories.OpdFactory()
    producer, member, other = (ckan_factories.UserWithToken() for _ in range(3))
    for user, org, role in ((producer, opd, "editor"), (member, opd, "member"),
                            (other, other_opd, "editor")):
        call_action("organization_member_create", id=org["id"], username=user["name"], role=role)
    return SimpleNamespace(opd=opd, other_opd=other_opd, producer=producer, member=member,
                           other=other, walidata=factories.WalidataFactory(),
                           walidata2=factories.WalidataFactory(),
                           sysadmin=ckan_factories.SysadminWithToken())


# how a dataset reaches each state, one step per (action, who, note)
PATHS: dict[str, list[tuple[str, str]]] = {
    "draft": [],
    "submitted": [("submit", "producer")],
    "returned": [("submit", "producer"), ("return", "walidata")],
    "approved": [("submit", "producer"), ("approve", "walidata")],
    "published": [("submit", "producer"), ("approve", "walidata"), ("publish", "walidata")],
    "unpublished": [("submit", "producer"), ("approve", "walidata"), ("publish", "walidata"),
                    ("unpublish", "walidata")],
}


def dataset_in(who: SimpleNamespace, state: str, direct: bool = False,
               **fields: Any) -> dict[str, Any]:
    """A dataset of ``who.opd`` created by its producer and driven to
    ``state`` through the review's steps, or put there at once (``direct``:
    for matrices whose subject is not how the dataset got there)."""
    data = {**factories.REQUIRED, "name": f"ds-{state}-{next(_names)}",
            "title": f"Dataset {state}", "owner_org": who.opd["id"], **fields}
    dataset = act("package_create", who.producer, **data)
    if direct:
        factories.set_review_state(dataset["id"], state)
        return call_action("package_show", id=dataset["id"])
    for action, actor in PATHS[state]:
        act(f"satudata_dataset_{action}", getattr(who, actor), id=dataset["id"], note="Catatan uji")
    return call_action("package_show", id=dataset["id"])

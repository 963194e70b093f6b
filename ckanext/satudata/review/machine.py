"""The walidata approval flow as a pure state machine (no CKAN imports).

A dataset moves through::

    draft ─submit→ submitted ─approve→ approved ─publish→ published ─unpublish→ unpublished
      ↑  ←withdraw─┘   │  ↑                │                                      │
      │             return │ submit          return                               submit
      │                ↓   │                 ↓                                     ↓
      └──────────── returned ←───────────────┘                                submitted …

With the optional Walidata Pendukung stage a submission is first
``verify``-ed inside the OPD (submitted → verified) and the walidata
approves only verified datasets.

A published dataset stays published while its OPD revises it: the
revision has its own small cycle (draft → submitted [→ verified] →
returned | applied) and approval swaps it in.

Roles are plain strings: ``producer`` (editor or admin of the dataset's
OPD), ``pendukung`` (admin of the OPD, when the stage is on) and
``walidata`` (the steward organization's editors and admins, sysadmins).
"""
from __future__ import annotations

import dataclasses

__all__ = [
    "STATES", "ACTIONS", "UNDER_REVIEW",
    "Decision", "InvalidTransition", "NotPermitted", "NoteRequired", "decide", "state_of",
    "roles_for",
]

DRAFT, SUBMITTED, VERIFIED, RETURNED = "draft", "submitted", "verified", "returned"
APPROVED, PUBLISHED, UNPUBLISHED = "approved", "published", "unpublished"
STATES = (DRAFT, SUBMITTED, VERIFIED, RETURNED, APPROVED, PUBLISHED, UNPUBLISHED)
ACTIONS = ("submit", "withdraw", "verify", "return", "approve", "publish", "unpublish")

# Plain edits wait while someone is deciding on the dataset.
UNDER_REVIEW = frozenset({SUBMITTED, VERIFIED, APPROVED})

PRODUCER, PENDUKUNG, WALIDATA = "producer", "pendukung", "walidata"


def state_of(extras: dict[str, str] | None, private: bool) -> str:
    """A dataset's state; one saved before the review flow existed is
    published when public and a draft when private."""
    state = (extras or {}).get("satudata_status")
    if state in STATES:
        return state
    return DRAFT if private else PUBLISHED


class InvalidTransition(Exception):
    """The action does not apply to the dataset's current state."""

    def __init__(self, action: str, state: str, revision: str | None = None):
        super().__init__(f"{action} from {state} (revision {revision})")
        self.action, self.state, self.revision = action, state, revision


class NotPermitted(Exception):
    """The actor's roles do not allow the action (``reason``: ``role`` or ``own``)."""

    def __init__(self, action: str, reason: str):
        super().__init__(f"{action}: {reason}")
        self.action, self.reason = action, reason


class NoteRequired(Exception):
    """Returning and taking down need a note for the OPD."""


@dataclasses.dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    note_required: bool = False
    not_by_submitter: bool = False


def _rule(sources: set[str], target: str, roles: set[str], **kw: bool) -> Rule:
    return Rule(frozenset(sources), target, frozenset(roles), **kw)


def _dataset_rules(pendukung: bool) -> dict[str, Rule]:
    reviewable = VERIFIED if pendukung else SUBMITTED
    rules = {
        "submit": _rule({DRAFT, RETURNED, UNPUBLISHED}, SUBMITTED, {PRODUCER}),
        "withdraw": _rule({SUBMITTED, VERIFIED}, DRAFT, {PRODUCER}),
        "return": _rule({SUBMITTED, VERIFIED, APPROVED}, RETURNED, {WALIDATA}, note_required=True),
        "approve": _rule({reviewable}, APPROVED, {WALIDATA}, not_by_submitter=True),
        "publish": _rule({APPROVED}, PUBLISHED, {WALIDATA}, not_by_submitter=True),
        "unpublish": _rule({PUBLISHED}, UNPUBLISHED, {WALIDATA}, note_required=True),
    }
    if pendukung:
        rules["verify"] = _rule({SUBMITTED}, VERIFIED, {PENDUKUNG}, not_by_submitter=True)
        # the OPD's own steward may send a submission back before it leaves the OPD
        rules["return"] = _rule({SUBMITTED, VERIFIED, APPROVED}, RETURNED,
                                {WALIDATA, PENDUKUNG}, note_required=True)
    return rules


def _revision_rules(pendukung: bool) -> dict[str, Rule]:
    reviewable = VERIFIED if pendukung else SUBMITTED
    rules = {
        "submit": _rule({DRAFT, RETURNED}, SUBMITTED, {PRODUCER}),
        "withdraw": _rule({SUBMITTED, VERIFIED}, DRAFT, {PRODUCER}),
        "return": _rule({SUBMITTED, VERIFIED}, RETURNED, {WALIDATA}, note_required=True),
        # an approved revision is swapped into the published dataset at once
        "approve": _rule({reviewable}, PUBLISHED, {WALIDATA}, not_by_submitter=True),
    }
    if pendukung:
        rules["verify"] = _rule({SUBMITTED}, VERIFIED, {PENDUKUNG}, not_by_submitter=True)
        rules["return"] = _rule({SUBMITTED, VERIFIED}, RETURNED, {WALIDATA, PENDUKUNG},
                                note_required=True)
    return rules


@dataclasses.dataclass(frozen=True)
class Decision:
    """What an allowed action does. ``revision`` is True when it acts on the
    pending revision of a published dataset; ``source``/``target`` are then
    the revision's states (``target`` ``published`` = applied)."""
    action: str
    source: str
    target: str
    revision: bool


def decide(action: str, state: str, roles: frozenset[str] | set[str], *,
           revision: str | None = None, note: str | None = None,
           is_submitter: bool = False, pendukung: bool = False) -> Decision:
    """Check one action against the state machine.

    :param state: the dataset's state
    :param revision: the state of its pending revision, if it has one
        (only a published dataset has one)
    :param is_submitter: the actor made the submission under decision
    :raises InvalidTransition: the action does not apply now
    :raises NotPermitted: the roles do not allow it, or it would be a self-approval
    :raises NoteRequired: return/unpublish without a note
    """
    on_revision = state == PUBLISHED and revision is not None and action != "unpublish"
    rules = _revision_rules(pendukung) if on_revision else _dataset_rules(pendukung)
    source = revision if on_revision else state
    rule = rules.get(action)
    if rule is None or source not in rule.sources:
        raise InvalidTransition(action, state, revision)
    if not rule.roles & set(roles):
        raise NotPermitted(action, "role")
    if rule.not_by_submitter and is_submitter:
        raise NotPermitted(action, "own")
    if rule.note_required and not (note or "").strip():
        raise NoteRequired(action)
    assert source is not None
    return Decision(action, source, rule.target, on_revision)


def roles_for(action: str, pendukung: bool = False) -> frozenset[str]:
    """The roles that may take ``action`` in some state (for auth checks
    that do not know the state)."""
    found: set[str] = set()
    for rules in (_dataset_rules(pendukung), _revision_rules(pendukung)):
        if action in rules:
            found |= rules[action].roles
    return frozenset(found)

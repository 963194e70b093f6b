"""What the ``before_dataset_index`` hooks of the features share.

* **The stored dict, parsed once.** CKAN hands the hooks the document with
  ``validated_data_dict`` as JSON text; :func:`chain` parses it once, gives
  each hook the document and that dict (``shown``: the dataset as
  ``package_show`` gave it, or the document itself when there is none),
  and writes it back once, after the last hook.
* **Reads and writes per batch.** A hook that reads a row per dataset and
  writes one back (the schedule's, the quality score's) does it through a
  :class:`Slot`. Outside a batch a slot calls the one-dataset functions it
  is given, so a dataset change reads and writes in its own transaction.
  Inside :func:`batch` (the bulk reindex, the bench loader) each slot reads
  the rows of the whole batch with one query, at its first read, and writes
  what the hooks gave it with one statement when :func:`flush` is called,
  before the search documents are written, in the same transaction.
"""
from __future__ import annotations

import contextlib
import contextvars
import json
from typing import Any, Callable, Iterable, Iterator, Optional

__all__ = ["Hook", "chain", "Slot", "batch", "flush"]

Hook = Callable[[dict[str, Any], dict[str, Any]], Any]


def chain(pkg_dict: dict[str, Any], hooks: Iterable[Hook]) -> dict[str, Any]:
    """Run ``hooks(pkg_dict, shown)`` in order on one document."""
    stored = pkg_dict.get("validated_data_dict")
    shown = json.loads(stored) if stored else pkg_dict
    for hook in hooks:
        hook(pkg_dict, shown)
    if stored:
        pkg_dict["validated_data_dict"] = json.dumps(shown)
    return pkg_dict


class _Batch:
    def __init__(self, session: Any, ids: Iterable[str]) -> None:
        self.session = session
        self.ids = set(ids)
        self.read: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, dict[Any, Any]] = {}


_active: contextvars.ContextVar[Optional[_Batch]] = contextvars.ContextVar(
    "satudata_index_batch", default=None)
_slots: list["Slot"] = []


class Slot:
    """One hook's rows: ``read_many(session, ids)`` gives ``{id: row}`` for
    a batch; ``write_many(session, rows)`` writes a batch's rows (the last
    one given per key). A slot may only read or only write."""

    def __init__(self, name: str,
                 read_many: Optional[Callable[[Any, list[str]], dict[str, Any]]] = None,
                 write_many: Optional[Callable[[Any, list[Any]], None]] = None) -> None:
        self.name = name
        self.read_many = read_many
        self.write_many = write_many
        _slots.append(self)

    def read(self, key: str, one: Callable[[], Any]) -> Any:
        """The batch's row for ``key`` (None without one), or ``one()``
        outside a batch."""
        state = _active.get()
        if state is None or key not in state.ids:
            return one()
        if self.name not in state.read:
            assert self.read_many is not None, f"slot {self.name} does not read"
            state.read[self.name] = self.read_many(state.session, sorted(state.ids))
        return state.read[self.name].get(key)

    def write(self, key: str, row: Any, one: Callable[[], None]) -> None:
        """Keep ``row`` for the batch's write, or ``one()`` outside a batch."""
        state = _active.get()
        if state is None:
            one()
            return
        state.pending.setdefault(self.name, {})[key] = row


def flush() -> None:
    """Write what the current batch's hooks kept, slot by slot."""
    state = _active.get()
    if state is None:
        return
    for slot in _slots:
        rows = state.pending.pop(slot.name, None)
        if rows and slot.write_many is not None:
            slot.write_many(state.session, list(rows.values()))


@contextlib.contextmanager
def batch(session: Any, ids: Iterable[str]) -> Iterator[None]:
    """Index the datasets ``ids`` as one batch; call :func:`flush` before
    their documents are written (what is not flushed is dropped)."""
    token = _active.set(_Batch(session, ids))
    try:
        yield
    finally:
        _active.reset(token)

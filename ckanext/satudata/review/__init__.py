"""The walidata review: an OPD submits a dataset, the walidata (and, when
switched on, the Walidata Pendukung) decides, and only approved data is
public. What lives where:

- ``machine.py``: the states and steps as a pure state machine (no CKAN imports);
- ``roles.py``: who a user is for a dataset (producer, pendukung, walidata);
- ``status.py``: where a dataset stands for one user (``situation``, the
  steps open to them) and its review status (``summary``), built once here;
- ``decisions.py``: a decision judged and applied under the dataset's lock;
- ``revisions.py``: an OPD's edit of a published dataset kept aside until approved;
- ``diff.py``: the changed fields and the side-by-side view of a revision;
- ``labels.py``: the flow's words (states, steps), translated at call time;
- ``permissions.py``: the IPermissionLabels rules (unapproved data stays hidden);
- ``notifications.py``: e-mail after a decision (``ISignal``);
- ``validators.py``: the state changes only through the review, only published is public;
- ``store.py``: SQL of the review tables (``satudata_review_log``, ``satudata_revision``).

The actions are in ``logic/action/review.py``, their auth functions in
``logic/auth/review.py`` and the review tab in ``views/review.py``.
"""

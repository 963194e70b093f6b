"""The update schedule (jadwal pemutakhiran), overdue reminders, the release
calendar and the Daftar Data. What lives where:

- ``rules.py``: thresholds per ``frekuensi`` and the pure computation of a
  schedule (last update, due, overdue, delinquent, status; no CKAN imports);
- ``sync.py``: a dataset's schedule kept with it: ``satudata_jadwal`` in
  ``package_show``, its row and index fields written with its search document;
- ``facet.py``: the ``jadwal_status`` facet and filter in ``package_search``,
  right on the day asked;
- ``calendar.py``: the release calendar grouped for the page and as iCalendar;
- ``reminders.py``: the daily mails (editors, admins, walidata), once each;
- ``labels.py``: the statuses' words, translated at call time;
- ``inputs.py``: navl schemas of the actions and the date/year checks;
- ``helpers.py``: template helpers (listed in ``ckanext/satudata/helpers.py``);
- ``daftar_rows.py``: the Daftar Data as CSV/XLSX, checked all or nothing;
- ``store.py``: SQL of ``satudata_schedule``, ``satudata_schedule_confirmation``
  and ``satudata_schedule_reminder``; ``daftar_store.py``: SQL of
  ``satudata_daftar_data`` and of its fulfilment (revision 0007_schedule).

The actions are in ``logic/action/schedule.py`` and
``logic/action/daftar_data.py``, their auth functions in ``logic/auth/`` under
the same names, the pages in ``views/schedule.py``, the demo's part in
``demo/schedule.py``.
"""

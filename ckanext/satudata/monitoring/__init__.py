"""Monitoring and evaluation (monev, issue 17): every OPD's delivery and
the whole kabupaten's, for a year. What lives where:

- ``store.py``: the figures as SQL, one grouped pass per feature's table
  (review states and log, schedule, quality scores, link checks, access
  requests);
- ``figures.py``: the rows per OPD and the total assembled, the public
  part (published data only) and the walidata's;
- ``evaluation.py``: the yearly evaluation sheet: the figures mapped to the
  Satu Data principles and SPBE's open-data service;
- ``export.py``: the table as CSV and XLSX (openpyxl), the sheet included;
- ``inputs.py``: the action's navl schema.

The action is ``satudata_monev_show`` (``logic/action/monitoring.py``), its
auth function in ``logic/auth/monitoring.py``, the page and the downloads
in ``views/monitoring.py`` (``/monev``, ``/monev.csv``, ``/monev.xlsx``),
the charts in ``assets/js/monev.js`` (Chart.js from npm, served here).
"""

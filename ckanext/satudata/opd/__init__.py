"""OPD organizations (Organisasi Perangkat Daerah).

- ``csv_rows.py``: OPD rows read from and written to CSV
  (``ckan satudata opd import|export``, ``satudata_opd_import``, the demo);
- ``members.py``: the OPDs a user belongs to (the "mine" lists).

The organization schema is ``schemas/opd.yaml``; the actions are in
``logic/action/opd.py``.
"""

"""Access to Terbatas (restricted) data by request: decided by the owning
OPD, granted for a limited time, every use logged. What lives where:

- ``rules.py``: states, the end instant of a grant, the state shown at a
  moment (no CKAN imports);
- ``files.py``: who reaches which files (``reach``: one statement) and every
  copy withheld: ``package_show`` (``for_show``), the search document
  (``for_index``), activity copies (``for_activity``), writes of a withheld
  copy (``for_write``);
- ``download.py``: the download route and the resource history page;
- ``log.py``: a grantee's downloads and link reveals, in their own transaction;
- ``store.py``: SQL of ``satudata_access_request`` and ``satudata_access_event``
  (revision 0008_access), the reach statement;
- ``inputs.py``: navl schemas of the actions; ``labels.py``: the words of the
  states and log entries; ``mails.py``: the mails; ``helpers.py``: template
  helpers (listed in ``ckanext/satudata/helpers.py``).

The actions are in ``logic/action/access.py`` (auth in ``logic/auth/access.py``),
the other actions that withhold in ``logic/action/files.py``, the pages in
``views/access.py``, the demo's part in ``demo/access.py``.
"""

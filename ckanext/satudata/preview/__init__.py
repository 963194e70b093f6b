"""See the data before downloading it (issue 19): CKAN's DataStore, filled by
ckanext-xloader on the background worker, read by ``datastore_search`` and
CKAN's DataTables view. What lives where:

- ``config.py``: what the portal sets for xloader (its jobs' table in the
  portal's own database unless configured; the site user's API token for
  its submit, ``ensure_token``);
- ``rows.py``: who reads a resource's rows: ``datastore_search`` and
  ``datastore_info`` answer a Terbatas resource only to those who reach its
  file (a live grant, the owning OPD, the walidata) and an unpublished
  dataset's only to its review; to anyone else exactly as a resource that
  has no table ("not found", in the request's language);
- ``loads.py``: a revision's new and replaced files submitted to xloader
  once the walidata approves it (called by ``review/revisions.py``);
- ``indexes.py``: a seam over xloader's COPY load, whose column indexes
  and full-text trigger were never committed;
- ``tables.py``: the DataTables view's table requests checked before its
  view runs (the view reached, the paging numbers whole and bounded).

The chained actions are in ``logic/action/preview.py``; the resource views
of a resource one does not reach are withheld with the files
(``logic/action/files.py``).
"""

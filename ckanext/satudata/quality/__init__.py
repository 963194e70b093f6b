"""The quality of what OPDs publish (issues 19 and 17). What lives where:

File checks on upload (issue 19, point 5):

- ``sniff.py``: what a file really is from its first bytes (PDF, HTML,
  XLSX, XLS, text) against its declared format: read in the request, so
  that a "CSV" that is a PDF or a web page is flagged before anything
  loads it (xloader's ``can_upload`` asks ``store.flagged``);
- ``tabular.py``: the structure check of a CSV/TSV/XLSX/XLS by
  frictionless (header cells present and distinct, rows as long as the
  header, no blank rows, readable in its encoding) and, on our side,
  merged cells (openpyxl), numbers stored as text and total rows inside the
  data; each finding with its row, column and a message in the reader's
  language;
- ``store.py``: the checks' table ``satudata_file_check`` (migration
  ``0012_file_check``): one row per resource and file (``file_key`` empty
  for the resource's own file, else a pending revision's stored file);
- ``jobs.py``: the check queued on CKAN's background worker after an
  upload (or a revision's upload) and the report read back.

The quality score and the link checks (issue 17; migration ``0013_quality``):

- ``criteria.py``: the score as pure computation (MQA adapted: 435 points
  over six dimensions, the rating bands), ``formats.py``: open and
  machine-readable formats;
- ``scores.py``: the score computed with the search document
  (``before_dataset_index``), kept in ``satudata_quality_score``, shown as
  ``satudata_kualitas``; ``facet.py``: the ``kualitas`` facet;
- ``links.py``: one link (HTTP, SSRF-safe) or uploaded file checked;
  ``link_jobs.py``: the checks queued on commit, run on the worker or by
  ``ckan satudata links check`` in a bounded pool, each dataset rescored;
  ``link_store.py``: SQL of ``satudata_link_check``;
- ``labels.py``: findings, criteria, ratings and reasons in the reader's
  language; ``helpers.py``: template helpers.

The actions are in ``logic/action/quality.py`` (``satudata_file_check_*``,
``satudata_quality_show``, ``satudata_link_check_*``), their auth functions
in ``logic/auth/quality.py``; the score's DQV triples in ``dcat/quality.py``.
"""

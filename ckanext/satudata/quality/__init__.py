"""The quality of what OPDs publish; first, the file checks on upload
(issue 19, point 5). What lives where:

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

The action is ``satudata_file_check_show`` (``logic/action/quality.py``);
the report is on the resource page for its OPD and on the walidata's
review page, where it can be quoted in the note.
"""

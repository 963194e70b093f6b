"""Views and downloads counted (issue 19, point 4) with CKAN's own
``tracking`` plugin: its tables (``tracking_raw``, ``tracking_summary``),
its ``tracking.js`` (a POST to ``/_tracking`` per page and per click on a
``resource-url-analytics`` link), its daily roll-up (``ckan tracking
update``, from cron) and its ``views_recent``/``views_total`` index fields
(the "Populer" sort, the home page's most used). What lives where:

- ``record.py``: one view or download recorded, under a visitor key that
  is an HMAC of the browser's address and headers with a salt drawn at
  random each day and kept in Redis for two days only: one visitor counts
  once a day, and once the salt is gone no key can be tied to anyone;
- ``summary.py``: the counts of many datasets and their files read in two
  queries (upstream reads one per dataset and one per file);
- ``seam.py``: the two places where ckanext-tracking is replaced (its
  ``after_request`` body parser, which answers a 500 to a malformed or
  already-read body, and its per-row reads of the counts).

The action is ``satudata_usage_record`` (``logic/action/usage.py``), the
route ``POST /_tracking`` (``views/usage.py``).
"""

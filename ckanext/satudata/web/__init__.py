"""What the web process adds around CKAN so that the portal stays up under
load and hostile input. What lives where:

- ``app.py``: ``install(app, config)``, the one IMiddleware hook that wires
  the modules below into CKAN's Flask application;
- ``wsgi.py``: the WSGI application the production server (gunicorn,
  ``config/gunicorn.conf.py``) loads;
- ``limits.py``: limits at the door (body size, control characters,
  parameter types, lengths and bounds): a 4xx in the caller's language
  before any work;
- ``timeouts.py``: the statement timeout of web requests and the 503 that
  answers a statement it cancelled;
- ``page_cache.py``: anonymous pages and API reads kept in Redis and dropped
  by any change to the catalogue;
- ``hidden.py``: a dataset the caller may not see answers exactly as one
  that does not exist.
"""

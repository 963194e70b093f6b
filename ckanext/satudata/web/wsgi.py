"""The WSGI application the production server loads:
``gunicorn -c config/gunicorn.conf.py ckanext.satudata.web.wsgi:application``.
The configuration file is ``$CKAN_INI`` (``config/ckan.ini`` by default)."""
from __future__ import annotations

import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

application = make_app(load_config(os.environ.get("CKAN_INI", "config/ckan.ini")))

"""Each pytest-xdist worker runs against its own databases, Redis database,
SMTP port and storage (tests/workers.py): were two workers to share one,
their resets would empty each other's data mid-test."""
from __future__ import annotations

import re

from ckan.common import config

from . import workers


def test_this_worker_has_its_own_databases_redis_mail_and_storage():
    assert config["sqlalchemy.url"].endswith("/satudata_test" + workers.SUFFIX)
    assert config["ckan.datastore.write_url"].endswith("/satudata_datastore_test" + workers.SUFFIX)
    assert config["ckan.datastore.read_url"].endswith("/satudata_datastore_test" + workers.SUFFIX)
    assert config["ckan.redis.url"] == f"redis://127.0.0.1:6379/{workers.REDIS_DB}"
    assert config["smtp.server"] == f"127.0.0.1:{workers.SMTP_PORT}"
    assert config["ckan.storage_path"].rstrip("/").endswith("storage-test" + workers.SUFFIX)


def test_the_harvesting_site_of_this_worker_is_its_own():
    env = workers.harvest_site_env()
    assert env["CKAN_SQLALCHEMY_URL"].endswith("/satudata_harvest_test" + workers.SUFFIX)
    ini = (workers.ROOT / "config" / "harvest-test.ini").read_text()
    configured = re.search(r"^ckan\.redis\.url = (.+)$", ini, re.M).group(1)
    assert env.get("CKAN_REDIS_URL", configured) == f"redis://127.0.0.1:6379/{workers.HARVEST_REDIS_DB}"
    assert env.get("CKAN_REDIS_URL", configured) != config["ckan.redis.url"]

"""One copy of everything a test run writes, per pytest-xdist worker.

``make test`` runs the suite on both cores (``pytest -n 2 --dist loadfile``:
a module's tests stay in one worker, so module and class fixtures are built
once). The workers must never meet: each has its own test database,
DataStore database and harvesting site's database, Redis databases, SMTP
port and storage folders. Worker ``gw0`` (and a run without xdist) uses the
names of config/test.ini and config/harvest-test.ini as they are; worker
``gwN`` appends ``_gwN`` to the database names, which ``make test`` copies
from the migrated ones (scripts/test-copies.sh), and takes Redis databases
``2N+2`` (the portal) and ``2N+3`` (the harvesting site) and SMTP port
``2525+N`` (Redis's 16 databases allow seven workers).

``configure()`` sets it up before CKAN's pytest plugin loads the
configuration at the session's start; the harvest tests take the second
site's environment from ``harvest_site_env()``.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
INDEX = int(WORKER[2:]) if WORKER.startswith("gw") else 0
SUFFIX = f"_gw{INDEX}" if INDEX else ""
SMTP_PORT = 2525 + INDEX
# the Redis databases of the portal and of the harvesting site (gw0: the ini files')
REDIS_DB, HARVEST_REDIS_DB = (2 * INDEX + 2, 2 * INDEX + 3) if INDEX else (1, 3)


def _redis(db: int) -> str:
    return f"redis://127.0.0.1:6379/{db}"


def _renamed(url: str, name: str | None = None) -> str:
    """``url`` with its database renamed (``name``) and given this worker's suffix."""
    base, _, db = url.rpartition("/")
    return f"{base}/{name or db}{SUFFIX}"


def configure(option) -> None:
    """This worker's databases (the environment variables CKAN reads over
    its configuration file, inherited by what a test starts) and its Redis
    database, SMTP port and storage: a configuration file of its own over
    config/test.ini (``option.ckan_ini``), so that a test's ``ckan_config``
    mark still overrides them, as it could not an environment variable."""
    if not INDEX:
        return
    for name in ("CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL", "CKAN_DATASTORE_READ_URL"):
        if name in os.environ:
            os.environ[name] = _renamed(os.environ[name])
    ini = ROOT / ".local" / f"test{SUFFIX}.ini"
    ini.parent.mkdir(exist_ok=True)
    ini.write_text(f"""# written by tests/workers.py for test worker {WORKER}
[app:main]
use = config:{Path(option.ckan_ini).resolve()}
ckan.redis.url = {_redis(REDIS_DB)}
ckan.storage_path = {ROOT / ".local" / f"storage-test{SUFFIX}"}
smtp.server = 127.0.0.1:{SMTP_PORT}
""")
    option.ckan_ini = str(ini)


def harvest_site_env() -> dict[str, str]:
    """The environment of the harvesting site (config/harvest-test.ini) this
    worker starts: its database, and (``gwN``) its Redis database and storage."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("CKAN_REDIS_URL", "CKAN_STORAGE_PATH")}
    env["CKAN_SQLALCHEMY_URL"] = _renamed(os.environ["CKAN_SQLALCHEMY_URL"], "satudata_harvest_test")
    if INDEX:
        env["CKAN_REDIS_URL"] = _redis(HARVEST_REDIS_DB)
        env["CKAN_STORAGE_PATH"] = str(ROOT / ".local" / f"storage-harvest-test{SUFFIX}")
    return env

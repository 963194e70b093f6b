"""docker/, checked without Docker (it does not run here): the entry point
writes a working config from the environment and the secrets; the compose
file, the Dockerfile and the scripts they mount agree with each other.
`make deploy-check` lints the Dockerfile (hadolint) and validates the
compose file against the Compose Specification."""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

import pytest
import yaml

from tests.deploy.solr_schema import ROOT

DOCKER = ROOT / "docker"
COMPOSE = yaml.safe_load((DOCKER / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
CKAN_SERVICES = ("ckan", "worker", "migrate")


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """The entry point run as a container would run it, with `env` as its
    command: the config it wrote and the environment it hands over."""
    tmp = tmp_path_factory.mktemp("entrypoint")
    (tmp / "ckan_secret_key").write_text("kunci-rahasia-uji\n")
    (tmp / "db_password").write_text("sandi-basis-data\n")
    environment = {
        "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin", "HOME": str(tmp), "APP_DIR": str(ROOT),
        "CKAN_INI": str(tmp / "run" / "ckan.ini"),
        "CKAN_SECRET_KEY_FILE": str(tmp / "ckan_secret_key"),
        "SATUDATA_DB_PASSWORD_FILE": str(tmp / "db_password"), "SATUDATA_DB_NAME": "satudata",
        "CKAN__SITE_TITLE": "Satu Data Uji", "CKANEXT__SATUDATA__KODE_WILAYAH": "36.01",
        "CKAN___SOLR_TIMEOUT": "30",
    }
    done = subprocess.run([str(DOCKER / "entrypoint.sh"), "env"], env=environment, capture_output=True,
                          text=True, timeout=120, check=True)
    handed = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return tmp / "run" / "ckan.ini", handed


def test_entrypoint_writes_the_portals_config_with_the_environments_options(started):
    ini, _ = started
    text = ini.read_text()
    plugins = "satudata scheming_datasets scheming_organizations dcat structured_data activity"
    assert f"ckan.plugins = {plugins}" in text
    assert "ckanext.dcat.rdf.profiles = euro_dcat_ap_3 satudata" in text      # config/ckan.ini.template
    assert "ckan.site_title=Satu Data Uji" in text                            # CKAN__X → ckan.x
    assert "ckanext.satudata.kode_wilayah=36.01" in text                      # CKANEXT__X__Y → ckanext.x.y
    assert "solr_timeout=30" in text                                          # CKAN___X → x
    assert re.search(r"^SECRET_KEY=kunci-rahasia-uji$", text, re.M)           # one key for every container


def test_entrypoint_builds_the_database_url_from_the_secret(started):
    ini, handed = started
    url = "postgresql://ckan_satudata:sandi-basis-data@db:5432/satudata"
    assert handed["CKAN_SQLALCHEMY_URL"] == url
    assert f"sqlalchemy.url={url}" in ini.read_text()          # for `docker compose exec ckan ckan …`
    assert stat.S_IMODE(ini.stat().st_mode) == 0o600           # the file holds secrets: its owner only


def test_every_service_has_a_health_check_and_data_lives_in_named_volumes():
    for name, service in SERVICES.items():
        assert "healthcheck" in service, name
    assert SERVICES["migrate"]["healthcheck"] == {"disable": True}            # it runs once and exits
    mounts = {m.split(":")[1]: m.split(":")[0] for s in SERVICES.values() for m in s.get("volumes", [])}
    for path in ("/var/lib/postgresql/data", "/var/solr", "/data", "/var/lib/ckan"):
        assert mounts[path] in COMPOSE["volumes"], path


def test_only_the_proxy_is_published_and_the_data_services_are_internal():
    assert [n for n, s in SERVICES.items() if s.get("ports")] == ["proxy"]
    assert COMPOSE["networks"]["backend"]["internal"] is True
    for name in ("db", "redis", "solr"):
        assert SERVICES[name]["networks"] == ["backend"], name


def test_migrations_run_before_the_web_and_the_worker_start():
    entrypoint = (DOCKER / "entrypoint.sh").read_text()
    for name in CKAN_SERVICES:
        (role,) = SERVICES[name]["command"]
        assert re.search(rf"^  {role}\)$", entrypoint, re.M), role
    assert "ckan -c \"$ini\" db upgrade" in entrypoint and "satudata vocab load" in entrypoint
    for name in ("ckan", "worker"):
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert {d: c["condition"] for d, c in SERVICES["migrate"]["depends_on"].items()} == \
        {"db": "service_healthy", "redis": "service_healthy", "solr": "service_healthy"}


def test_secrets_are_files_outside_the_image_and_the_env_file():
    for secret in COMPOSE["secrets"].values():
        assert secret["file"].startswith("./secrets/")
    assert "secrets/" in (DOCKER / ".gitignore").read_text().split()
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"docker/secrets", "docker/.env", "config/ckan.ini", ".local"} <= set(ignored)
    for service in SERVICES.values():
        for key in service.get("environment", {}):
            assert not re.search(r"PASSWORD$|SECRET", key) or key.endswith("_FILE"), key
    example = (DOCKER / ".env.example").read_text()
    assert not re.search(r"^[^#]*(PASSWORD|SECRET)\w*=", example, re.M)
    required = set(re.findall(r"\$\{(\w+):\?", (DOCKER / "compose.yaml").read_text()))
    assert required and all(re.search(rf"^{name}=", example, re.M) for name in required)


def test_the_database_allows_the_extensions_our_migration_creates():
    migration = (ROOT / "ckanext/satudata/migration/satudata/versions/0001_search_index.py").read_text()
    wanted = set(re.findall(r"CREATE EXTENSION IF NOT EXISTS (\w+)", migration))
    assert wanted == {"pg_trgm", "unaccent"}
    initdb = (DOCKER / "postgres" / "initdb.sh").read_text()
    assert set(re.findall(r"CREATE EXTENSION IF NOT EXISTS (\w+)", initdb)) == wanted
    assert "./postgres/initdb.sh:/docker-entrypoint-initdb.d/10-satudata.sh:ro" in SERVICES["db"]["volumes"]


def test_solr_serves_config_solr_as_the_core_ckan_asks():
    solr = SERVICES["solr"]
    assert "../config/solr:/opt/satudata/solr/conf:ro" in solr["volumes"]
    start = (DOCKER / "solr" / "start.sh").read_text()
    assert "solr-precreate ckan /opt/satudata/solr" in start
    assert COMPOSE["x-ckan"]["environment"]["CKAN_SOLR_URL"] == "http://solr:8983/solr/ckan"
    assert solr["healthcheck"]["test"][-1].startswith("http://127.0.0.1:8983/solr/ckan/select?")


def test_dockerfile_copies_what_exists_and_runs_unprivileged():
    dockerfile = (DOCKER / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (?!--from)(.+)$", dockerfile, re.M):
        *sources, _ = line.split()
        for source in sources:
            assert (ROOT / source).exists(), source
    (user,) = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert user.split(":")[0] not in ("0", "root")
    assert not re.search(r"^(ENV|ARG)\b.*(PASSWORD|SECRET)", dockerfile, re.M)
    assert os.access(DOCKER / "entrypoint.sh", os.X_OK)

"""The second site of tests/dcat/test_harvest.py, run in its own process
with its own configuration and database (config/harvest-test.ini): a Satu
Data portal with ckanext-harvest and ckanext-dcat's ``dcat_rdf`` harvester.

    python harvest_site.py CONFIG SOURCE_URL [--reset [--api] [--local=ID]] [--no-run]

``--reset`` empties the site first and creates its harvest source (owned
by the pemda's organisation; the DCAT feed, or with ``--api`` the portal's
action API, source type ``satudata_ckan``; ``--local=ID``: and a dataset of
its own with that id); then one harvest job runs (as ``ckan
satudata harvest run`` does: gather, fetch and import in this process;
``--no-run`` skips it) and the site prints JSON: the last job's stats and
errors, and every
dataset and organization it holds (drafts too).
"""
from __future__ import annotations

import contextlib
import json
import sys

import sqlalchemy as sa

from ckan.cli import load_config
from ckan.config.middleware import make_app


def _reset(tk, model) -> None:
    from ckan.lib.redis import connect_to_redis
    model.repo.delete_all()
    model.Session.execute(sa.text(
        "TRUNCATE satudata_search_doc, satudata_search_payload, satudata_search_word, "
        "satudata_search_count, satudata_review_log, satudata_revision, satudata_dcat_fragment"))
    model.Session.execute(sa.text("SELECT nextval('satudata_search_generation')"))
    model.Session.commit()
    connect_to_redis().flushdb()


def main() -> None:
    config_file, url = sys.argv[1], sys.argv[2]
    app = make_app(load_config(config_file))
    with app._wsgi_app.test_request_context():
        import ckan.model as model
        import ckan.plugins.toolkit as tk
        from ckanext.satudata.harvest import run as harvest_run

        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

        def call(action: str, **data):
            return tk.get_action(action)({"user": site_user, "ignore_auth": True}, data)

        if "--reset" in sys.argv:
            _reset(tk, model)
            site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
            call("organization_create", name="kab-serang", title="Pemerintah Kabupaten Serang",
                 kode_opd="9.99.0.00.0.00.01.0000", jenis_instansi="secretariat")
            if "--api" in sys.argv:       # the other portal's action API
                source_type, config = "satudata_ckan", {"kode_wilayah": "36.04",
                                                        "pemda": "Pemerintah Kabupaten Serang"}
            else:
                source_type, config = "dcat_rdf", {"rdf_format": "text/turtle"}
            call("harvest_source_create", name="satudata-serang", url=url, source_type=source_type,
                 title="Satu Data Kabupaten Serang", owner_org="kab-serang", config=json.dumps(config))
            for arg in sys.argv:
                if arg.startswith("--local="):    # a dataset of this site's own, with that id
                    call("package_create", id=arg.split("=", 1)[1], name="data-lokal", title="Data Lokal",
                         owner_org="kab-serang", notes="Data milik portal ini.", urusan="2.12",
                         frekuensi="tahunan", klasifikasi_akses="terbuka")
        if "--no-run" not in sys.argv:
            # what `ckan satudata harvest run` does, without its progress bar
            harvest_run.run("satudata-serang", contextlib.nullcontext)
        source = call("harvest_source_show", id="satudata-serang")
        jobs = call("harvest_job_list", source_id=source["id"])
        job, errors = (jobs[0] if jobs else {"stats": {}}), []
        if jobs:
            report = call("harvest_job_report", id=job["id"])
            errors = [error["message"] for obj in report["object_errors"].values()
                      for error in obj["errors"]]
            errors += [error["message"] for error in report["gather_errors"]]
        found = call("package_search", q="*:*", fq="dataset_type:dataset", include_private=True,
                     rows=1000)["results"]
        datasets = [call("package_show", id=d["id"]) for d in found]
        organizations = [call("organization_show", id=name, include_datasets=False)
                         for name in call("organization_list")]
        review = {d["id"]: [x["action"] for x in call("satudata_review_history", id=d["id"])["decisions"]]
                  for d in datasets}
        print(json.dumps({"stats": job["stats"], "errors": errors, "datasets": datasets,
                          "organizations": organizations, "review": review}, default=str))


if __name__ == "__main__":
    main()

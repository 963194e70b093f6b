"""``ckan satudata harvest run SOURCE``: one harvest job of a source, here
and now, with a progress bar (the walidata's way to bring another portal's
datasets in without the harvest queues' consumers running).

ckanext-harvest's own stages do the work, in this process, in the order
its queues would run them: the job is created without being queued,
gathered, then each record fetched and imported; a record that fails is
recorded against itself (``harvest_object_error``) and the job goes on.
The job is then closed by ``harvest_jobs_run`` as the queues would close
it, and its report returned.
"""
from __future__ import annotations

from typing import Any, Callable, ContextManager, Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk

__all__ = ["run"]


def _abandon_the_rest(job_id: str) -> None:
    """A gather that stops part-way (a page of the feed unreachable) returns
    no records but keeps those of the pages it read, waiting for an import
    that never comes: the job would stay running and the source refuse every
    later run. They are marked failed (nothing of them was written), so the
    job finishes with its gather error."""
    from ckanext.harvest.model import HarvestObject
    model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_job_id == job_id,
        HarvestObject.state.notin_(("COMPLETE", "ERROR")),
    ).update({"state": "ERROR", "report_status": "errored"}, synchronize_session=False)
    model.Session.commit()


def run(source: str, progress: Callable[[list[Any]], ContextManager[Iterable[Any]]]) -> dict[str, Any]:
    """Run one job of ``source`` (id or name); ``progress(items)`` wraps the
    records' loop (a click progress bar). Returns the job: its stats, and
    the error messages of the gather stage and of each failed record."""
    from ckanext.harvest import queue
    from ckanext.harvest.logic import HarvestJobExists
    from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject, HarvestObjectError

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context = {"user": site_user, "ignore_auth": True}
    shown = tk.get_action("harvest_source_show")(context, {"id": source})
    try:
        job_dict = tk.get_action("harvest_job_create")(context, {"source_id": shown["id"], "run": False})
    except HarvestJobExists:
        raise tk.ValidationError({"source": [tk._("This source already has a job waiting or running")]})
    job = HarvestJob.get(job_dict["id"])
    job.status = "Running"
    job.save()

    harvester = queue.get_harvester(shown["source_type"])
    ids: list[Any] = []
    try:
        try:
            gathered = queue.gather_stage(harvester, job)
            ids = gathered if isinstance(gathered, list) else []
        except Exception as error:
            model.Session.rollback()
            HarvestGatherError.create(tk._("The source could not be read: {error}").format(error=error),
                                      HarvestJob.get(job_dict["id"]))
        with progress(ids) as records:
            for object_id in records:
                try:
                    queue.fetch_and_import_stages(harvester, HarvestObject.get(object_id))
                except Exception as error:      # the record fails, the job goes on
                    model.Session.rollback()
                    failed = HarvestObject.get(object_id)
                    failed.state, failed.report_status = "ERROR", "errored"
                    failed.save()
                    HarvestObjectError.create(tk._("The record could not be imported: {error}")
                                              .format(error=error), failed, "Import")
        if not ids:         # a record handed over ends COMPLETE or ERROR in the loop
            _abandon_the_rest(job_dict["id"])
    finally:
        # closed as the queues close a job: finished once no record is left waiting
        tk.get_action("harvest_jobs_run")(context, {"source_id": shown["id"]})
    job_dict = tk.get_action("harvest_job_show")(context, {"id": job_dict["id"]})
    report = tk.get_action("harvest_job_report")(context, {"id": job_dict["id"]})
    errors = [error["message"] for error in report["gather_errors"]]
    errors += [error["message"] for obj in report["object_errors"].values() for error in obj["errors"]]
    return {"id": job_dict["id"], "status": job_dict["status"], "stats": job_dict["stats"],
            "records": len(ids), "errors": errors}

"""CKAN's background jobs in tests: an empty queue of this site's, and a
worker that runs what is queued in this process (``with_test_worker``)."""
from __future__ import annotations

import pytest
import rq

import ckan.lib.jobs as ckan_jobs


def empty(queue: rq.Queue) -> None:
    queue.empty()
    for registry in (queue.scheduled_job_registry, queue.failed_job_registry,
                     queue.started_job_registry, queue.finished_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)


@pytest.fixture(name="job_queue")
def job_queue_fixture(with_test_worker):
    """This site's default queue, empty before and after the test (other
    sites' queues in the same Redis database are left alone)."""
    queue = ckan_jobs.get_queue()
    empty(queue)
    yield queue
    empty(queue)


def run_jobs() -> None:
    """Run every queued job now, as ``ckan jobs worker --burst`` would."""
    ckan_jobs.Worker([ckan_jobs.DEFAULT_QUEUE_NAME]).work(burst=True)


def run_only(queue: rq.Queue, wanted: str) -> None:
    """Run the queued jobs whose function's name holds ``wanted`` on a
    worker in this process (the others dropped), none of them failing."""
    for job in queue.jobs:
        if wanted not in job.func_name:
            job.delete()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rq.Worker, "main_work_horse", rq.SimpleWorker.main_work_horse)
        patch.setattr(rq.Worker, "execute_job", rq.SimpleWorker.execute_job)
        run_jobs()
    assert not queue.failed_job_registry.get_job_ids()

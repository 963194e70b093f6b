"""Mail through CKAN's background worker: queued, sent only by the job,
retried and at last kept as failed; sent in the request when Redis is down,
logged whole when that fails too."""
from __future__ import annotations

import logging

import pytest
from redis import ConnectionPool

import ckan.lib.jobs as ckan_jobs
import ckan.lib.redis as ckan_redis

from ckanext.satudata.mail import jobs

from ..jobs_helpers import job_queue_fixture, run_jobs  # noqa: F401 (fixture job_queue)

pytestmark = pytest.mark.usefixtures("with_plugins")

MAIL = ("Rina Marlina", "rina@example.org", "[Satu Data] Data Penduduk: Diajukan", "Isi surat.")


@pytest.fixture
def redis_down(monkeypatch):
    """CKAN's Redis connection points at a port where nothing listens."""
    monkeypatch.setattr(ckan_redis, "_connection_pool",
                        ConnectionPool.from_url("redis://127.0.0.1:1/0"))
    monkeypatch.setattr(ckan_jobs, "_queues", {})
    # a CLI test before may have applied the ini's logging setup, which
    # disables the loggers that existed then: these tests read our log
    monkeypatch.setattr(jobs.log, "disabled", False)


def test_the_mail_waits_for_the_worker(job_queue, inbox):
    jobs.queue_mail(*MAIL)
    (job,) = job_queue.get_jobs()
    assert job.meta["title"].startswith("Mail to rina@example.org")
    assert job.retries_left == len(jobs.RETRY_INTERVALS)
    assert inbox.messages == []
    run_jobs()
    (mail,) = inbox.to("rina@example.org")
    assert mail["Subject"] == MAIL[2] and mail.get_body().get_content().strip() == MAIL[3]
    assert job_queue.count == 0 and not job_queue.failed_job_registry.get_job_ids()


@pytest.mark.ckan_config("smtp.server", "127.0.0.1:1")
def test_a_failed_send_is_retried_later(job_queue, inbox):
    jobs.queue_mail(*MAIL)
    run_jobs()                     # tried, tried again at once, then in a minute
    (job_id,) = job_queue.scheduled_job_registry.get_job_ids()
    assert job_queue.fetch_job(job_id).retries_left == len(jobs.RETRY_INTERVALS) - 2
    assert inbox.messages == []


@pytest.mark.ckan_config("smtp.server", "127.0.0.1:1")
def test_after_the_last_retry_the_job_is_kept_as_failed(job_queue, monkeypatch):
    monkeypatch.setattr(jobs, "RETRY_INTERVALS", (0, 0))             # retried at once
    jobs.queue_mail(*MAIL)
    run_jobs()
    (job_id,) = job_queue.failed_job_registry.get_job_ids()
    job = job_queue.fetch_job(job_id)
    assert job.retries_left == 0 and "SMTP server could not be connected" in job.latest_result().exc_string


def test_without_redis_the_request_sends_it(redis_down, inbox, caplog):
    with caplog.at_level(logging.ERROR, logger="ckanext.satudata.mail.jobs"):
        jobs.queue_mail(*MAIL)
    assert inbox.to("rina@example.org")
    assert "sending the mail to rina@example.org in the request" in caplog.text


@pytest.mark.ckan_config("smtp.server", "127.0.0.1:1")
def test_without_redis_nor_smtp_the_whole_mail_is_logged(redis_down, inbox, caplog):
    with caplog.at_level(logging.ERROR, logger="ckanext.satudata.mail.jobs"):
        jobs.queue_mail(*MAIL)
    assert inbox.messages == []
    (lost,) = [r for r in caplog.records if "MAIL NOT SENT" in r.getMessage()]
    assert lost.levelno == logging.ERROR
    assert all(part in lost.getMessage() for part in MAIL)

"""Work that leaves the request for CKAN's background worker (``ckan jobs
worker``, Redis/RQ): for now, e-mail.

A mail is written in the request (its language, its links) and queued as
plain data: the job only hands it to the SMTP server, so it keeps no state
of its own. A job killed half-way has sent nothing, and running it again can
at worst repeat a mail, never leave half of one. The job raises when the
server cannot be reached or refuses, so RQ runs it again (``RETRY``), and
after the last try keeps it in its failed registry (``ckan jobs list``
shows the waiting ones). When Redis cannot take the job, the mail is sent
in the request instead; when that fails too, the whole mail is logged at
ERROR. A mail is never dropped without a trace.
"""
from __future__ import annotations

import logging

import rq
from redis.exceptions import RedisError

import ckan.lib.mailer as mailer
import ckan.plugins.toolkit as tk

__all__ = ["queue_mail", "send_mail", "RETRY_INTERVALS"]

log = logging.getLogger(__name__)

# seconds before the 1st, 2nd and 3rd retry of a failed mail: the first at
# once (a killed work horse, a dropped connection), needing no RQ scheduler;
# the later ones wait out an SMTP server that is down
RETRY_INTERVALS = (0, 60, 300)


def send_mail(recipient_name: str, recipient_email: str, subject: str, body: str) -> None:
    """The job: one mail to the SMTP server (``smtp.*``). Raises
    ``MailerException`` (or the socket's error) when it is not sent, so that
    RQ tries again.

    :param recipient_name: the recipient's display name
    :param recipient_email: their address
    :param subject: the subject, already translated
    :param body: the plain-text body, already translated
    """
    mailer.mail_recipient(recipient_name, recipient_email, subject, body)


def queue_mail(recipient_name: str, recipient_email: str, subject: str, body: str) -> None:
    """Send a mail from the background worker; from the request itself when
    Redis is unreachable (see the module's docstring)."""
    args = [recipient_name, recipient_email, subject, body]
    try:
        tk.enqueue_job(send_mail, args, title=f"Mail to {recipient_email}: {subject}"[:200],
                       rq_kwargs={"retry": rq.Retry(max=len(RETRY_INTERVALS),
                                                    interval=list(RETRY_INTERVALS))})
        return
    except RedisError as error:
        log.error("Job queue unreachable (%r): sending the mail to %s in the request",
                  error, recipient_email)
    try:
        send_mail(*args)
    except Exception as error:  # noqa: BLE001 (whatever failed, the mail is kept in the log)
        log.error("MAIL NOT SENT (%r), neither queued nor delivered; resend it by hand:\n"
                  "To: %s <%s>\nSubject: %s\n\n%s",
                  error, recipient_name, recipient_email, subject, body)

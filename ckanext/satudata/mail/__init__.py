"""The portal's e-mail, sent by CKAN's background worker. What lives where:

- ``jobs.py``: ``queue_mail`` (a mail written in the request, handed to RQ
  with retries; sent from the request when Redis is down, logged whole when
  that fails too) and ``send_mail``, the job itself.

Who gets which mail is decided by the features: ``review/notifications.py``
(decisions), ``schedule/reminders.py`` (update reminders).
"""

"""gunicorn settings for the portal (``make run``, docker/): a pool of
processes sized to the machine, worker timeouts, graceful restarts and an
access log. Every value can be overridden through the environment."""
import multiprocessing
import os

bind = os.environ.get("SATUDATA_BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
# CKAN renders in Python: one process per core and a few more to cover I/O
workers = int(os.environ.get("SATUDATA_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# threads: a request waiting on PostgreSQL, Redis or a slow client holds a
# thread, not a whole process (CKAN keeps its session and request state per
# thread); the GIL keeps one process to about one core
threads = int(os.environ.get("SATUDATA_WEB_THREADS", 4))
worker_class = "gthread"
keepalive = 5
# a request that runs longer than this is killed and its worker replaced
# (the database's statement timeout, ckanext.satudata.statement_timeout,
# ends a slow query long before)
timeout = int(os.environ.get("SATUDATA_WEB_TIMEOUT", 30))
graceful_timeout = 30            # SIGHUP / SIGTERM: running requests finish first
# workers are renewed now and then (no slow leak); rarely, because gthread
# workers reset the keep-alive connections they hold when they go
max_requests = int(os.environ.get("SATUDATA_WEB_MAX_REQUESTS", 200000))
max_requests_jitter = 20000
backlog = 256
limit_request_line = 8190        # longer request lines get gunicorn's own 414
limit_request_fields = 100
accesslog = os.environ.get("SATUDATA_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = "info"
proc_name = "satudata-web"

"""Health checks of the portal's containers (docker/Dockerfile, docker/compose.yaml).

    python docker/healthcheck.py web      CKAN answers its status API (gunicorn's bind)
    python docker/healthcheck.py worker   this container's RQ worker is registered in Redis

Exit status 0 when healthy, 1 (with the reason on stderr) when not.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import urllib.request


def web() -> str | None:
    port = os.environ.get("SATUDATA_BIND", "127.0.0.1:5000").rsplit(":", 1)[1]
    url = f"http://127.0.0.1:{port}/api/action/status_show"
    with urllib.request.urlopen(url, timeout=8) as response:
        body = json.load(response)
    return None if body.get("success") else f"{url} answered {body!r}"


def worker() -> str | None:
    import redis
    import rq

    connection = redis.Redis.from_url(os.environ["CKAN_REDIS_URL"], socket_timeout=5)
    here = socket.gethostname()
    if any(w.hostname == here for w in rq.Worker.all(connection=connection)):
        return None
    return f"no background worker of {here} is registered in Redis"


def main(argv: list[str]) -> int:
    role = argv[1] if len(argv) > 1 else "web"
    try:
        problem = {"web": web, "worker": worker}[role]()
    except Exception as e:  # noqa: BLE001 (any failure means unhealthy)
        problem = f"{type(e).__name__}: {e}"
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

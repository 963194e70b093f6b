"""The services ``bench/faults.py`` starts for itself and stops again: a
PostgreSQL cluster (initdb into a temporary directory), a redis-server, an
SMTP sink and the portal (``scripts/serve.sh``: gunicorn and ``ckan jobs
worker``), plus what it reads about their processes from /proc."""
from __future__ import annotations

import asyncio
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_ID = "satudata-faults"


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def wait_for(check, timeout: float, step: float = 0.2):
    """``check()``'s first truthy value within ``timeout`` seconds, else None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(step)
    return None


class Postgres:
    """A throwaway cluster on ``port``, trust authentication, run as the
    ``postgres`` user when we are root (initdb refuses root)."""

    def __init__(self, workdir: Path, port: int) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        found = bins[-1] if bins else os.path.dirname(shutil.which("pg_ctl") or "")
        if not found or not os.path.exists(f"{found}/initdb"):
            raise SystemExit("faults: no PostgreSQL binaries (initdb, pg_ctl) found")
        self.bin, self.port = Path(found), port
        self.dir = workdir / "pg"
        self.data, self.log = self.dir / "data", self.dir / "postgres.log"
        self._as = []
        if os.getuid() == 0:
            self._as = ["runuser", "-u", "postgres", "--"]
        self.dir.mkdir()
        if self._as:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self._as, str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                        str(self.log), "-w", "-t", "60", *args], check=True,
                       stdout=subprocess.DEVNULL)

    def init(self) -> None:
        subprocess.run([*self._as, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, stdout=subprocess.DEVNULL)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.dir}'\nfsync = off\n")

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop", "-m", "fast")

    def psql(self, sql: str, db: str = "postgres") -> str:
        return subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
                               "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                              check=True, capture_output=True, text=True).stdout.strip()

    def create_database(self, name: str, owner: str) -> str:
        """The database with the extensions the portal's migrations need; its URL."""
        self.psql(f"CREATE ROLE {owner} LOGIN")
        self.psql(f"CREATE DATABASE {name} OWNER {owner} ENCODING 'UTF8' TEMPLATE template0")
        self.psql("CREATE EXTENSION pg_trgm; CREATE EXTENSION unaccent", db=name)
        return f"postgresql://{owner}@127.0.0.1:{self.port}/{name}"


class Redis:
    """A redis-server on ``port`` with its append-only file, so that what is
    queued survives a restart as it does in production."""

    def __init__(self, workdir: Path, port: int) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise SystemExit("faults: redis-server not found")
        self.binary, self.port = binary, port
        self.dir = workdir / "redis"
        self.dir.mkdir()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.dir / "redis.log", "ab")
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--appendonly", "yes", "--save", ""], stdout=log, stderr=log)
        if not wait_for(lambda: not port_free(self.port), 10):
            raise SystemExit("faults: redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()               # SIGTERM: redis writes its file and exits
            self.proc.wait(20)
        self.proc = None


class SmtpSink:
    """An SMTP server that keeps what it accepted. ``hold()`` makes it keep a
    sender waiting in DATA (a job "in the middle" of its mail) until
    ``release()``; a sender that is gone by then had nothing accepted."""

    def __init__(self, port: int) -> None:
        from aiosmtpd.controller import Controller
        self.port = port
        self.accepted: list[tuple[float, list[str], bytes]] = []
        self.waiting = 0
        self.held_for: list[str] = []       # recipients of the mails kept waiting so far
        self._held = threading.Event()
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook)
        if self._held.is_set():
            self.held_for += envelope.rcpt_tos
            self.waiting += 1
            while self._held.is_set():
                await asyncio.sleep(0.1)
            self.waiting -= 1
            if server.transport is None or server.transport.is_closing():
                return "421 sender gone"   # (aiosmtpd cancels this hook on EOF anyway)
        with self._lock:
            self.accepted.append((time.monotonic(), list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[bytes]:
        with self._lock:
            return [content for _, rcpts, content in self.accepted if address in rcpts]

    def hold(self) -> None:
        self._held.set()

    def release(self) -> None:
        self._held.clear()

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._held.clear()
        self._controller.stop()


def _stat(pid: int) -> tuple[int, int, int] | None:
    """(ppid, pgrp, session) of a live process, None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    if fields[0] == "Z":
        return None
    return int(fields[1]), int(fields[2]), int(fields[3])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Portal:
    """``scripts/serve.sh INI`` in a session of its own (so that everything
    it starts can be found and stopped), its output in ``serve.log``."""

    def __init__(self, workdir: Path, ini: Path, env: dict[str, str]) -> None:
        self.ini, self.env = ini, env
        self.log = workdir / "serve.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log, "ab")
        self.proc = subprocess.Popen([str(ROOT / "scripts/serve.sh"), str(self.ini)], cwd=ROOT,
                                     env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def processes(self) -> dict[int, tuple[int, int, str]]:
        """pid: (ppid, pgrp, command line) of everything serve.sh started."""
        if not self.proc:
            return {}
        found = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (stat := _stat(int(entry))) and stat[2] == self.proc.pid:
                found[int(entry)] = (stat[0], stat[1], _cmdline(int(entry)))
        return found

    def jobs_worker(self) -> int | None:
        """The ``ckan jobs worker`` process (not its scheduler or work horse)."""
        procs = self.processes()
        for pid, (ppid, _, cmd) in procs.items():
            if " jobs worker" in cmd and not (ppid in procs and " jobs worker" in procs[ppid][2]):
                return pid
        return None

    def work_horse(self) -> int | None:
        """The worker's child running a job: RQ puts it in its own process group."""
        worker = self.jobs_worker()
        for pid, (ppid, pgrp, _) in self.processes().items():
            if ppid == worker and pgrp == pid:
                return pid
        return None

    def scheduler(self) -> int | None:
        """RQ's scheduler, the worker's other child (retries with a delay)."""
        worker = self.jobs_worker()
        for pid, (ppid, pgrp, _) in self.processes().items():
            if ppid == worker and pgrp != pid:
                return pid
        return None

    def web_workers(self) -> list[int]:
        procs = self.processes()
        return sorted(pid for pid, (ppid, _, cmd) in procs.items()
                      if "gunicorn" in cmd and ppid in procs and "gunicorn" in procs[ppid][2])

    def stop(self) -> list[str]:
        """SIGTERM to serve.sh's process group, then SIGKILL to whatever of
        its session is left; returns what had to be killed."""
        if not self.proc:
            return []
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            pass
        wait_for(lambda: not self.processes(), 10)
        left = self.processes()
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc = None
        return [cmd for _, _, cmd in left.values()]


def connections_to(pid: int, port: int) -> int:
    """Established TCP connections from process ``pid`` to ``port``."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return 0
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "01" and int(cols[2].rsplit(":", 1)[1], 16) == port and cols[9] in inodes:
                count += 1
    return count


def write_ini(workdir: Path, db_url: str, args) -> tuple[Path, dict]:
    """The portal's config for the bench: config/ckan.ini (its secrets and
    plugins) with our services' URLs, and the environment to run it with."""
    urls = {"CKAN_SQLALCHEMY_URL": db_url,
            "CKAN_REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
            "CKAN_SITE_URL": f"http://127.0.0.1:{args.web_port}",
            "CKAN_STORAGE_PATH": str(workdir / "storage"),
            "CKAN_SMTP_SERVER": f"127.0.0.1:{args.smtp_port}"}
    ini = workdir / "faults.ini"
    ini.write_text(f"""[app:main]
use = config:{ROOT / 'config/ckan.ini'}
sqlalchemy.url = {urls['CKAN_SQLALCHEMY_URL']}
ckan.redis.url = {urls['CKAN_REDIS_URL']}
ckan.site_url = {urls['CKAN_SITE_URL']}
ckan.storage_path = {urls['CKAN_STORAGE_PATH']}
smtp.server = {urls['CKAN_SMTP_SERVER']}
smtp.mail_from = portal@faults.test
ckan.site_id = {SITE_ID}
ckanext.satudata.walidata_organization = walidata-uji
ckanext.satudata.workflow.notify = true

[loggers]
keys = root, ckanext, jobs, rq
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = WARN
handlers = console
[logger_ckanext]
qualname = ckanext.satudata
handlers =
level = INFO
[logger_jobs]
qualname = ckan.lib.jobs
handlers =
level = INFO
[logger_rq]
qualname = rq
handlers =
level = INFO
[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic
[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
""")
    # the environment beats the ini in CKAN: ours, whatever the caller's says
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    env.update(urls, CKAN_INI=str(ini), PORT=str(args.web_port),
               SATUDATA_WEB_WORKERS=str(args.web_workers))
    return ini, env

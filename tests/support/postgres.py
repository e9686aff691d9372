"""Throw-away PostgreSQL servers for tests and for ``.ci/run``.

The server side needs only the standard library and the PostgreSQL server binaries (Debian:
``apt-get install postgresql``), so ``.ci/run`` can start and stop a server before and after
pytest. Database helpers (:func:`create_database`, :func:`drop_database`) use psycopg.

Python API::

    find_pg_bin() -> Path | None              # directory holding initdb/pg_ctl, newest version
    with TempPostgres() as pg:                # initdb + start on a free loopback port
        pg.url              # postgresql+psycopg://workbench@127.0.0.1:PORT/workbench_test
        pg.maintenance_url  # ... /postgres  (to create more databases from)
    url = create_database(pg.maintenance_url, "t_abc")  # from template0, with unaccent
    drop_database(pg.maintenance_url, "t_abc")
    env_pg_url(), pg_required(), SKIP_MESSAGE   # WORKBENCH_TEST_PG_URL / WORKBENCH_REQUIRE_PG

Command line (used by ``.ci/run``)::

    python tests/support/postgres.py find        # prints the bin directory, exit 1 if none
    python tests/support/postgres.py start DIR   # prints the maintenance URL
    python tests/support/postgres.py stop DIR    # stops the server and removes DIR

PostgreSQL refuses to run as root, so when the tests run as root the server runs as the Debian
``postgres`` user (or ``nobody``) through ``runuser``, in directories owned by that user.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

#: Environment variable with a maintenance URL of a running server (tests create their own
#: databases from it), e.g. ``postgresql+psycopg://workbench@127.0.0.1:5544/postgres``.
ENV_URL = "WORKBENCH_TEST_PG_URL"
#: When set to a true value ("1", "yes", "true"), PostgreSQL tests must fail, never skip.
ENV_REQUIRE = "WORKBENCH_REQUIRE_PG"
#: Overrides the directory that holds initdb and pg_ctl.
ENV_BIN = "WORKBENCH_PG_BIN"

SUPERUSER = "workbench"
TEST_DB = "workbench_test"
HOST = "127.0.0.1"

SKIP_MESSAGE = (
    "PostgreSQL tests skipped: no PostgreSQL server binaries found. To run them, install the "
    "server (Debian/Ubuntu: sudo apt-get install postgresql) so a throw-away server can be "
    f"started, or set {ENV_URL}=postgresql+psycopg://USER@HOST:PORT/postgres to a server where "
    "USER may create databases."
)

_STATE_FILE = "server.json"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be found or started; the message says why and what to do."""


# ---------------------------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------------------------


def env_pg_url() -> str | None:
    """The maintenance URL from ``WORKBENCH_TEST_PG_URL``, or None."""
    return os.environ.get(ENV_URL) or None


def pg_required() -> bool:
    """True when ``WORKBENCH_REQUIRE_PG`` asks for PostgreSQL tests to fail instead of skip."""
    return os.environ.get(ENV_REQUIRE, "").strip().lower() in {"1", "true", "yes", "on"}


# ---------------------------------------------------------------------------------------------
# Finding the binaries
# ---------------------------------------------------------------------------------------------


def _version_of(bin_dir: Path) -> tuple[int, ...]:
    """Version of the pg_ctl in ``bin_dir`` ((0,) when it cannot be run)."""
    try:
        out = subprocess.run(
            [str(bin_dir / "pg_ctl"), "--version"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return (0,)
    match = re.search(r"(\d+(?:\.\d+)*)", out)
    return tuple(int(p) for p in match.group(1).split(".")) if match else (0,)


def _is_bin_dir(path: Path) -> bool:
    return all(os.access(path / name, os.X_OK) for name in ("initdb", "pg_ctl"))


def find_pg_bin() -> Path | None:
    """Directory holding ``initdb`` and ``pg_ctl`` of the newest PostgreSQL installed, or None.

    Looks at ``WORKBENCH_PG_BIN``, then ``PATH``, Debian's ``/usr/lib/postgresql/*/bin`` (not on
    PATH there), the RPM layout ``/usr/pgsql-*/bin`` and Homebrew's ``postgresql@*``.
    """
    override = os.environ.get(ENV_BIN)
    if override:
        path = Path(override)
        return path if _is_bin_dir(path) else None

    candidates: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for pattern in (
        "/usr/lib/postgresql/*/bin",
        "/usr/pgsql-*/bin",
        "/opt/homebrew/opt/postgresql@*/bin",
        "/usr/local/opt/postgresql@*/bin",
    ):
        candidates.extend(sorted(Path("/").glob(pattern.lstrip("/"))))

    seen: set[Path] = set()
    best: tuple[tuple[int, ...], Path] | None = None
    for cand in candidates:
        if cand in seen or not _is_bin_dir(cand):
            continue
        seen.add(cand)
        version = _version_of(cand)
        if best is None or version > best[0]:
            best = (version, cand)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# Running as an unprivileged user when we are root
# ---------------------------------------------------------------------------------------------


def _server_user() -> str | None:
    """User to run the server as: None for "the current one"; a system user when root."""
    if os.geteuid() != 0:
        return None
    import pwd

    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresUnavailable(
        "running as root and neither the 'postgres' nor the 'nobody' user exists; PostgreSQL "
        "refuses to run as root"
    )


def _chown(path: Path, user: str | None) -> None:
    if user is None:
        return
    import pwd

    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)


def _clean_env() -> dict[str, str]:
    # PG* variables of the caller (PGDATA, PGPORT, PGHOST…) must not steer the throw-away server,
    # and the message locale must exist for every user.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(key, None)
    env["LANG"] = "C"
    return env


def _run_as(user: str | None, argv: list[str], *, cwd: Path, timeout: float = 120) -> str:
    """Run ``argv`` (as ``user`` via runuser when given); return its output or raise."""
    if user is not None:
        runuser = shutil.which("runuser") or next(
            (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.access(p, os.X_OK)), None
        )
        if runuser is None:
            raise PostgresUnavailable("running as root, but 'runuser' (util-linux) is missing")
        argv = [runuser, "-u", user, "--", *argv]
    proc = subprocess.run(
        argv,
        cwd=cwd,  # the server user must be able to enter it
        env=_clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, argv, proc.stdout, proc.stderr)
    return proc.stdout


def _reachable_by_others(path: Path) -> bool:
    """True when every directory above ``path`` lets other users through (o+x)."""
    for parent in [path, *path.parents]:
        try:
            if not parent.stat().st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


def _scratch_root(user: str | None) -> str | None:
    """Where to make temporary directories the server user can reach (None: the default)."""
    if user is None or _reachable_by_others(Path(tempfile.gettempdir())):
        return None
    return "/tmp"  # TMPDIR is private to root (e.g. /root/tmp): the server user cannot enter it


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------


class TempPostgres:
    """A throw-away PostgreSQL cluster on a free loopback port; removed when stopped.

    Use as a context manager, or call :meth:`start` / :meth:`stop`. ``base_dir`` (optional) is
    where the cluster lives; by default a new temporary directory. Either way it is deleted by
    :meth:`stop`. With ``create_test_db`` the database ``workbench_test`` (with ``unaccent``) is
    created, and :attr:`url` points at it.

    Attributes (valid after start): ``url``, ``maintenance_url``, ``port``, ``host``,
    ``bin_dir``, ``base_dir``, ``data_dir``, ``socket_dir``, ``log_file``, ``user``.
    """

    def __init__(
        self,
        base_dir: str | os.PathLike[str] | None = None,
        *,
        bin_dir: str | os.PathLike[str] | None = None,
        create_test_db: bool = True,
        start_attempts: int = 3,
        password_users: dict[str, str] | None = None,
    ) -> None:
        self._requested_base = Path(base_dir) if base_dir is not None else None
        self._requested_bin = Path(bin_dir) if bin_dir is not None else None
        self.create_test_db = create_test_db
        #: Roles (name -> password) that must log in over TCP with their password
        #: (scram-sha-256); everyone else keeps "trust".
        self.password_users = dict(password_users or {})
        self.start_attempts = start_attempts
        self.host = HOST
        self.port = 0
        self.user: str | None = None
        self.bin_dir: Path | None = None
        self.base_dir: Path | None = None
        self._socket_dir: Path | None = None
        self.started = False

    # -- paths and URLs ------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None, "server not started"
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.base_dir is not None, "server not started"
        return self._socket_dir or self.base_dir / "sock"

    @property
    def log_file(self) -> Path:
        assert self.base_dir is not None, "server not started"
        return self.base_dir / "server.log"

    def url_for(self, database: str) -> str:
        """SQLAlchemy URL (psycopg 3 driver) of ``database`` on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/{database}"

    @property
    def url(self) -> str:
        """URL of the ``workbench_test`` database."""
        return self.url_for(TEST_DB)

    @property
    def maintenance_url(self) -> str:
        """URL of the ``postgres`` database, for creating and dropping other databases."""
        return self.url_for("postgres")

    # -- life cycle ----------------------------------------------------------------------------
    def __enter__(self) -> TempPostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> TempPostgres:
        """Create the cluster, start the server and (optionally) the test database."""
        if self.started:
            return self
        bin_dir = self._requested_bin or find_pg_bin()
        if bin_dir is None:
            raise PostgresUnavailable(SKIP_MESSAGE)
        self.bin_dir = bin_dir
        self.user = _server_user()
        if self._requested_base is not None:
            self._requested_base.mkdir(parents=True, exist_ok=True)
            self._requested_base = self._requested_base.resolve()
        requested = self._requested_base
        if requested is not None and (self.user is None or _reachable_by_others(requested.parent)):
            self.base_dir = requested
        else:
            # No directory asked for, or one the server user cannot reach (pytest's tmp_path is
            # under a 0700 /tmp/pytest-of-root when running as root): use a scratch directory.
            self.base_dir = Path(
                tempfile.mkdtemp(prefix="workbench-pg-", dir=_scratch_root(self.user))
            )
        try:
            self._initdb()
            self._require_passwords()
            # A Unix socket path is limited to ~107 bytes; deep base dirs (pytest's tmp_path)
            # get their socket in a short directory of their own.
            if len(str(self.base_dir / "sock" / ".s.PGSQL.65535.lock")) > 100:
                self._socket_dir = Path(
                    tempfile.mkdtemp(prefix="wbpg-", dir=_scratch_root(self.user) or "/tmp")
                )
            self.socket_dir.mkdir(mode=0o700, exist_ok=True)
            _chown(self.socket_dir, self.user)
            self._start_server()
            self.started = True
            self._save_state()
            if self.create_test_db:
                self._psql("postgres", f'CREATE DATABASE "{TEST_DB}" TEMPLATE template0')
                self._psql(TEST_DB, "CREATE EXTENSION IF NOT EXISTS unaccent")
            for role, password in self.password_users.items():
                quoted = password.replace("'", "''")
                self._psql("postgres", f"CREATE ROLE \"{role}\" LOGIN CREATEDB PASSWORD '{quoted}'")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (if running) and remove its directory."""
        base = self.base_dir
        if base is None:
            return
        if (self.data_dir / "postmaster.pid").exists() and self.bin_dir is not None:
            for mode in ("fast", "immediate"):
                try:
                    self._pg_ctl(["stop", "-w", "-t", "30", "-m", mode])
                    break
                except (subprocess.SubprocessError, OSError):
                    continue
        shutil.rmtree(base, ignore_errors=True)
        if self._requested_base is not None:
            shutil.rmtree(self._requested_base, ignore_errors=True)
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None
        self.base_dir = None
        self.started = False

    # -- internals -----------------------------------------------------------------------------
    def _initdb(self) -> None:
        assert self.base_dir is not None and self.bin_dir is not None
        # The server user must own the cluster's parent directory (mkdtemp makes it 0700 root).
        _chown(self.base_dir, self.user)
        base_args = [
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "--encoding=UTF8",
            "--no-sync",  # a throw-away cluster needs no durability
        ]
        # C.UTF-8 keeps lower()/upper()/ILIKE right for accented letters; plain C is the
        # fallback for systems without that locale.
        errors = []
        for locale in ("C.UTF-8", "C"):
            try:
                _run_as(self.user, [*base_args, f"--locale={locale}"], cwd=self.base_dir)
                return
            except subprocess.CalledProcessError as err:
                errors.append(f"--locale={locale}: {err.stderr.strip() or err.stdout.strip()}")
                shutil.rmtree(self.data_dir, ignore_errors=True)
        raise PostgresUnavailable("initdb failed:\n" + "\n".join(errors))

    def _require_passwords(self) -> None:
        """Put password rules for :attr:`password_users` first in ``pg_hba.conf``.

        The first matching line wins, so these roles need their password over TCP while the
        superuser keeps the "trust" that the other tests rely on.
        """
        if not self.password_users:
            return
        hba = self.data_dir / "pg_hba.conf"
        rules = "".join(
            f"host all {role} {HOST}/32 scram-sha-256\n" for role in self.password_users
        )
        # Written in place (not replaced), so the server user keeps owning the file.
        text = hba.read_text(encoding="utf-8")
        with hba.open("w", encoding="utf-8") as handle:
            handle.write(rules + text)

    def url_as(self, role: str, database: str) -> str:
        """URL of *database* logging in as *role*, without a password."""
        return f"postgresql+psycopg://{role}@{self.host}:{self.port}/{database}"

    def _pg_ctl(self, args: list[str], timeout: float = 120) -> str:
        assert self.base_dir is not None and self.bin_dir is not None
        argv = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), *args]
        return _run_as(self.user, argv, cwd=self.base_dir, timeout=timeout)

    def _start_server(self) -> None:
        last_error = ""
        for _attempt in range(self.start_attempts):
            # The port can be taken between probing and binding: retry with another one.
            self.port = _free_port()
            options = " ".join(
                [
                    f"-k {self.socket_dir}",
                    f"-p {self.port}",
                    f"-c listen_addresses={HOST}",
                    "-c fsync=off",
                    "-c full_page_writes=off",
                    "-c synchronous_commit=off",
                ]
            )
            try:
                self._pg_ctl(["start", "-w", "-t", "60", "-l", str(self.log_file), "-o", options])
                return
            except subprocess.CalledProcessError as err:
                last_error = (err.stderr or err.stdout or "").strip()
                with contextlib.suppress(OSError):
                    last_error += "\n" + self.log_file.read_text(errors="replace")[-2000:]
        raise PostgresUnavailable(f"PostgreSQL did not start: {last_error}")

    def _psql(self, database: str, sql: str) -> None:
        """Run one statement with psql (no psycopg needed; psql ships with the server)."""
        assert self.bin_dir is not None and self.base_dir is not None
        psql = self.bin_dir / "psql"
        if not os.access(psql, os.X_OK):
            psql = Path(shutil.which("psql") or "psql")
        argv = [
            str(psql),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            self.host,
            "-p",
            str(self.port),
            "-U",
            SUPERUSER,
            "-d",
            database,
            "-c",
            sql,
        ]
        try:
            _run_as(None, argv, cwd=self.base_dir, timeout=60)
        except subprocess.CalledProcessError as err:
            raise PostgresUnavailable(f"{sql!r} failed: {err.stderr.strip()}") from err

    def _save_state(self) -> None:
        assert self.base_dir is not None
        state = {
            "bin_dir": str(self.bin_dir),
            "user": self.user,
            "port": self.port,
            "host": self.host,
            "socket_dir": str(self._socket_dir) if self._socket_dir else None,
            "base_dir": str(self.base_dir),
        }
        # Kept where the caller looks for it (``stop DIR``), even if the cluster lives elsewhere.
        (self._requested_base or self.base_dir).joinpath(_STATE_FILE).write_text(json.dumps(state))

    @classmethod
    def attach(cls, base_dir: str | os.PathLike[str]) -> TempPostgres:
        """A handle on a server started earlier in ``base_dir`` (by another process)."""
        base = Path(base_dir).resolve()
        pg = cls(base, create_test_db=False)
        pg.base_dir = base
        state_path = base / _STATE_FILE
        if state_path.exists():
            state: dict[str, Any] = json.loads(state_path.read_text())
            pg.bin_dir = Path(state["bin_dir"])
            pg.user = state["user"]
            pg.port = int(state["port"])
            pg.host = state["host"]
            pg._socket_dir = Path(state["socket_dir"]) if state.get("socket_dir") else None
            pg.base_dir = Path(state.get("base_dir") or base)
            pg.started = True
        else:
            pg.bin_dir = find_pg_bin()
            pg.user = _server_user()
        return pg


# ---------------------------------------------------------------------------------------------
# Databases (psycopg)
# ---------------------------------------------------------------------------------------------


def libpq_url(url: str) -> str:
    """psycopg wants ``postgresql://``; SQLAlchemy URLs may name a driver (``+psycopg``)."""
    return re.sub(r"^postgres(?:ql)?\+\w+://", "postgresql://", url)


def _with_database(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name`` (query string kept)."""
    match = re.match(r"^(?P<head>[^/]+//[^/?]*)(?:/[^?]*)?(?P<query>\?.*)?$", url)
    if not match:
        raise ValueError(f"not a database URL: {url}")
    return f"{match['head']}/{name}{match['query'] or ''}"


def create_database(
    url_base: str, name: str, *, extensions: tuple[str, ...] = ("unaccent",)
) -> str:
    """Create database ``name`` (from ``template0``, UTF8) on the server of ``url_base``.

    ``url_base`` is any URL of that server whose user may create databases (the maintenance URL).
    Installs ``extensions`` in the new database. Returns the new database's URL, with the same
    scheme/driver as ``url_base``. An existing database of that name is dropped first.
    """
    import psycopg
    from psycopg import sql

    drop_database(url_base, name)
    with psycopg.connect(libpq_url(url_base), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(name)
            )
        )
    new_url = _with_database(url_base, name)
    if extensions:
        with psycopg.connect(libpq_url(new_url), autocommit=True) as conn:
            for ext in extensions:
                conn.execute(
                    sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(ext))
                )
    return new_url


def drop_database(url_base: str, name: str) -> None:
    """Drop database ``name`` if it exists, disconnecting any sessions still using it."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(libpq_url(url_base), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextlib.contextmanager
def pg_server() -> Iterator[str]:
    """Yield a maintenance URL: ``WORKBENCH_TEST_PG_URL`` if set, else a :class:`TempPostgres`.

    Raises :class:`PostgresUnavailable` (message: :data:`SKIP_MESSAGE` or the start error) when
    neither works; a conftest skips on it, or fails when :func:`pg_required` is true.
    """
    url = env_pg_url()
    if url:
        yield url
        return
    with TempPostgres(create_test_db=False) as pg:
        yield pg.maintenance_url


# ---------------------------------------------------------------------------------------------
# Command line, for .ci/run
# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Throw-away PostgreSQL server for the tests.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("find", help="print the directory holding initdb and pg_ctl")
    start = sub.add_parser("start", help="start a server in DIR and print its maintenance URL")
    start.add_argument("dir")
    start.add_argument(
        "--test-db", action="store_true", help="also create workbench_test with unaccent"
    )
    stop = sub.add_parser("stop", help="stop the server in DIR and delete DIR")
    stop.add_argument("dir")
    args = parser.parse_args(argv)

    if args.command == "find":
        found = find_pg_bin()
        if found is None:
            print(SKIP_MESSAGE, file=sys.stderr)
            return 1
        print(found)
        return 0
    if args.command == "start":
        try:
            pg = TempPostgres(args.dir, create_test_db=args.test_db).start()
        except PostgresUnavailable as err:
            print(f"postgres: {err}", file=sys.stderr)
            return 1
        print(pg.maintenance_url)
        return 0
    TempPostgres.attach(args.dir).stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

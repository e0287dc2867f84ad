"""A second Datasette process for the heavy requests (``SideServer``)."""
from __future__ import annotations

import asyncio
import atexit
import os
import sys
from pathlib import Path

from ingest import processes, tempfiles

STARTUP_SECONDS = 30


class SideServer:
    """A second Datasette process, serving the same database with the same
    plugins and settings on a Unix socket, that answers the heavy requests.

    A query that calls a Python SQL function (``fold``) on every row holds
    Python's GIL at every call, and every other thread of the process waits
    for it: with one such query running, ordinary pages took seconds (the
    load test of `make bench`; a slow query without a Python function did
    not slow them). In another process it cannot: `datasette serve` starts
    this one (``startup``) and forwards the heavy requests to it, which runs
    them ``USER_SQL_SLOTS`` at a time under the same time limit. Until it
    answers, or if it dies, the heavy requests are served here as before.
    """

    #: Set in the side server's environment: it starts no server of its own.
    ENV = "CORPUS_SIDE_SERVER"
    #: Options of `datasette serve` the side server must not repeat (with
    #: how many values they take): the address, and what is not serving.
    DROPPED = {"-h": 1, "--host": 1, "-p": 1, "--port": 1, "--uds": 1, "--reload": 0, "-o": 0, "--open": 0,
               "--root": 0, "--get": 1, "--token": 1, "--actor": 1, "--ssl-keyfile": 1, "--ssl-certfile": 1}

    def __init__(self):
        self.socket: str | None = None
        self.process = None
        self.client = None

    @classmethod
    def command(cls, argv: list[str], socket_path: str) -> list[str] | None:
        """The side server's command line, from the main one's; None when the
        main one is not `datasette serve` (a test, `--get`, a side server)."""
        if os.environ.get(cls.ENV) or len(argv) < 2 or argv[1] != "serve" or "--get" in argv \
                or not Path(argv[0]).name.startswith("datasette"):
            return None
        args, skip = [], 0
        for a in argv[2:]:
            if skip:
                skip -= 1
            elif a.split("=", 1)[0] in cls.DROPPED:
                skip = 0 if "=" in a else cls.DROPPED[a]
            else:
                args.append(a)
        return [sys.executable, "-m", "datasette", "serve", *args, "--uds", socket_path]

    def start(self, argv: list[str]) -> None:
        import shutil
        import subprocess
        command = self.command(argv, "")
        if command is None:
            return
        directory = tempfiles.scratch_directory("corpus-side-")
        atexit.register(shutil.rmtree, directory, True)
        command[-1] = os.path.join(directory, "datasette.sock")
        self.socket = command[-1]
        self.process = subprocess.Popen(command, env={**os.environ, self.ENV: "1"},
                                        preexec_fn=processes.die_with_parent,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        atexit.register(self.process.terminate)

    def ready(self) -> bool:
        return bool(self.socket) and self.process.poll() is None and os.path.exists(self.socket)

    async def wait(self, seconds: float = STARTUP_SECONDS) -> bool:
        """Whether the side server answers, waiting for it while it starts:
        a heavy request served here while it starts would hold the GIL of
        this process as long as any other."""
        deadline = asyncio.get_running_loop().time() + seconds
        while self.socket and self.process.poll() is None and not self.ready():
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.1)
        return self.ready()

    async def forward(self, scope, receive, send) -> bool:
        """Send the request to the side server and its answer back, marked
        ``x-served-by: side-server``; False (nothing sent) when it cannot be
        reached. Only reads go there (GET, HEAD): they carry no body."""
        import httpx
        if scope["method"] not in ("GET", "HEAD"):
            return False
        if self.client is None:
            self.client = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(uds=self.socket),
                                            base_url="http://side", timeout=120)
        url = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in (b"host", b"connection")]
        started = False
        try:
            async with self.client.stream(scope["method"], url, headers=headers) as r:
                kept = [(k.lower(), v) for k, v in r.headers.raw if k.lower() not in (b"connection", b"transfer-encoding")]
                await send({"type": "http.response.start", "status": r.status_code,
                            "headers": [*kept, (b"x-served-by", b"side-server")]})
                started = True
                async for chunk in r.aiter_raw():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
                return True
        except httpx.TransportError:
            if started:
                raise  # half an answer is sent: it cannot be served again here
            return False


SIDE = SideServer()

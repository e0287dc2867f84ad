"""What every request goes through: the Content-Security-Policy with a
fresh nonce for the templates' scripts, searches bounded in length, and the
requests that bring their own SQL (or ask for work that grows with it) run
one at a time, in the side server when it is up (``side_server.py``).
"""
from __future__ import annotations

import asyncio
import re
import secrets
import sys
from urllib.parse import parse_qsl

from datasette import Response, hookimpl

from .side_server import SIDE

#: What served pages may load and run: their own files, and inline script
#: only where a template put it (the wrapper below gives each page's
#: ``<script>`` elements a fresh nonce). A ``javascript:`` address or a script
#: smuggled into the data does not run. Styles stay open: Datasette's
#: templates use inline ones, and a style runs no code.
CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
SCRIPT_TAG_RE = re.compile(rb"<script\b", re.IGNORECASE)
#: How many requests that bring their own SQL (``?sql=``, ``_where=``) may
#: run at once. The others wait their turn outside Datasette's SQL threads
#: (``num_sql_threads``, set higher by `make serve`), so that however many
#: slow queries arrive, threads stay free for ordinary pages.
USER_SQL_SLOTS = 1
#: Parameters that bring their own SQL, read after percent-decoding: "%73ql"
#: is "sql"; and the prefix of a table's full-text search (``_search``,
#: ``_search_COLUMN``), bounded in length.
USER_SQL_PARAMS = ("sql", "_where")
SEARCH_PREFIX = "_search"
#: Pages whose work grows with what is asked, bounded like user-written SQL.
HEAVY_PATHS = ("/-/concordance", "/-/collocates")
#: The longest search a table's box takes (a 10,000-word query held an SQL
#: thread for seconds); a longer one is refused with its reason.
MAX_SEARCH_CHARS = 500


def _params(scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def is_heavy(scope) -> bool:
    """A request that brings its own SQL, or asks for work that grows with
    it. A table's search is not: bounded in length (``too_long_search``) it
    is as quick as an ordinary page, and sent with user SQL it would wait
    behind slow queries."""
    if scope["type"] != "http":
        return False
    return scope.get("path") in HEAVY_PATHS or any(name in USER_SQL_PARAMS for name, _ in _params(scope))


def too_long_search(scope) -> str | None:
    """Why a request's search is refused (it is over ``MAX_SEARCH_CHARS``), or None."""
    for name, value in _params(scope) if scope["type"] == "http" else []:
        if name.startswith(SEARCH_PREFIX) and len(value) > MAX_SEARCH_CHARS:
            return f"a search of at most {MAX_SEARCH_CHARS} characters is taken; this one has {len(value)}"
    return None


@hookimpl
def startup(datasette):
    SIDE.start(sys.argv)


@hookimpl
def asgi_wrapper(datasette):
    """Send the Content-Security-Policy with every response and mark the
    ``<script>`` elements of HTML pages with its nonce (only the templates
    can write such an element: every value from the data is escaped); let
    requests with their own SQL run ``USER_SQL_SLOTS`` at a time."""

    def wrap(app):
        user_sql = asyncio.Semaphore(USER_SQL_SLOTS)

        async def bounded(scope, receive, send):
            refused = too_long_search(scope)
            if refused:
                return await Response.text(refused, status=400).asgi_send(send)
            if is_heavy(scope):
                if await SIDE.wait() and await SIDE.forward(scope, receive, send):
                    return
                async with user_sql:
                    return await with_csp(scope, receive, send)
            return await with_csp(scope, receive, send)

        async def with_csp(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            nonce = secrets.token_urlsafe(16)
            policy = (b"content-security-policy", CSP.format(nonce=nonce).encode())
            held: dict = {}  # the start of an HTML response, sent with its rewritten body
            chunks: list[bytes] = []

            async def send_with_csp(message):
                if message["type"] == "http.response.start":
                    headers = [*message.get("headers", []), policy, (b"x-content-type-options", b"nosniff")]
                    message = {**message, "headers": headers}
                    if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                        held.update(message)
                        return
                elif message["type"] == "http.response.body" and held:
                    chunks.append(message.get("body", b""))
                    if message.get("more_body"):
                        return
                    body = SCRIPT_TAG_RE.sub(b'<script nonce="' + nonce.encode() + b'"', b"".join(chunks))
                    headers = [(k, v) for k, v in held["headers"] if k.lower() != b"content-length"]
                    await send({**held, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
                    message = {"type": "http.response.body", "body": body}
                await send(message)

            return await app(scope, receive, send_with_csp)

        return bounded

    return wrap

"""The server's safety: security headers on every response, a body-size limit enforced before
anything is parsed, and an API key for ``POST`` (required whenever the server listens on a host
other than the local machine).

:class:`Guard` is a plain ASGI middleware, so the limit holds for a body sent in chunks without a
``Content-Length`` as well: the body is read (never more than the limit) before the app sees
it, and the client gets a 413 as soon as the limit is passed.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The largest request body accepted (bytes).
MAX_BODY = 1_000_000
API_KEY_HEADER = "x-api-key"
#: The page's policy: everything from the server itself, no inline script or style, no frames.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)
#: ``/docs`` only: FastAPI's Swagger UI page loads its script and style from a CDN and starts with
#: an inline script. It shows no article text.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: https://fastapi.tiangolo.com; "
    "style-src 'self' https://cdn.jsdelivr.net; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "connect-src 'self'; object-src 'none'; frame-ancestors 'none'"
)
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


def is_local(host: str) -> bool:
    """Whether ``host`` (what the server binds to) is reachable only from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def post_policy(host: str, api_key: str | None) -> tuple[str | None, bool]:
    """(the API key POST needs, whether POST is allowed at all) for a server bound to ``host``:
    on the local machine POST is open (unless a key is given); elsewhere it needs a key, and
    without one it is refused."""
    key = api_key or None
    return key, bool(key) or is_local(host)


class Guard:
    """Security headers, the body limit and the POST key, around the whole app."""

    def __init__(self, app: ASGIApp, *, api_key: str | None, allow_post: bool, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.api_key = api_key
        self.allow_post = allow_post
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = (DOCS_CSP if scope.get("path") in ("/docs", "/docs/oauth2-redirect") else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                message["headers"] = [*headers, (b"content-security-policy", csp), *HEADERS]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if scope.get("method") == "POST":
            refused = self._refuse_post(headers.get(API_KEY_HEADER))
            if refused is not None:
                await _json(send_with_headers, 403, refused)
                return
        length = headers.get("content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.max_body):
            status = 413 if length.strip().isdigit() else 400
            await _json(send_with_headers, status, _too_large(self.max_body) if status == 413 else "bad Content-Length")
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send_with_headers)
            return
        body = bytearray()  # read the whole body (at most the limit) before the app parses any of it
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await _json(send_with_headers, 413, _too_large(self.max_body))
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send_with_headers)

    def _refuse_post(self, key: str | None) -> str | None:
        if not self.allow_post:
            return "POST is disabled: this server listens beyond this machine and has no API key (--api-key)"
        if self.api_key is not None and (key is None or not hmac.compare_digest(key.encode(), self.api_key.encode())):
            return f"POST needs the API key in the X-API-Key header{' (wrong key)' if key else ''}"
        return None


def _too_large(limit: int) -> str:
    return f"request body too large (the limit is {limit:,} bytes)"


async def _json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

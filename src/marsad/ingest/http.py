"""A small, careful HTTP client for pages and feeds (standard library only).

:class:`Fetcher` GETs one URL and nothing else: no proxy from the environment, no other host
but the ones redirects name. Its :class:`Policy`:

* timeouts: ``connect_timeout`` to open the connection, ``read_timeout`` for each read, and
  ``total_timeout`` for the whole body (a server dripping bytes cannot hold a run forever);
* retries: connection errors, timeouts, HTTP 5xx and 429 are tried again ``retries`` times with
  exponential backoff (``backoff``, 2×, 4× ...), or after the server's ``Retry-After`` when it
  gives one (at most ``max_wait`` seconds; longer asks are an error, not a hang);
* a per-host rate limit: at least ``min_interval`` seconds between two requests to one host;
* a size cap: the body is read up to ``max_bytes`` (default 10 MB) and no further;
* redirects: at most ``max_redirects``; a loop is named as one;
* conditional GET: with a :class:`Validators` table the request carries ``If-None-Match`` /
  ``If-Modified-Since`` and a 304 comes back as a :class:`Response` whose ``not_modified`` is
  true; the caller records new validators with :meth:`Validators.update` once it has used the
  body (so a run that fails half-way asks for everything again next time).

Every failure is a :class:`FetchError` (an :class:`~marsad.errors.InputError` naming the URL)
with a one-line message: ``https://x/feed: HTTP 500 Internal Server Error (4 tries)``.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import json
import os
import socket
import ssl
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from marsad import __version__
from marsad.errors import InputError

USER_AGENT = f"marsad/{__version__} (Arabic conflict-news reader; feeds and pages for event coding)"
MB = 1024 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Statuses worth asking again: the server is busy or failing for a while.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Policy:
    """Limits of one :class:`Fetcher` (seconds and bytes)."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 120.0
    min_interval: float = 1.0
    max_bytes: int = 10 * MB
    max_redirects: int = 5
    user_agent: str = USER_AGENT


class FetchError(InputError):
    """A URL that could not be fetched; ``status`` is the last HTTP status (None: no answer)."""

    def __init__(
        self, url: str, problem: str, *, status: int | None = None, retry: bool = False,
        retry_after: float | None = None,
    ) -> None:  # fmt: skip
        super().__init__(url, problem)
        self.url = url
        self.status = status
        self.retry = retry  # worth trying again (a connection error, 5xx, 429)
        self.retry_after = retry_after  # seconds the server asked to wait (Retry-After)


@dataclass(frozen=True)
class Response:
    """What a GET gave: ``url`` is the address after redirects; ``body`` is empty for a 304."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters (``text/html``); '' when absent."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


# --- validators (conditional GET) ---------------------------------------------------------


@dataclass
class Validators:
    """ETag and Last-Modified per URL: a table the caller passes, or a JSON file (:meth:`load`)."""

    table: MutableMapping[str, dict[str, str]] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, path: Path) -> Validators:
        """The validators kept in ``path``; an empty table when it is missing or unreadable."""
        table: dict[str, dict[str, str]] = {}
        with contextlib.suppress(OSError, ValueError):
            raw = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(raw, dict):
                for url, entry in raw.items():
                    if isinstance(entry, dict):
                        table[str(url)] = {str(k): str(v) for k, v in entry.items() if isinstance(v, str)}
        return cls(table, path)

    def headers(self, url: str) -> dict[str, str]:
        """The conditional request headers for ``url`` (none when nothing is known)."""
        entry = self.table.get(url) or {}
        out: dict[str, str] = {}
        if entry.get("etag"):
            out["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            out["If-Modified-Since"] = entry["last_modified"]
        return out

    def update(self, url: str, response: Response) -> None:
        """Remember the validators of a response whose body was used."""
        if response.not_modified:
            return
        entry = {
            key: value
            for key, value in (("etag", response.headers.get("etag")),
                               ("last_modified", response.headers.get("last-modified")))
            if value
        }  # fmt: skip
        if entry:
            self.table[url] = entry
        else:
            self.table.pop(url, None)

    def forget(self, url: str) -> None:
        self.table.pop(url, None)

    def save(self) -> str | None:
        """Write the table to its file atomically; a one-line problem when it cannot (else None)."""
        if self.path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(dict(self.table), fh, ensure_ascii=False, indent=0, sort_keys=True)
                os.replace(temp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError as exc:
            return f"{self.path}: cannot save the feed cache ({exc.strerror or type(exc).__name__})"
        return None


# --- the fetcher --------------------------------------------------------------------------


class Fetcher:
    """GET URLs under a :class:`Policy`. ``sleep`` and ``clock`` are replaceable for tests."""

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or Policy()
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0

    def get(self, url: str, *, validators: Validators | None = None, accept: str | None = None) -> Response:
        """GET ``url`` (following redirects, retrying what is worth it); raises :class:`FetchError`."""
        policy = self.policy
        attempt = 0
        while True:
            try:
                return self._follow(url, validators, accept)
            except FetchError as err:
                if not err.retry or attempt >= policy.retries:
                    if attempt:
                        raise FetchError(url, f"{err.problem} ({attempt + 1} tries)", status=err.status) from err
                    raise
                wait = err.retry_after
                if wait is None:
                    wait = policy.backoff * (2**attempt)
                elif wait > policy.max_wait:
                    raise FetchError(
                        url, f"{err.problem}; the server asks to wait {wait:.0f} s (more than {policy.max_wait:.0f} s)",
                        status=err.status,
                    ) from err  # fmt: skip
                attempt += 1
                self._sleep(max(0.0, wait))

    # one attempt: the URL and its redirects

    def _follow(self, url: str, validators: Validators | None, accept: str | None) -> Response:
        seen = [url]
        current = url
        while True:
            headers = {"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip"}
            if accept:
                headers["Accept"] = accept
            if validators is not None and current == url:
                headers.update(validators.headers(url))
            response = self._once(url, current, headers)
            if response.status not in REDIRECTS:
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchError(url, f"HTTP {response.status} redirect without a Location", status=response.status)
            target = urljoin(current, location.strip())
            if target in seen:
                raise FetchError(url, f"redirect loop ({' → '.join([*seen[seen.index(target):], target])})")
            if len(seen) > self.policy.max_redirects:
                raise FetchError(url, f"too many redirects (more than {self.policy.max_redirects})")
            seen.append(target)
            current = target

    def _once(self, url: str, current: str, headers: dict[str, str]) -> Response:
        """One request to ``current`` (on behalf of ``url``, the address named in errors)."""
        policy = self.policy
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            where = "" if current == url else f" (redirected to {current})"
            raise FetchError(url, f"not an http(s) URL{where}")
        try:
            port = parts.port
        except ValueError:
            raise FetchError(url, "bad port in URL") from None
        host = parts.hostname
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._wait_turn(f"{scheme}://{host}:{port}")
        conn: http.client.HTTPConnection
        if scheme == "https":
            conn = http.client.HTTPSConnection(
                host, port, timeout=policy.connect_timeout, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(host, port, timeout=policy.connect_timeout)
        try:
            try:
                conn.connect()
            except TimeoutError:
                raise FetchError(url, f"cannot connect to {host} (timed out after {policy.connect_timeout:g} s)",
                                 retry=True) from None  # fmt: skip
            except socket.gaierror:
                raise FetchError(url, f"cannot connect: unknown host {host}", retry=True) from None
            except ssl.SSLError as exc:
                raise FetchError(url, f"TLS error ({exc.reason or exc})") from None
            except OSError as exc:
                raise FetchError(url, f"cannot connect to {host} ({_os_reason(exc)})", retry=True) from None
            if conn.sock is not None:
                conn.sock.settimeout(policy.read_timeout)
            start = self._clock()
            try:
                conn.request("GET", target, headers=headers)
                raw = conn.getresponse()
                head = {k.lower(): v for k, v in raw.getheaders()}
                status = raw.status
                if status in REDIRECTS or status == 304:
                    return Response(current, status, head)
                if status >= 400:
                    raise FetchError(
                        url, f"HTTP {status} {raw.reason}".rstrip(), status=status, retry=status in RETRY_STATUSES,
                        retry_after=_retry_after(head.get("retry-after")),
                    )  # fmt: skip
                body = self._read_body(url, raw, head, start)
            except TimeoutError:
                raise FetchError(url, f"no answer (timed out after {policy.read_timeout:g} s)", retry=True) from None
            except (http.client.HTTPException, OSError) as exc:
                raise FetchError(url, f"connection failed ({_http_reason(exc)})", retry=True) from None
            return Response(current, status, head, body)
        finally:
            conn.close()

    def _read_body(self, url: str, raw: http.client.HTTPResponse, head: dict[str, str], start: float) -> bytes:
        policy = self.policy
        limit = policy.max_bytes
        length = head.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise FetchError(url, f"too large ({_mb(int(length))} > {_mb(limit)} limit); not read")
        gzipped = head.get("content-encoding", "").strip().lower() in ("gzip", "x-gzip")
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        parts: list[bytes] = []
        size = 0
        while True:
            chunk = raw.read1(_CHUNK)
            if not chunk:
                break
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, limit + 1 - size)
                except zlib.error as exc:
                    raise FetchError(url, f"broken gzip body ({exc})") from None
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"too large (more than {_mb(limit)} limit); stopped reading")
            if self._clock() - start > policy.total_timeout:
                raise FetchError(url, f"too slow (body not complete after {policy.total_timeout:g} s)")
        if inflate is not None:
            parts.append(inflate.flush())
        return b"".join(parts)

    def _wait_turn(self, host: str) -> None:
        """Sleep until ``min_interval`` has passed since the last request to ``host``."""
        with self._lock:
            now = self._clock()
            last = self._last.get(host)
            due = now if last is None else max(now, last + self.policy.min_interval)
            self._last[host] = due
            self.requests += 1
        if due > now:
            self._sleep(due - now)


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date); None when absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 10 * MB else f"{size // MB} MB"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return exc.strerror or type(exc).__name__


def _http_reason(exc: Exception) -> str:
    if isinstance(exc, http.client.IncompleteRead):
        return f"body cut short after {len(exc.partial)} bytes"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(exc, OSError):
        return _os_reason(exc)
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL (what sources fetch instead of opening a file)."""
    head = value[:8].lower()
    return head.startswith(("http://", "https://"))

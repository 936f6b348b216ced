"""One conditional download from an untrusted server, under limits: URL -> file or 304.

``download`` asks for ``url`` with the validators the last fetch stored (``If-None-Match``,
``If-Modified-Since``) and streams a ``200`` body into a file it is given, never
trusting the server with a path, a size or a time:

- HTTPS only, unless ``allow_http``; redirects are followed by hand, at most
  ``MAX_REDIRECTS``, each target checked the same way (no ``file:``, ``ftp:``, ``data:``,
  no step down from HTTPS to HTTP without ``allow_http``);
- a connect timeout (also for each wait for data: a server that stalls), and a total
  one for the whole exchange, redirects and body included, checked as each piece
  arrives (a server that trickles);
- the body stops at ``max_bytes`` (a ``Content-Length`` over it is refused before any
  byte is read); a body shorter than its ``Content-Length`` (the server closed the
  connection) is an error, never a file;
- the file name the server suggests (``Content-Disposition``, else the URL's last
  segment) is returned as text for the caller to check, never used here.

Proxies come from the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``,
``NO_PROXY``), as httpx reads them. Every failure is an ``UnusableInputError`` naming
the URL.
"""

from __future__ import annotations

import email.message
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from pipeline import __version__
from pipeline.model.errors import LimitExceededError, UnusableInputError

MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class HttpOptions:
    allow_http: bool = False
    connect_timeout: float = 10.0
    total_timeout: float = 300.0
    max_bytes: int = 50 * 1024 * 1024


@dataclass(frozen=True)
class Response:
    """What came back: ``status`` 200 (the body is in the file) or 304 (nothing new)."""

    status: int
    url: str  # where the body came from, after redirects
    etag: str | None = None
    last_modified: str | None = None
    suggested_name: str | None = None  # Content-Disposition's, else the URL's; unchecked
    size: int = 0


def client() -> httpx.Client:
    """The client ``download`` uses: the environment's proxies, no automatic redirects."""
    return httpx.Client(
        follow_redirects=False,
        trust_env=True,
        headers={
            "User-Agent": f"portdoc/{__version__} (fetch)",
            "Accept": "application/pdf",
            # A compressed body would be inflated before the size limit sees it.
            "Accept-Encoding": "identity",
        },
    )


def check_scheme(url: str, allow_http: bool, origin: str | None = None) -> httpx.URL:
    """``url`` parsed, when it may be asked for; ``origin``: the URL that redirected to it."""
    where = f"{origin}: a redirect to {url}" if origin else f"{url}: a URL"
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as e:
        raise UnusableInputError(f"{where} that can't be used ({e})") from e
    if parsed.scheme == "https" or (parsed.scheme == "http" and allow_http):
        if not parsed.host:
            raise UnusableInputError(f"{where} without a host")
        return parsed
    if parsed.scheme == "http":
        raise UnusableInputError(f"{where} with http://; HTTPS only unless --allow-http")
    raise UnusableInputError(f"{where} with {parsed.scheme or 'no'} scheme; HTTP(S) only")


def suggested_name(response: httpx.Response) -> str | None:
    """The file name the server suggests, as text (the caller decides whether it is one)."""
    disposition = response.headers.get("content-disposition")
    if disposition:
        message = email.message.Message()
        message["content-disposition"] = disposition
        name = message.get_filename()
        if name:
            return name
    segment = response.url.path.rsplit("/", 1)[-1]
    return segment or None


def _timeouts(options: HttpOptions, deadline: float) -> httpx.Timeout:
    """Connecting, and each wait for data, may take ``connect_timeout`` but no longer
    than is left: a whole download ends within ``total_timeout`` + ``connect_timeout``."""
    left = max(0.001, deadline - time.monotonic())
    return httpx.Timeout(min(options.connect_timeout, left))


def _refuse_size(url: str, size: int, options: HttpOptions) -> None:
    if size > options.max_bytes:
        raise LimitExceededError(
            f"{url}: the body is over the {options.max_bytes / 1e6:.0f} MB limit (--max-mb)"
        )


def _stream_body(
    response: httpx.Response, out: BinaryIO, options: HttpOptions, deadline: float
) -> int:
    url = str(response.url)
    length = response.headers.get("content-length", "")
    if length.isdigit():
        _refuse_size(url, int(length), options)
    size = 0
    for chunk in response.iter_bytes():  # each piece as it arrives: the deadline is seen
        size += len(chunk)
        _refuse_size(url, size, options)
        out.write(chunk)
        if time.monotonic() > deadline:
            raise _too_slow(url, options)
    return size


def _too_slow(url: str, options: HttpOptions) -> UnusableInputError:
    return LimitExceededError(
        f"{url}: not downloaded within {options.total_timeout:g} s (--download-timeout)"
    )


def _describe(url: str, error: httpx.HTTPError, options: HttpOptions) -> UnusableInputError:
    if isinstance(error, httpx.ConnectTimeout):
        return UnusableInputError(f"{url}: no connection within {options.connect_timeout:g} s")
    if isinstance(error, httpx.ReadTimeout):
        return UnusableInputError(f"{url}: no data for {options.connect_timeout:g} s")
    if isinstance(error, httpx.TimeoutException):
        return _too_slow(url, options)
    if isinstance(error, httpx.ProxyError):
        return UnusableInputError(f"{url}: the proxy refused or failed ({error})")
    if isinstance(error, httpx.RemoteProtocolError):
        return UnusableInputError(f"{url}: the server broke off the response ({error})")
    if isinstance(error, httpx.ConnectError):
        return UnusableInputError(f"{url}: cannot connect ({error})")
    return UnusableInputError(f"{url}: {type(error).__name__}: {error}")


def download(
    http: httpx.Client,
    url: str,
    out: BinaryIO,
    options: HttpOptions,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Response:
    """GET ``url`` (conditionally) into ``out``; see the module text. On a 304 nothing
    is written. ``out`` may hold part of a body when this raises: the caller removes it."""
    deadline = time.monotonic() + options.total_timeout
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        target = check_scheme(current, options.allow_http, url if hop else None)
        try:
            with http.stream(
                "GET", target, headers=headers, timeout=_timeouts(options, deadline)
            ) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    if hop == MAX_REDIRECTS:
                        raise UnusableInputError(
                            f"{url}: more than {MAX_REDIRECTS} redirects (the last to {current})"
                        )
                    current = str(response.url.join(location))
                    continue
                if response.status_code == 304 and headers:
                    return Response(304, str(response.url), etag, last_modified)
                if response.status_code != 200:
                    reason = response.reason_phrase or ""
                    where = "" if current == url else f" (redirected to {current})"
                    raise UnusableInputError(
                        f"{url}: HTTP {response.status_code} {reason}".rstrip() + where
                    )
                size = _stream_body(response, out, options, deadline)
                return Response(
                    200,
                    str(response.url),
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                    suggested_name(response),
                    size,
                )
        except httpx.HTTPError as e:
            raise _describe(url, e, options) from e
    raise AssertionError("unreachable")  # pragma: no cover


def save(
    http: httpx.Client, url: str, path: Path, options: HttpOptions, **validators: str | None
) -> Response:
    """``download`` into a new file at ``path`` (removed again when it fails)."""
    try:
        with path.open("xb") as out:
            return download(http, url, out, options, **validators)
    except BaseException:
        path.unlink(missing_ok=True)
        raise

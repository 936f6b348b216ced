"""``portdoc fetch`` against real HTTP servers on 127.0.0.1 (issue 18).

A ``Site`` is an ``http.server`` in a thread whose routes each test sets: revision 1,
a 304 for the ETag it gave, revision 2, the same version with other bytes, an HTML
error page with 200, redirect chains, a body over the limit, a body too slow, a server
that closes mid-body. A second local server is the HTTP proxy. Every scenario checks
the exit code, the printed line and what ``sources/`` holds afterwards; after each
registration ``publish`` publishes the new revision.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pdfgen import HistoryTable, pdf_bytes
from pdfgen_truth import sample_spec

from pipeline.cli import main
from pipeline.release.publish import publish
from pipeline.release.sources import load_source

Route = Callable[[BaseHTTPRequestHandler], None]
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
TLS_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


# --- the servers ------------------------------------------------------------------------


class Site:
    """An HTTP/1.1 server on 127.0.0.1 in a thread; ``routes`` maps a path to a handler."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.default: Route | None = None  # for a path no route names
        self.tunnel: Route | None = None  # for CONNECT
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(urlsplit(self.path).path, site.default)
                if route is None:
                    self.send_error(404)
                else:
                    route(self)

            def do_CONNECT(self) -> None:
                site.requests.append((f"CONNECT {self.path}", dict(self.headers)))
                if site.tunnel is None:
                    self.send_error(405)
                else:
                    site.tunnel(self)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # shutdown() waits for the serving loop's next look (0.5 s by default) in every test.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def serve_tls(self, cert: Path, key: Path) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)

    @property
    def tls_base(self) -> str:
        return f"https://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def pdf_route(data: bytes, etag: str, disposition: str | None = None) -> Route:
    """The file with an ETag; 304 when the request already has it."""

    def route(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.send_header("Content-Length", str(len(data)))
        h.send_header("ETag", etag)
        h.send_header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")
        if disposition:
            h.send_header("Content-Disposition", disposition)
        h.end_headers()
        h.wfile.write(data)

    return route


def html_route(h: BaseHTTPRequestHandler) -> None:
    body = b"<!DOCTYPE html><html><body><h1>Sorry, this page is unavailable</h1></body></html>"
    h.send_response(200)
    h.send_header("Content-Type", "application/pdf")  # servers lie
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def redirect_route(target: str) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", target)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def endless_route(h: BaseHTTPRequestHandler) -> None:
    """A PDF header, then bytes until the client hangs up (no Content-Length)."""
    h.send_response(200)
    h.send_header("Content-Type", "application/pdf")
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True
    chunk = b"%PDF-1.7\n" + b"0" * 65_000
    try:
        for _ in range(400):  # 26 MB at most
            h.wfile.write(chunk)
    except OSError:
        pass


def declared_route(h: BaseHTTPRequestHandler) -> None:
    """A Content-Length over the limit: refused before a byte of the body is read."""
    h.send_response(200)
    h.send_header("Content-Type", "application/pdf")
    h.send_header("Content-Length", str(5 * 1024 * 1024))
    h.end_headers()
    h.close_connection = True
    with contextlib.suppress(OSError):
        h.wfile.write(b"%PDF-1.7\n")


def slow_route(h: BaseHTTPRequestHandler) -> None:
    """A byte every 0.1 s of a body of 100,000."""
    h.send_response(200)
    h.send_header("Content-Type", "application/pdf")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.close_connection = True
    try:
        for _ in range(150):  # 15 s at most
            h.wfile.write(b"%")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def broken_route(data: bytes) -> Route:
    """Half of the file, then the connection closed."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[: len(data) // 2])
        h.wfile.flush()
        h.close_connection = True

    return route


class Proxy(Site):
    """An HTTP proxy: an absolute-form request is forwarded, its answer relayed."""

    def __init__(self) -> None:
        super().__init__()

        def forward(h: BaseHTTPRequestHandler) -> None:
            url = urlsplit(h.path)
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            headers = {k: v for k, v in h.headers.items() if k.lower() != "proxy-connection"}
            connection.request("GET", url.path, headers=headers)
            answer = connection.getresponse()
            body = answer.read()
            connection.close()
            h.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                    h.send_header(key, value)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)

        def tunnel(h: BaseHTTPRequestHandler) -> None:
            """CONNECT host:port: bytes relayed both ways until one side closes."""
            host, _, port = h.path.rpartition(":")
            upstream = socket.create_connection((host, int(port)), timeout=10)
            h.send_response(200, "Connection established")
            h.end_headers()
            h.wfile.flush()
            h.close_connection = True
            ends = [h.connection, upstream]
            try:
                while True:
                    ready, _, _ = select.select(ends, [], [], 10)
                    if not ready:
                        return
                    for end in ready:
                        data = end.recv(65536)
                        if not data:
                            return
                        (upstream if end is h.connection else h.connection).sendall(data)
            except OSError:
                return
            finally:
                upstream.close()

        self.default = forward
        self.tunnel = tunnel


# --- the documents and the source -------------------------------------------------------


def revision_bytes(version: str, n_rows: int) -> bytes:
    """The sample document; past 2.1 with one more change-history entry."""
    spec = sample_spec(n_rows=n_rows, n_addresses=6)
    if version != "2.1":
        history = next(b for s in spec.sections for b in s.blocks if isinstance(b, HistoryTable))
        history.rows.append(("Mar 2021", version, "Regional mirrors added"))
        spec.version = version
    return pdf_bytes(spec)


@pytest.fixture(scope="module")
def revisions() -> dict[str, bytes]:
    return {
        "1": revision_bytes("2.1", 27),
        "2": revision_bytes("2.2", 28),
        "2-reissued": revision_bytes("2.2", 29),
    }


@pytest.fixture(autouse=True)
def no_proxy_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the proxy a test sets (on 127.0.0.1) is ever used."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    for name in TLS_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


URL_PATH = "/docs/ports.pdf"


@pytest.fixture(scope="module")
def registered(revisions: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sources/acme-relay with revision 1 registered by `portdoc add`, as a template (its
    url is rewritten per test)."""
    root = tmp_path_factory.mktemp("template") / "sources"
    pdf = root.parent / "relay-2.1.pdf"
    pdf.write_bytes(revisions["1"])
    argv = ["add", str(root / "acme-relay"), str(pdf), "--origin", "vendor"]
    argv += ["--vendor", "Acme", "--product", "Relay", "--url", "https://acme.invalid/x.pdf"]
    assert main(argv) == 0
    return root


def source_with_url(template: Path, tmp_path: Path, url: str | list[str]) -> Path:
    root = tmp_path / "sources"
    shutil.copytree(template, root)
    path = root / "acme-relay" / "source.json"
    meta = json.loads(path.read_text())
    meta["url"] = url
    path.write_text(json.dumps(meta, indent=2))
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones too) by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def fetch(root: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["fetch", "--sources", str(root), "--allow-http", *more])
    return code, capsys.readouterr().out


def published(root: Path, tmp_path: Path) -> dict:
    """Publish (the real extractor; the fixture data let through) and read index.json."""
    output = tmp_path / "output"
    publish(root, output, allow_example_data=True, cache_dir=tmp_path / "cache")
    index = json.loads((output / "index.json").read_text())
    return next(s for s in index["sources"] if s["id"] == "acme-relay")


# --- the scenarios ----------------------------------------------------------------------


def test_add_sets_the_url(registered: Path) -> None:
    assert load_source(registered / "acme-relay").url == "https://acme.invalid/x.pdf"


def test_revision_1_then_304_then_revision_2_then_a_reissue(
    site: Site,
    revisions: dict[str, bytes],
    registered: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = source_with_url(registered, tmp_path, site.base + URL_PATH)
    folder = root / "acme-relay"

    # Revision 1, the one registered already: the same bytes, nothing changes.
    site.routes[URL_PATH] = pdf_route(revisions["1"], '"r1"')
    before = snapshot(root)
    assert fetch(root, capsys) == (0, "acme-relay: unchanged (the same bytes as relay-2.1.pdf)\n")
    assert snapshot(root) == before

    # Revision 2: registered, with the server's validators.
    site.routes[URL_PATH] = pdf_route(revisions["2"], '"r2"')
    code, out = fetch(root, capsys)
    assert code == 10, out
    review = (
        f"portdoc review {folder / 'ports.pdf'} --previous {folder / 'relay-2.1.pdf'} "
        "-o review/acme-relay"
    )
    assert out == f"acme-relay: new revision 2.2 (ports.pdf, 28 rules; review with `{review}`)\n"
    assert sorted(p.name for p in folder.iterdir()) == ["ports.pdf", "relay-2.1.pdf", "source.json"]
    assert (folder / "ports.pdf").read_bytes() == revisions["2"]
    latest = load_source(folder).revisions[-1]
    assert (latest.file, latest.origin, latest.url, latest.etag, latest.reissue_of) == (
        "ports.pdf",
        "vendor",
        site.base + URL_PATH,
        '"r2"',
        None,
    )
    assert latest.last_modified == "Tue, 01 Dec 2026 10:00:00 GMT"
    index = published(root, tmp_path)
    assert index["latest"] == "2.2"
    assert [(v["version"], v["file"]) for v in index["versions"]] == [
        ("2.1", "relay-2.1.pdf"),
        ("2.2", "ports.pdf"),
    ]

    # The next request is conditional; the server answers 304.
    before = snapshot(root)
    assert fetch(root, capsys) == (0, "acme-relay: unchanged (304 Not Modified)\n")
    assert fetch(root, capsys, "--quiet") == (0, "")  # cron mails only what is new or failed
    assert site.requests[-1][1]["If-None-Match"] == '"r2"'
    assert site.requests[-1][1]["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert snapshot(root) == before

    # The same version with other bytes: a re-issue, kept beside the file it re-issues.
    # The server's file name would leave the folder: the source id names it instead.
    site.routes[URL_PATH] = pdf_route(
        revisions["2-reissued"], '"r2b"', 'attachment; filename="../../escape.pdf"'
    )
    code, out = fetch(root, capsys)
    assert code == 10, out
    review = (
        f"portdoc review {folder / 'acme-relay.pdf'} --previous {folder / 'ports.pdf'} "
        "-o review/acme-relay"
    )
    assert out == (
        "acme-relay: re-issue of 2.2 with other bytes (acme-relay.pdf, beside ports.pdf, "
        f"29 rules; review with `{review}`)\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "acme-relay.pdf",
        "ports.pdf",
        "relay-2.1.pdf",
        "source.json",
    ]
    assert not (root.parent / "escape.pdf").exists() and not (tmp_path / "escape.pdf").exists()
    assert load_source(folder).revisions[-1].reissue_of == "ports.pdf"
    index = published(root, tmp_path)
    assert [(v["version"], v["file"]) for v in index["versions"]] == [
        ("2.1", "relay-2.1.pdf"),
        ("2.2", "acme-relay.pdf"),
    ]
    assert index["versions"][-1]["rules"] == 29


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("html", "not a PDF but an HTML page (no %PDF header)"),
        ("6-redirects", "more than 5 redirects"),
        ("over-limit", "over the 1 MB limit (--max-mb)"),
        ("declared-over-limit", "over the 1 MB limit (--max-mb)"),
        ("too-long", "not downloaded within 1 s (--download-timeout)"),
        ("closed-mid-body", "the server broke off the response"),
        ("not-found", "HTTP 404 Not Found"),
        ("redirect-to-file", "/etc/passwd with file scheme; HTTP(S) only"),
        ("http-not-allowed", "a URL with http://; HTTPS only unless --allow-http"),
    ],
)
def test_a_failed_fetch_changes_nothing(
    scenario: str,
    message: str,
    site: Site,
    revisions: dict[str, bytes],
    registered: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = site.base + URL_PATH
    root = source_with_url(registered, tmp_path, url)
    routes: dict[str, Route] = {
        "html": html_route,
        "6-redirects": redirect_route("/hop/1"),
        "over-limit": endless_route,
        "declared-over-limit": declared_route,
        "too-long": slow_route,
        "closed-mid-body": broken_route(revisions["2"]),
        "redirect-to-file": redirect_route("file:///etc/passwd"),
        "http-not-allowed": pdf_route(revisions["2"], '"r2"'),
    }
    if scenario in routes:
        site.routes[URL_PATH] = routes[scenario]
    for hop in range(1, 6):
        site.routes[f"/hop/{hop}"] = redirect_route(f"/hop/{hop + 1}")
    site.routes["/hop/6"] = pdf_route(revisions["2"], '"r2"')
    before = snapshot(root)
    options = ["--max-mb", "1", "--download-timeout", "1"]
    if scenario == "http-not-allowed":
        capsys.readouterr()
        code = main(["fetch", "--sources", str(root), *options])
        out = capsys.readouterr().out
    else:
        code, out = fetch(root, capsys, *options)
    assert code == 2, out
    assert out.startswith(f"acme-relay: failed ({url}: ") and message in out, out
    assert out.count("\n") == 1
    assert snapshot(root) == before  # nothing registered, no temporary file left
    assert os.listdir(root / "acme-relay") == os.listdir(registered / "acme-relay")


def test_five_redirects_are_followed(
    site: Site,
    revisions: dict[str, bytes],
    registered: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = source_with_url(registered, tmp_path, site.base + "/hop/1")
    for hop in range(1, 5):
        site.routes[f"/hop/{hop}"] = redirect_route(f"/hop/{hop + 1}")
    site.routes["/hop/5"] = redirect_route(site.base + URL_PATH)
    site.routes[URL_PATH] = pdf_route(revisions["1"], '"r1"')
    assert fetch(root, capsys) == (0, "acme-relay: unchanged (the same bytes as relay-2.1.pdf)\n")
    assert [path for path, _ in site.requests] == [*(f"/hop/{n}" for n in range(1, 6)), URL_PATH]


def test_the_proxy_from_the_environment_is_used(
    site: Site,
    revisions: dict[str, bytes],
    registered: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = source_with_url(registered, tmp_path, site.base + URL_PATH)
    site.routes[URL_PATH] = pdf_route(revisions["2"], '"r2"')
    with Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.base)
        code, out = fetch(root, capsys)
    assert code == 10, out
    assert out.startswith("acme-relay: new revision 2.2 (ports.pdf, 28 rules; ")
    assert [path for path, _ in proxy.requests] == [site.base + URL_PATH]
    assert [path for path, _ in site.requests] == [URL_PATH]
    assert published(root, tmp_path)["latest"] == "2.2"


def test_sources_without_a_url_are_left_alone_unless_named(
    registered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "sources"
    shutil.copytree(registered, root)
    path = root / "acme-relay" / "source.json"
    meta = json.loads(path.read_text())
    del meta["url"]
    path.write_text(json.dumps(meta))
    handler = signal.getsignal(signal.SIGTERM)
    assert fetch(root, capsys) == (0, "")
    assert signal.getsignal(signal.SIGTERM) is handler  # put back after the run
    code, out = fetch(root, capsys, "acme-relay", "../etc")
    assert code == 2
    assert out == (
        f"acme-relay: failed (no url in {path})\n../etc: failed (not a source id (a-z, 0-9, '-'))\n"
    )


def test_a_terminated_fetch_leaves_no_temporary_file(
    site: Site, registered: Path, tmp_path: Path
) -> None:
    """A timer stops the service with SIGTERM in the middle of a download."""
    root = source_with_url(registered, tmp_path, site.base + URL_PATH)
    site.routes[URL_PATH] = slow_route
    before = snapshot(root)
    env = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "fetch", "--sources", str(root), "--allow-http"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not any(p.name.startswith(".fetch-") for p in (root / "acme-relay").iterdir()):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    time.sleep(0.3)  # some of the body is in the temporary file
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    assert snapshot(root) == before


def test_each_url_of_a_source_is_fetched_and_the_exit_code_says_new_and_failed(
    site: Site,
    revisions: dict[str, bytes],
    registered: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A document split into files: one line per URL, named; 12 = new and failed."""
    first, second = site.base + URL_PATH, site.base + "/docs/gone.pdf"
    root = source_with_url(registered, tmp_path, [first, second])
    site.routes[URL_PATH] = pdf_route(revisions["2"], '"r2"')
    code, out = fetch(root, capsys)
    assert code == 12, out
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"acme-relay {first}: new revision 2.2 (ports.pdf, 28 rules; ")
    assert lines[1] == f"acme-relay {second}: failed ({second}: HTTP 404 Not Found)"
    assert load_source(root / "acme-relay").url == [first, second]
    assert [r.url for r in load_source(root / "acme-relay").revisions] == [None, first]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA) and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for the HTTPS server")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        [*command, "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_https_through_the_proxy_from_the_environment(
    certificate: tuple[Path, Path],
    revisions: dict[str, bytes],
    registered: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTPS (no --allow-http) through HTTPS_PROXY's CONNECT tunnel; the server's
    certificate is checked against SSL_CERT_FILE (a company CA, as behind a TLS proxy)."""
    cert, key = certificate
    with Site() as tls_site, Proxy() as proxy:
        tls_site.serve_tls(cert, key)
        tls_site.routes[URL_PATH] = pdf_route(revisions["1"], '"r1"')
        url = tls_site.tls_base + URL_PATH
        root = source_with_url(registered, tmp_path, url)
        monkeypatch.setenv("HTTPS_PROXY", proxy.base)
        capsys.readouterr()
        assert main(["fetch", "--sources", str(root)]) == 2  # the certificate is unknown
        out = capsys.readouterr().out
        assert out.startswith(f"acme-relay: failed ({url}: cannot connect (") and "CERT" in out
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        assert main(["fetch", "--sources", str(root)]) == 0
        assert capsys.readouterr().out == (
            "acme-relay: unchanged (the same bytes as relay-2.1.pdf)\n"
        )
        port = url.split(":")[2].split("/")[0]
        assert [path for path, _ in proxy.requests] == [f"CONNECT 127.0.0.1:{port}"] * 2
        assert [path for path, _ in tls_site.requests] == [URL_PATH]


@pytest.mark.parametrize(
    ("suggested", "taken", "expected"),
    [
        ("Ports Guide (EN).pdf", [], "Ports Guide (EN).pdf"),
        ("../../etc/cron.d/x.pdf", [], "acme-relay.pdf"),
        (".hidden.pdf", [], "acme-relay.pdf"),
        ("ports.PDF", [], "acme-relay.pdf"),
        ("download.php?id=3", [], "acme-relay.pdf"),
        (None, [], "acme-relay.pdf"),
        ("ports.pdf", ["ports.pdf"], "ports-2.2.pdf"),
        ("ports.pdf", ["ports.pdf", "ports-2.2.pdf"], "ports-2.2-0123456789ab.pdf"),
        ("p" * 120 + ".pdf", ["p" * 120 + ".pdf"], "p" * 70 + "-2.2.pdf"),
    ],
)
def test_a_new_file_is_named_by_adds_rules_and_replaces_nothing(
    suggested: str | None, taken: list[str], expected: str, tmp_path: Path
) -> None:
    from pipeline.release.fetch import revision_name
    from pipeline.release.sources import SourceMeta

    for name in taken:
        (tmp_path / name).write_bytes(b"%PDF-1.4 someone else's")
    meta = SourceMeta(
        id="acme-relay",
        vendor="Acme",
        product="Relay",
        title="Connection Ports and Protocols",
        family="connection-ports-and-protocols",
        revisions=[{"file": "relay-2.1.pdf", "origin": "vendor"}],  # type: ignore[list-item]
    )
    assert revision_name(suggested, meta, tmp_path, "2.2", "0123456789abcdef" * 4) == expected


def test_a_pdf_without_a_version_is_refused(
    site: Site,
    revisions: dict[str, bytes],
    registered: Path,
    tmp_path: Path,
) -> None:
    from pipeline.model.models import Document
    from pipeline.release.download import HttpOptions
    from pipeline.release.fetch import FetchOptions, fetch_sources

    root = source_with_url(registered, tmp_path, site.base + URL_PATH)
    site.routes[URL_PATH] = pdf_route(revisions["2"], '"r2"')
    before = snapshot(root)
    options = FetchOptions(http=HttpOptions(allow_http=True))
    results = fetch_sources(root, options=options, extractor=lambda *_a, **_k: Document())
    assert [r.line() for r in results] == [
        f"acme-relay: failed ({site.base + URL_PATH}: no document version or date found; "
        "cannot place it)"
    ]
    assert snapshot(root) == before

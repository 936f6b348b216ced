"""The generated PDFs are what pdfgen says they are (read back with pdfplumber)."""

from __future__ import annotations

import importlib.util
import ipaddress
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pdfgen_bad as bad
import pdfplumber
import pypdfium2
import pytest
from pdfgen import AddressBlock, Bullets, DocSpec, PortTable, Section, build_pdf
from pdfgen_truth import LONG_URL, RANGES_URL, sample_spec, spec_truth
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

SCORE = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"
DOC_NETS = [
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdfgen")


@pytest.fixture(scope="module")
def word(out) -> Path:
    return build_pdf(sample_spec(), out / "word.pdf")


@pytest.fixture(scope="module")
def html(out) -> Path:
    return build_pdf(sample_spec(), out / "html.pdf", style="html")


def page_with(pdf, text: str):
    return next(p for p in pdf.pages if text in p.extract_text())


def line_of(page, text: str) -> list[dict]:
    """The words of the first printed line that contains the word ``text``."""
    hit = next(w for w in page.extract_words() if w["text"] == text)
    return [w for w in page.extract_words() if abs(w["top"] - hit["top"]) < 2]


def table_spec(rows: list[list[str]], **table) -> DocSpec:
    columns = ["Item", "UDP/TCP", "Port", "Hostname", "IP Address"]
    t = PortTable(columns, rows, widths=[22, 8, 8, 37, 25], **table)
    return DocSpec(
        "Connection Ports and Protocols", "Acme    Ports", [Section("External Connections", [t])]
    )


# --------------------------------------------------------------------------- page furniture


@pytest.mark.parametrize("fixture", ["word", "html"])
def test_every_page_has_running_header_and_page_n_of_m(fixture, request):
    with pdfplumber.open(request.getfixturevalue(fixture)) as pdf:
        total = len(pdf.pages)
        assert total >= 3
        for number, page in enumerate(pdf.pages, 1):
            assert (round(page.width), round(page.height)) == (595, 842)
            lines = page.extract_text().splitlines()
            assert lines[0] == "ExampleCorp Mail Relay Connection Ports and Protocols"
            assert lines[-1] == f"Version 2.1 Page {number} of {total}"


def test_headings_are_bold_and_larger_than_body_text(word):
    with pdfplumber.open(word) as pdf:
        page = page_with(pdf, "Internal Connections")
        heading_top = line_of(page, "Internal")[0]["top"]
        header_top = line_of(page, "Direction")[0]["top"]
        heading = [c for c in page.chars if c["top"] == heading_top]
        header = [c for c in page.chars if c["top"] == header_top]
        body = [c for c in page.chars if c["text"] == "S" and not c["fontname"].endswith("Bold")]
    assert {round(c["size"]) for c in heading} == {14}
    assert all(c["fontname"] == "Helvetica-Bold" for c in heading)
    assert {round(c["size"]) for c in body} == {10}
    assert all(c["fontname"] == "Helvetica-Bold" for c in header)


def test_letter_pagesize_is_612_by_792(out):
    path = build_pdf(sample_spec(), out / "letter.pdf", pagesize="Letter")
    with pdfplumber.open(path) as pdf:
        assert {(p.width, p.height) for p in pdf.pages} == {(612, 792)}


def test_cover_page_has_only_title_product_and_date(out, word):
    path = build_pdf(sample_spec(), out / "cover.pdf", cover_page=True)
    with pdfplumber.open(path) as pdf, pdfplumber.open(word) as plain:
        assert len(pdf.pages) == len(plain.pages) + 1
        cover = pdf.pages[0].extract_text().splitlines()
        assert cover == ["Connection Ports and Protocols", "ExampleCorp Mail Relay", "January 2021"]
        assert min(c["size"] for c in pdf.pages[0].chars) >= 14
        assert (
            pdf.pages[1].extract_text().splitlines()[-1]
            == f"Version 2.1 Page 2 of {len(pdf.pages)}"
        )


def test_ttf_font_is_embedded(out):
    ttf = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not ttf.exists():
        pytest.skip("no DejaVu font on this machine")
    path = build_pdf(sample_spec(), out / "dejavu.pdf", style="html", font=str(ttf))
    with pdfplumber.open(path) as pdf:
        page = page_with(pdf, "Reputation servers")
        assert any("DejaVuSans" in c["fontname"] for c in page.chars)
        assert "•" in page.extract_text()


# --------------------------------------------------------------------------- tables


def test_word_tables_are_ruled_on_every_cell(word):
    with pdfplumber.open(word) as pdf:
        page = page_with(pdf, "Internal Connections")
        tables = page.find_tables()
        internal = next(t.extract() for t in tables if t.extract()[0][0] == "Description")
    assert internal[0] == ["Description", "Protocol", "Port", "Direction", "Comment"]
    assert internal[5][:4] == [
        "User Authentication using\nNTLM",
        "TCP\nUDP\nTCP",
        "135\n137\n139",
        "Out\nOut\nOut",
    ]
    assert [
        "Media relay to review\nclients",
        "UDP",
        "7400-7410",
        "Out",
        "The range is configurable",
    ] in internal


def test_html_tables_have_horizontal_rules_only_and_no_rule_above_the_header(html):
    with pdfplumber.open(html) as pdf:
        page = page_with(pdf, "Internal Connections")
        assert page.lines and all(line["top"] == line["bottom"] for line in page.lines)
        header = line_of(page, "Direction")[0]
        assert not [ln for ln in page.lines if header["top"] - 8 < ln["top"] < header["top"]]
        below = [ln for ln in page.lines if header["bottom"] < ln["top"] < header["bottom"] + 6]
        assert below and below[0]["linewidth"] == 1.0
        assert page.find_tables() == []  # nothing ruled on all sides


def test_merged_cell_has_no_vertical_rule_inside(word):
    with pdfplumber.open(word) as pdf:
        page = page_with(pdf, "Reputation rule")
        merged_top = line_of(page, "Reputation")[0]["top"]
        plain_top = line_of(page, "transfer")[0]["top"]
        address_x = line_of(page, "Hostname")[-2]["x0"] - 5  # the "IP Address" column's rule

    def verticals_at(top):
        return sorted(
            round(ln["x0"])
            for ln in page.lines
            if ln["x0"] == ln["x1"] and ln["top"] < top < ln["bottom"]
        )

    assert round(address_x) in verticals_at(plain_top)
    assert round(address_x) not in verticals_at(merged_top)
    assert len(verticals_at(merged_top)) == len(verticals_at(plain_top)) - 1


@pytest.mark.parametrize("repeat", [True, False])
def test_split_row_breaks_mid_row_and_continues_on_the_next_page(out, repeat):
    rows = [
        ["Time service", "UDP", "123", "0.pool.example.org", ""],
        [
            "Engine A signature updates",
            "TCP",
            "80",
            "a1.example.net\na2.example.net\na3.example.net\na4.example.net",
            "",
        ],
        ["News feed", "TCP", "80", "www.example.com", "203.0.113.2"],
    ]
    path = build_pdf(
        table_spec(rows, split_row=1), out / f"split-{repeat}.pdf", repeat_header=repeat
    )
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 2
        first, second = (p.extract_text() for p in pdf.pages)
    assert "a2.example.net" in first and "a3.example.net" not in first
    assert "Engine A" in first and "Engine A" not in second
    body = second.splitlines()[1:-1]
    assert body[-2:] == ["a4.example.net", "News feed TCP 80 www.example.com 203.0.113.2"]
    header = ["Item UDP/ Port Hostname IP Address", "TCP"]  # "UDP/TCP" wraps in its column
    assert (body[:2] == header) is repeat
    assert body[2 if repeat else 0] == "a3.example.net"


def test_long_table_rows_split_at_the_page_bottom(out):
    many = "\n".join(f"host{k}.example.net" for k in range(120))
    path = build_pdf(table_spec([["Mirrors", "TCP", "443", many, "192.0.2.1"]]), out / "tall.pdf")
    with pdfplumber.open(path) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    assert len(texts) == 3
    assert all(t.count("Item UDP/ Port Hostname IP Address\nTCP") == 1 for t in texts)
    found = [h for t in texts for h in re.findall(r"host\d+\.example\.net", t)]
    assert found == [f"host{k}.example.net" for k in range(120)]


def test_history_dates_break_over_two_lines_in_word_style(word):
    with pdfplumber.open(word) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    for head, tail in (("Oct-", "2018"), ("April-", "2019"), ("Sept", "2020")):
        assert re.search(rf"^{head} .*\n{tail}$", text, re.M), (head, tail)


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("fixture", ["word", "html"])
def test_each_printed_url_fragment_has_its_own_link(fixture, request):
    with pdfplumber.open(request.getfixturevalue(fixture)) as pdf:
        annots = [(p, a) for p in pdf.pages for a in p.annots]
        for uri in (LONG_URL, RANGES_URL):
            fragments = []
            for page, a in annots:
                if a["uri"] == uri:
                    inside = [
                        c["text"]
                        for c in page.chars
                        if a["x0"] < (c["x0"] + c["x1"]) / 2 < a["x1"]
                        and a["top"] < (c["top"] + c["bottom"]) / 2 < a["bottom"]
                    ]
                    fragments.append("".join(inside))
            assert len(fragments) >= 2, uri
            assert "".join(fragments) == uri
        assert {a["uri"] for _, a in annots} == {LONG_URL, RANGES_URL}


def test_links_off_means_no_annotations(out):
    path = build_pdf(sample_spec(), out / "nolinks.pdf", links=False)
    with pdfplumber.open(path) as pdf:
        assert all(p.annots == [] for p in pdf.pages)
        assert "https://cdn-" in pdf.pages[0].extract_text()


# --------------------------------------------------------------------------- lists


def address_spec(layout: str, n: int) -> tuple[DocSpec, list[str]]:
    addresses = [f"198.51.100.{k}" for k in range(1, n + 1)]
    section = Section(
        "Reputation servers", [Bullets(["sn12.example.org"]), AddressBlock(addresses, layout)]
    )
    return DocSpec("Connection Ports and Protocols", "Acme", [section]), addresses


def columns_of(page, pattern: str) -> list[list[str]]:
    words = [w for w in page.extract_words() if re.fullmatch(pattern, w["text"])]
    xs = sorted({round(w["x0"]) for w in words})
    return [
        [w["text"] for w in sorted(words, key=lambda w: w["top"]) if round(w["x0"]) == x]
        for x in xs
    ]


def test_address_columns_fill_down_then_across_and_continue_on_the_next_page(out):
    spec, addresses = address_spec("columns", 200)
    with pdfplumber.open(build_pdf(spec, out / "columns.pdf")) as pdf:
        assert len(pdf.pages) == 3
        read = []
        for page in pdf.pages:
            cols = columns_of(page, r"198\.51\.100\.\d+")
            assert len(cols) == 3 and not page.lines
            read += [a for col in cols for a in col]
    assert read == addresses


def test_borderless_addresses_fill_row_by_row(out):
    spec, addresses = address_spec("borderless", 9)
    with pdfplumber.open(build_pdf(spec, out / "borderless.pdf")) as pdf:
        assert not pdf.pages[0].lines
        assert columns_of(pdf.pages[0], r"198\.51\.100\.\d+") == [
            addresses[0::3],
            addresses[1::3],
            addresses[2::3],
        ]


def test_comma_addresses_are_one_wrapped_paragraph(out):
    spec, addresses = address_spec("comma", 60)
    with pdfplumber.open(build_pdf(spec, out / "comma.pdf")) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    body = [ln for ln in lines if ln.startswith("198.51")]
    assert len(body) > 2
    assert " ".join(body) == ", ".join(addresses)


def test_bullets_have_a_bullet_glyph(word):
    with pdfplumber.open(word) as pdf:
        page = page_with(pdf, "lbl7.example.org")
        bullets = [c for c in page.chars if c["text"] == "•"]
        items = [w for w in page.extract_words() if w["text"].endswith(".example.org")]
    assert len(bullets) >= 4
    assert all(
        any(abs(b["bottom"] - w["bottom"]) < 3 and b["x1"] < w["x0"] for b in bullets)
        for w in items
    )


# --------------------------------------------------------------------------- truth


@pytest.fixture(scope="module")
def truth() -> dict:
    return spec_truth(sample_spec(), vendor="ExampleCorp", product="Mail Relay")


def test_truth_has_the_readme_shapes(truth):
    rules = {r["service"]: r for r in truth["rules"]}
    assert truth["document"] == {
        "vendor": "ExampleCorp",
        "product": "Mail Relay",
        "title": "Connection Ports and Protocols",
        "version": "2.1",
        "date": "2021-01",
    }
    assert rules["Sender check lookups"]["ports"] == [["tcp", 53, 53], ["udp", 53, 53]]
    assert rules["Sender check lookups"]["direction"] == "both"
    assert rules["Mail transfer"]["any_destination"] and rules["Mail transfer"]["hosts"] == []
    assert rules["FTP/S Backup/Restore"]["ports"] == [["tcp", 20, 20], ["tcp", 21, 21]]
    assert rules["Media relay to review clients"]["ports"] == [["udp", 7400, 7410]]
    ntlm = rules["User Authentication using NTLM"]
    assert ntlm["ports"] == [["tcp", 135, 135], ["tcp", 139, 139], ["udp", 137, 137]]
    assert ntlm["direction"] == "out" and ntlm["notes"] == "To directory servers"
    assert rules["Access to Cockpit console"]["direction"] == "both"
    assert rules["News feed"]["direction"] is None
    assert rules["Reputation rule updates"]["host_lists"] == ["Reputation servers"]
    assert rules["Sender reputation queries"]["host_lists"] == ["Sender check resolvers"]
    status = rules["Status service"]
    assert status["address_sources"] == [RANGES_URL] and status["notes"] == f"See {RANGES_URL}"
    assert rules["Platform updates"]["address_sources"] == [LONG_URL]
    assert rules["Detection telemetry"]["hosts"] == [
        "telemetry-ingest.eu-west-1.collector.example.org"
    ]
    assert [h["date"] for h in truth["history"]][:3] == ["2018-10", "2018-11", "2019-04"]
    assert truth["history"][1]["retired_addresses"] == ["192.0.2.9", "192.0.2.10"]
    assert [(h["title"], len(h["hosts"]), len(h["addresses"])) for h in truth["host_lists"]] == [
        ("Reputation servers", 6, 27),
        ("Sender check resolvers", 4, 27),
    ]


def test_truth_uses_only_documentation_names_and_addresses(truth):
    hosts = [h for r in truth["rules"] for h in r["hosts"]] + [
        h for x in truth["host_lists"] for h in x["hosts"]
    ]
    assert all(re.search(r"\.example\.(com|net|org)$", h) for h in hosts)
    addresses = [a for r in truth["rules"] for a in r["addresses"]]
    addresses += [a for x in truth["host_lists"] for a in x["addresses"]]
    addresses += [a for h in truth["history"] for a in h["retired_addresses"]]
    networks = [ipaddress.ip_network(a) for a in addresses]
    assert networks
    assert all(
        any(ip.version == n.version and ip.subnet_of(n) for n in DOC_NETS) for ip in networks
    )


def test_truth_facts_are_printed_in_the_pdf(truth, word):
    with pdfplumber.open(word) as pdf:
        words = {w["text"] for p in pdf.pages for w in p.extract_words()}
        text = " ".join(p.extract_text() for p in pdf.pages)
    for rule in truth["rules"]:
        assert set(rule["service"].split()) <= words, rule["service"]
    wrapped = {"telemetry-ingest.eu-west-1.collector.example.org"}  # printed over two lines
    for h in truth["host_lists"]:
        assert set(h["addresses"]) | set(h["hosts"]) <= words
    assert {h for r in truth["rules"] for h in r["hosts"]} - wrapped <= words
    assert "telemetry-ingest.eu-" in text


def test_truth_scores_100_percent_against_itself(truth):
    spec = importlib.util.spec_from_file_location("score", SCORE)
    if spec is None or not SCORE.exists():
        pytest.skip("shared score tool not available")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    right, total, extra, misses = score.score_extract(truth, truth)
    assert (right, extra, misses) == (total, 0, [])


def test_sample_spec_scales_for_benchmarks(out):
    spec = sample_spec(n_rows=270, n_addresses=500)
    truth = spec_truth(spec, vendor="ExampleCorp", product="Mail Relay")
    assert len(truth["rules"]) == 270
    assert len({r["service"] for r in truth["rules"]}) == 270
    lists = truth["host_lists"]
    assert [len(h["addresses"]) for h in lists] == [500, 500]
    assert not set(lists[0]["addresses"]) & set(lists[1]["addresses"])
    with pdfplumber.open(build_pdf(spec, out / "big.pdf")) as pdf:
        assert len(pdf.pages) > 20


# --------------------------------------------------------------------------- bad files


def xref_points_at_objects(data: bytes) -> int:
    """Check a classic xref table: every in-use entry's offset starts ``N 0 obj``."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[start:].startswith(b"xref")
    head = re.match(rb"xref\s+0 (\d+)\s+", data[start:])
    entries = data[start + head.end() :].split(b"\r\n")[: int(head.group(1))]
    for number, entry in enumerate(entries[1:], 1):
        offset = int(entry.split()[0])
        assert data[offset:].startswith(b"%d 0 obj" % number), number
    return len(entries) - 1


def test_empty_not_pdf_and_html_files(out):
    assert bad.write_empty(out / "empty.pdf").stat().st_size == 0
    png = bad.write_not_pdf(out / "image.pdf").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82")
    html = bad.write_html_as_pdf(out / "page.pdf")
    assert html.read_text().startswith("<!DOCTYPE html>")
    for path in (out / "empty.pdf", out / "image.pdf", html):
        with pytest.raises(PdfminerException):
            pdfplumber.open(path).pages  # noqa: B018
        with pytest.raises(pypdfium2.PdfiumError):
            pypdfium2.PdfDocument(path)


def test_truncated_keeps_the_first_40_percent(out, word):
    path = bad.write_truncated(out / "truncated.pdf", word)
    data, source = path.read_bytes(), word.read_bytes()
    assert data == source[: len(data)] and len(data) == len(source) * 2 // 5
    assert data.startswith(b"%PDF-") and b"%%EOF" not in data
    with pytest.raises((PdfminerException, PDFSyntaxError)), pdfplumber.open(path) as pdf:
        "".join(p.extract_text() for p in pdf.pages)


def test_encrypted_needs_the_password(out):
    path = bad.write_encrypted(out / "encrypted.pdf")
    assert b"/Encrypt" in path.read_bytes()
    with pytest.raises(PdfminerException):
        pdfplumber.open(path)
    with pdfplumber.open(path, password=bad.PASSWORD) as pdf:
        assert "Connection Ports and Protocols" in pdf.pages[0].extract_text()


def test_scanned_pages_have_images_and_no_text(out):
    with pdfplumber.open(bad.write_scanned(out / "scanned.pdf")) as pdf:
        assert len(pdf.pages) == 2
        assert all(p.chars == [] and len(p.images) == 1 for p in pdf.pages)


def test_other_kind_is_a_text_pdf_with_a_table_and_no_ports(out):
    with pdfplumber.open(bad.write_other_kind(out / "invoice.pdf")) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
        assert pdf.pages[0].find_tables()
    assert "Invoice INV-2024-0042" in text
    assert not re.search(r"\b(port|tcp|udp|hostname|ip address)\b", text, re.I)


def test_inflation_bomb_is_small_on_disk_and_inflates_past_300_mb(out):
    path = bad.write_inflation_bomb(out / "bomb.pdf")
    data = path.read_bytes()
    assert len(data) < 1_000_000
    assert xref_points_at_objects(data) == 5
    head = re.search(rb"<< /Length (\d+) /Filter /FlateDecode >>\nstream\n", data)
    stream = data[head.end() : head.end() + int(head.group(1))]
    inflater = zlib.decompressobj()
    piece = inflater.decompress(stream, 1 << 20)  # bounded: 1 MB at a time
    first, inflated = piece[:2], len(piece)
    while inflater.unconsumed_tail:
        inflated += len(inflater.decompress(inflater.unconsumed_tail, 1 << 20))
    assert inflater.eof and not inflater.unused_data  # complete, and its Adler-32 checked
    assert first == b"BT" and inflated >= 300 << 20


HOSTILE_READ = """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        print(len(pdf.pages), pdf.pages[0].extract_text())
        try:
            pdf.pages[0].annots
        except Exception as e:
            print(type(e).__name__)
"""


def test_deep_nesting_and_cyclic_page_tree_get_past_the_xref(out):
    deep = bad.write_deep_nesting(out / "deep.pdf")
    cyclic = bad.write_cyclic(out / "cyclic.pdf")
    assert b"/Annots 6 0 R" in deep.read_bytes() and b"[" * 100_000 in deep.read_bytes()
    assert xref_points_at_objects(deep.read_bytes()) == 6
    assert xref_points_at_objects(cyclic.read_bytes()) == 6
    assert b"/Kids [3 0 R 2 0 R 6 0 R]" in cyclic.read_bytes()
    # in a child process: a hostile file must not take pytest down
    run = subprocess.run(
        [sys.executable, "-c", HOSTILE_READ, str(deep), str(cyclic)],
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr[-500:]
    assert run.stdout.decode().count("1 Connection Ports and Protocols\n") == 2

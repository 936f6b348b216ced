"""Broken and hostile files for the "unusable input" paths (each ``(path) -> path``).

The hand-written PDFs (``write_inflation_bomb``, ``write_deep_nesting``,
``write_cyclic``) have a correct header, object offsets, xref table and trailer, so a
parser gets past the file structure to the nasty part.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from pdfgen import (
    AddressBlock,
    Bullets,
    DocSpec,
    Paragraphs,
    PortTable,
    Section,
    build_pdf,
    pdf_bytes,
)
from pdfgen_truth import sample_spec

PASSWORD = "s3cret"
TEXT_OPS = b"BT /F1 18 Tf 72 760 Td (Connection Ports and Protocols) Tj ET\n"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_empty(path: Path) -> Path:
    """A 0-byte file."""
    path.write_bytes(b"")
    return path


def write_not_pdf(path: Path) -> Path:
    """A small valid PNG image (8x8 grey) under whatever name ``path`` has."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes([128] * 8) for _ in range(8))
    ihdr = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return path


def write_html_as_pdf(path: Path) -> Path:
    """An HTML page (a saved web page of the document) with a .pdf name."""
    path.write_text(
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Connection Ports and Protocols"
        "</title></head>\n<body><h1>Connection Ports and Protocols</h1>\n<table>\n"
        "<tr><th>Item</th><th>UDP/TCP</th><th>Port</th><th>Hostname</th></tr>\n"
        "<tr><td>News feed</td><td>TCP</td><td>80</td><td>www.example.com</td></tr>\n"
        "</table></body></html>\n",
        encoding="utf-8",
    )
    return path


def write_truncated(path: Path, source_pdf: Path) -> Path:
    """The first 40% of the bytes of ``source_pdf`` (no xref, no trailer, no %%EOF)."""
    data = source_pdf.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 5])
    return path


def write_encrypted(path: Path) -> Path:
    """A valid family document encrypted with the user password ``PASSWORD``."""
    build_pdf(sample_spec(), path, password=PASSWORD)
    return path


def write_scanned(path: Path, pages: int = 2) -> Path:
    """A family document as page images only: no text layer, no fonts."""
    import pypdfium2
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    source = pypdfium2.PdfDocument(pdf_bytes(sample_spec()))
    canvas = Canvas(str(path), invariant=1)
    for index in range(min(pages, len(source))):
        page = source[index]
        width, height = page.get_size()
        image = page.render(scale=1.5, grayscale=True).to_pil()
        canvas.setPageSize((width, height))
        canvas.drawImage(ImageReader(image), 0, 0, width, height)
        canvas.showPage()
    canvas.save()
    source.close()
    return path


def write_other_kind(path: Path) -> Path:
    """A text PDF of another kind: an invoice with a ruled table, nothing about ports."""
    rows = [
        ["1", "A4 copier paper, 80 g/m², box of 5 reams", "4", "24.50", "98.00"],
        ["2", "Ballpoint pens, blue, pack of 50", "2", "11.20", "22.40"],
        ["3", "Lever arch files, assorted colours", "10", "2.35", "23.50"],
        ["4", "Delivery", "1", "6.00", "6.00"],
    ]
    spec = DocSpec(
        title="Invoice INV-2024-0042",
        running_header="Northwind Stationery Ltd    Invoice",
        footer="Northwind Stationery Ltd, 1 High Street, Exampleton    Page {page} of {pages}",
        sections=[
            Section(
                "Invoice INV-2024-0042",
                [
                    Paragraphs(
                        [
                            "Invoice date: 3 March 2024",
                            "Bill to: Example Widgets plc, Accounts Payable",
                        ]
                    ),
                    Bullets(
                        [
                            "Payment terms: 30 days",
                            "Please quote the invoice number with your payment",
                        ]
                    ),
                ],
            ),
            Section(
                "Items",
                [
                    PortTable(["Line", "Description", "Quantity", "Unit price", "Amount"], rows),
                    Paragraphs(["Subtotal 149.90   VAT (20%) 29.98   Total due 179.88"]),
                ],
            ),
            Section(
                "Bank details",
                [AddressBlock(["Sort code 00-00-00", "Account 00000000"], "borderless", 2)],
            ),
        ],
    )
    build_pdf(spec, path)
    return path


# --------------------------------------------------------------------------- hand-written


def _write_pdf(path: Path, objects: list[bytes]) -> Path:
    """Objects 1..n (1 is the catalog), a correct xref table and trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n\r\n" % o for o in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(page_extra: bytes, content: bytes, more: tuple[bytes, ...] = ()) -> list[bytes]:
    """Catalog 1, page tree 2, page 3 (plus ``page_extra``), content 4, font 5, then ``more``."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R" + page_extra + b" >>",
        content,
        FONT,
        *more,
    ]


def write_inflation_bomb(path: Path, *, inflated_mb: int = 300) -> Path:
    """One page whose FlateDecode content stream (some text, then spaces) inflates to
    ``inflated_mb`` MB; about 1/1000 of that on disk.

    Built in constant memory and time: after a full flush deflate forgets its history, so
    every further megabyte of spaces compresses to the same bytes; the zlib header and
    Adler-32 trailer around the raw deflate data are written here."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    megabyte = b" " * (1 << 20)
    head = deflate.compress(TEXT_OPS) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(megabyte) + deflate.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(TEXT_OPS)
    for _ in range(inflated_mb):
        checksum = zlib.adler32(megabyte, checksum)
    data = b"\x78\xda" + head + block * inflated_mb + deflate.flush() + struct.pack(">I", checksum)
    content = _stream(data, b" /Filter /FlateDecode")
    return _write_pdf(path, _one_page(b"", content))


def write_deep_nesting(path: Path, depth: int = 100_000) -> Path:
    """A page whose /Annots is an array nested ``depth`` levels deep: ``[[[[...]]]]``."""
    nested = b"[" * depth + b"]" * depth
    return _write_pdf(path, _one_page(b" /Annots 6 0 R", _stream(TEXT_OPS), (nested,)))


def write_cyclic(path: Path) -> Path:
    """A page tree with cycles: the root's /Kids lists the root itself and a node whose
    /Kids lead back to the root and to itself; root and node are each other's /Parent."""
    node = b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 2 >>"
    objects = _one_page(b"", _stream(TEXT_OPS), (node,))
    objects[1] = b"<< /Type /Pages /Parent 6 0 R /Kids [3 0 R 2 0 R 6 0 R] /Count 3 >>"
    return _write_pdf(path, objects)


# --------------------------------------------------------------- hostile to the limits


def _deflated(prefix: bytes, megabytes: int, fill: bytes = b" ") -> bytes:
    """A zlib stream of ``prefix`` then ``megabytes`` MB of ``fill``, in constant memory
    and time (after a full flush deflate forgets its history, so every further megabyte
    compresses to the same bytes); about 1/1000 of the inflated size."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    megabyte = fill * ((1 << 20) // len(fill))
    head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(megabyte) + deflate.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(prefix)
    for _ in range(megabytes):
        checksum = zlib.adler32(megabyte, checksum)
    return b"\x78\xda" + head + block * megabytes + deflate.flush() + struct.pack(">I", checksum)


def _flate_stream(data: bytes, extra: bytes = b"") -> bytes:
    return _stream(zlib.compress(data, 9), b" /Filter /FlateDecode" + extra)


def _form(content: bytes, resources: bytes = b"", extra: bytes = b"") -> bytes:
    return _stream(
        content,
        b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >>" + resources + b" >>" + extra,
    )


def write_cyclic_box(path: Path, key: bytes = b"MediaBox", *, loop: int = 1) -> Path:
    """A page whose ``key`` (/MediaBox or /Contents) is a reference to an object that
    is a reference to itself (``loop`` 1), or to another that refers back to it (2, ...):
    resolving it never ends."""
    chain = tuple(b"%d 0 R" % (6 + (i + 1) % loop) for i in range(loop))
    objects = _one_page(b"", _stream(TEXT_OPS), chain)
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> "
        + (b"/MediaBox [0 0 595 842] /Contents 6 0 R" if key == b"Contents" else b"")
        + (b"/MediaBox 6 0 R /Contents 4 0 R" if key == b"MediaBox" else b"")
        + b" >>"
    )
    return _write_pdf(path, objects)


def write_form_bomb(path: Path, inflated_mb: int = 64, *, hex_chain: bool = False) -> Path:
    """A page that draws a Form XObject whose Flate content inflates to ``inflated_mb``
    MB; with ``hex_chain`` the form is ``[/ASCIIHexDecode /FlateDecode]``."""
    data = _deflated(TEXT_OPS, inflated_mb)
    if hex_chain:
        form = _form(data.hex().encode() + b">", extra=b" /Filter [/ASCIIHexDecode /FlateDecode]")
    else:
        form = _form(data, extra=b" /Filter /FlateDecode")
    objects = _one_page(b"", _stream(b"/X0 Do\n" + TEXT_OPS), (form,))
    objects[2] = objects[2].replace(b"/F1 5 0 R >>", b"/F1 5 0 R >> /XObject << /X0 6 0 R >>")
    return _write_pdf(path, objects)


def write_cmap_bomb(path: Path, inflated_mb: int = 64) -> Path:
    """The page's font has a ToUnicode CMap that inflates to ``inflated_mb`` MB."""
    cmap = _stream(
        _deflated(b"/CIDInit /ProcSet findresource begin\n", inflated_mb), b" /Filter /FlateDecode"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    objects = _one_page(b"", _stream(TEXT_OPS), (cmap,))
    objects[4] = font
    return _write_pdf(path, objects)


def write_contents_array(path: Path, streams: int = 8, each_mb: int = 4) -> Path:
    """A page whose /Contents lists ``streams`` Flate streams of ``each_mb`` MB each."""
    first = 6
    refs = b" ".join(b"%d 0 R" % (first + i) for i in range(streams))
    content = _stream(_deflated(TEXT_OPS, each_mb), b" /Filter /FlateDecode")
    objects = _one_page(b"", _stream(TEXT_OPS), tuple(content for _ in range(streams)))
    objects[2] = objects[2].replace(b"/Contents 4 0 R", b"/Contents [" + refs + b"]")
    return _write_pdf(path, objects)


def write_nested_forms(path: Path, depth: int = 8, fan_out: int = 10) -> Path:
    """Forms nested ``depth`` deep, each drawing the next ``fan_out`` times: the page
    shows one line of text ``fan_out ** depth`` times (10^8 by default) from ~3 KB."""
    forms = []
    first = 6
    for level in range(depth):
        if level == depth - 1:
            forms.append(_form(TEXT_OPS))
            continue
        child = first + level + 1
        forms.append(_form(b"/X Do\n" * fan_out, resources=b" /XObject << /X %d 0 R >>" % child))
    objects = _one_page(b"", _stream(b"/X Do\n"), tuple(forms))
    objects[2] = objects[2].replace(b"/F1 5 0 R >>", b"/F1 5 0 R >> /XObject << /X 6 0 R >>")
    return _write_pdf(path, objects)


def write_operator_flood(path: Path, kind: str, count: int) -> Path:
    """One page whose Flate content repeats one operation ``count`` times: ``Tj`` (show
    a short string), ``glyphs`` (one string of ``count`` characters), ``m`` (start a
    path) or ``re`` (a filled rectangle each)."""
    body = {
        "Tj": lambda: b"BT /F1 10 Tf 72 700 Td " + b"(ab) Tj " * count + b"ET\n",
        "glyphs": lambda: b"BT /F1 1 Tf 0 700 Td (" + b"a" * count + b") Tj ET\n",
        "m": lambda: b"10 10 m " * count + b"n\n",
        "re": lambda: b"10 10 5 5 re f " * count,
    }[kind]()
    return _write_pdf(path, _one_page(b"", _flate_stream(TEXT_OPS + body)))


def write_slow(path: Path, pages: int = 10) -> Path:
    """A legal file that takes long to read: ``pages`` pages sharing one content stream
    of 900,000 path operators and operands (under every default limit), each read anew."""
    body = b"10 10 m " * 300_000 + b"n\n"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
    )
    first = 6
    objects = _one_page(b"", _flate_stream(TEXT_OPS + body), tuple(page for _ in range(pages)))
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)
    return _write_pdf(path, objects)


def write_many_pages(path: Path, pages: int, *, stated: int | None = None) -> Path:
    """``pages`` distinct pages in one flat page tree whose /Count says ``stated``
    (default: the truth). Each page shares one content stream."""
    first = 6
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
    )
    objects = _one_page(b"", _stream(TEXT_OPS), tuple(page for _ in range(pages)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, stated or pages)
    objects[2] = objects[first - 1]  # object 3 is one more page, unlisted
    return _write_pdf(path, objects)


def write_page_box(path: Path, box: bytes) -> Path:
    """One page of a family document's first port table, with /MediaBox ``box``."""
    ops = (
        b"BT /F1 10 Tf 72 700 Td (Connection Ports and Protocols) Tj ET\n"
        b"BT /F1 10 Tf 72 680 Td (Item Protocol Port Hostname) Tj ET\n"
        b"BT /F1 10 Tf 72 660 Td (Updates TCP 443 update.example.com) Tj ET\n"
    )
    objects = _one_page(b"", _stream(ops))
    objects[2] = objects[2].replace(b"[0 0 595 842]", box)
    return _write_pdf(path, objects)


def write_control_characters(path: Path) -> Path:
    """A page whose font maps 'E' to ESC and 'B' to BEL through its ToUnicode CMap, and
    'T' to a tab: ``(evilEcomB.TorgB) Tj`` reads as 'evil' ESC 'com' BEL '.' TAB ..."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Controls def 1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <0020> endbfrange\n"
        b"3 beginbfchar <45> <001B> <42> <0007> <54> <0009> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    ops = b"BT /F1 12 Tf 72 700 Td (evilEcomBx.example.orgTnext) Tj ET\n"
    objects = _one_page(b"", _stream(ops), (_stream(cmap),))
    objects[4] = font
    return _write_pdf(path, objects)


def write_self_drawing_form(path: Path) -> Path:
    """A form that draws itself (pdfminer refuses the cycle and logs a warning)."""
    form = _form(TEXT_OPS + b"/X Do\n", resources=b" /XObject << /X 6 0 R >>")
    objects = _one_page(b"", _stream(b"/X Do\n"), (form,))
    objects[2] = objects[2].replace(b"/F1 5 0 R >>", b"/F1 5 0 R >> /XObject << /X 6 0 R >>")
    return _write_pdf(path, objects)


def write_object_stream_bomb(path: Path, inflated_mb: int = 64) -> Path:
    """An object stream (/Type /ObjStm) of ``inflated_mb`` MB of zeros, in a file whose
    cross-reference offset is wrong: pdfminer then scans the body for objects and
    expands every object stream it meets."""
    objstm = _stream(
        _deflated(b"8 0 ", inflated_mb, fill=b"0 "),
        b" /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
    )
    _write_pdf(path, _one_page(b"", _stream(TEXT_OPS), (objstm,)))
    data = path.read_bytes()
    at = data.rindex(b"startxref\n") + len(b"startxref\n")
    path.write_bytes(data[:at] + b"9\n%%EOF\n")
    return path


# --------------------------------------------------------------- hidden text (issue 20)

HIDDEN_HOST = "evil.example.net"
HIDING = ("render-mode-3", "white", "tiny", "clipped", "covered", "white-over", "shaded")


def write_hidden_text(path: Path, how: str) -> Path:
    """A one-table page (Item | UDP/TCP | Port | Hostname, two ruled rows) where
    ``HIDDEN_HOST`` is drawn into the second row's hostname cell so that no reader sees
    it, ``how``: in text render mode 3, white on the white page, at 0.2 pt, outside a
    clipping path, under a white rectangle drawn after it, in white exactly over the
    visible hostname, or in the grey of the row's shading (``HIDING``); or, seen and so
    data: ``"none"``, drawn plainly, or ``"white-on-band"``, white on a dark rounded
    band drawn under it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 780, "Connection Ports and Protocols")
    xs = [72, 200, 270, 320, 540]
    tops = [740, 722, 704, 670]  # header row, two rows (the second two lines tall)
    if how == "shaded":
        c.setFillColorRGB(0.85, 0.85, 0.85)
        c.rect(xs[0], tops[3], xs[-1] - xs[0], tops[2] - tops[3], stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
    for y in tops:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, tops[0], x, tops[-1])
    rows = [
        ("Item", "UDP/TCP", "Port", "Hostname"),
        ("Updates", "TCP", "443", "update.example.com"),
        ("Licensing", "TCP", "443", "licence.example.com"),
    ]
    for k, row in enumerate(rows):
        c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 10)
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 4, tops[k] - 13, text)
    x, y = xs[3] + 4, tops[2] - 27  # the second line of the last hostname cell
    c.setFont("Helvetica", 10)
    if how == "render-mode-3":
        t = c.beginText(x, y)
        t.setFont("Helvetica", 10)
        t.setTextRenderMode(3)
        t.textLine(HIDDEN_HOST)
        c.drawText(t)
    elif how in ("white", "white-over", "shaded"):
        c.setFillColorRGB(*((0.85,) * 3 if how == "shaded" else (1, 1, 1)))
        c.drawString(x, tops[2] - 13 if how == "white-over" else y, HIDDEN_HOST)
        c.setFillColorRGB(0, 0, 0)
    elif how == "tiny":
        c.setFont("Helvetica", 0.2)
        c.drawString(x, y, HIDDEN_HOST)
    elif how == "clipped":
        c.saveState()
        p = c.beginPath()
        p.rect(0, 0, 50, 50)
        c.clipPath(p, stroke=0, fill=0)
        c.drawString(x, y, HIDDEN_HOST)
        c.restoreState()
    elif how == "white-on-band":  # white on a dark rounded band drawn first: seen
        c.setFillColorRGB(0.1, 0.2, 0.5)
        c.roundRect(x - 2, y - 4, 120, 14, 4, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.drawString(x, y, HIDDEN_HOST)
        c.setFillColorRGB(0, 0, 0)
    elif how == "covered":
        c.drawString(x, y, HIDDEN_HOST)
        c.setFillColorRGB(1, 1, 1)
        c.rect(x - 1, y - 3, 150, 13, stroke=0, fill=1)
    else:
        c.drawString(x, y, HIDDEN_HOST)
    c.showPage()
    c.save()
    return path


def write_drawn_twice(path: Path, offset: float = 0.3) -> Path:
    """The sample document with every glyph drawn twice, the second copy ``offset``
    points to the right (a producer's fake bold; pdfplumber's ``dedupe_chars`` case)."""
    import pdfgen

    original = pdfgen._render

    def twice(pages, spec, target, **options):  # type: ignore[no-untyped-def]
        doubled = []
        for ops in pages:
            more = []
            for op in ops:
                more.append(op)
                if op[0] == "text":
                    more.append((op[0], op[1] + offset, *op[2:]))
            doubled.append(more)
        return original(doubled, spec, target, **options)

    pdfgen._render = twice
    try:
        build_pdf(sample_spec(), path)
    finally:
        pdfgen._render = original
    return path


# --------------------------------------------------------------- turned pages (issue 20)

TURNS = ("rotate-90", "rotate-270", "sideways", "upside-down", "rotate-180-page", "skew-3")


def write_turned(path: Path, how: str) -> Path:
    """The sample document with every page turned, ``how``: a /Rotate 90 (or 270) page
    whose content is drawn turned the other way, so a viewer shows it upright (Word's
    landscape pages); a landscape page box with the portrait content drawn turned 90°
    and no /Rotate (shown sideways); content drawn upside down (180°), with or without
    /Rotate 180 to set it upright again; or content turned by 3° (a skewed print, no link
    annotations: a link's /Rect is upright, so around skewed text it covers its
    neighbours too)."""
    import math

    import pdfgen
    from reportlab.pdfgen.canvas import Canvas

    class Turned(Canvas):
        # reportlab takes ``pagesize`` as shown: with a /Rotate of 90 or 270 it writes
        # the MediaBox turned (842 x 595 for A4), and the content is drawn in that box.
        def __init__(self, target, pagesize, **kwargs):  # type: ignore[no-untyped-def]
            self.portrait = pagesize
            shown = (pagesize[1], pagesize[0]) if how == "sideways" else pagesize
            super().__init__(target, pagesize=shown, **kwargs)
            self._turn()

        def _turn(self) -> None:
            w, h = self.portrait
            if how in ("rotate-90", "sideways"):  # content turned 90° counter-clockwise
                if how == "rotate-90":  # and shown turned 90° clockwise: upright
                    self.setPageRotation(90)
                self.transform(0, 1, -1, 0, h, 0)
            elif how == "rotate-270":
                self.setPageRotation(270)
                self.transform(0, -1, 1, 0, 0, w)
            elif how in ("upside-down", "rotate-180-page"):
                if how == "rotate-180-page":
                    self.setPageRotation(180)
                self.transform(-1, 0, 0, -1, w, h)
            elif how == "skew-3":
                a = math.radians(3)
                self.translate(w / 2, h / 2)
                self.transform(math.cos(a), math.sin(a), -math.sin(a), math.cos(a), 0, 0)
                self.translate(-w / 2, -h / 2)

        def showPage(self) -> None:
            super().showPage()
            self._turn()

        def linkURL(self, url, rect, relative=0, **kwargs):  # type: ignore[no-untyped-def]
            # A link's /Rect is in the page's user space: through the turn, as the text.
            super().linkURL(url, rect, relative=1, **kwargs)

    original = pdfgen.Canvas
    pdfgen.Canvas = Turned
    try:
        build_pdf(sample_spec(), path, links=how != "skew-3")
    finally:
        pdfgen.Canvas = original
    return path

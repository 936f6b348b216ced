"""``portdoc``'s command line, argv -> options: the commands, their options, limits and
help texts (what each command does, its output and its exit codes). ``pipeline.cli``
runs the command the options name."""

from __future__ import annotations

import argparse

from pipeline import __version__

EXTRACT_HELP = """\
Read one revision of a vendor "Connection Ports and Protocols" PDF and write every
port rule, host list, address list and change-history entry as one JSON document
(schema: schema/document.schema.json). Each value records the page and box it came
from; anything that could not be placed or validated is listed under "issues".

exit codes:
  0  extracted, no invalid values
  1  extracted and written, but some values are invalid (see "issues" with
     severity "error": e.g. an address 23.185.0.301 or a port "8o")
  2  the file can't be used (not a PDF, encrypted, no text layer, over a limit,
     no firewall data: no port table, port list, host list or address list, the
     message naming the tables seen), or OUT can't be written; one line on stderr,
     no output written (an OUT file left from an earlier run is removed)
"""

DIFF_HELP = """\
Compare two revisions semantically: rules added, removed or changed (hosts,
addresses, address sources, ports, direction), host lists' hosts and addresses,
change-history entries added, and of those the retirements and other changes
announced for a date ("! effective 2025-06-30 ...", with the vendor's words).
Each side is a PDF or a document JSON written by
`portdoc extract`. JSON goes to -o (or stdout with --format json); text is one
change per entry, wrapped at 100 columns with consecutive addresses shown as one
range ("192.0.2.1–192.0.2.40 (40)"), counts at the end (the default on a terminal).

Both sides are read and compared in one worker process under the limits (time and
memory for the whole comparison). A JSON side must be a regular file, strict JSON.

exit codes: 0 done (1 with --exit-code when there are changes); 2 unusable input
(also over a limit)
"""

PUBLISH_HELP = """\
Publish every source under --sources (a folder per source: source.json + revision
PDFs) into --output: per revision document.json, diff.json, rules.csv, flows.csv,
hosts.txt, ipv4.txt, ipv6.txt, the same lists per port and side under
ports/<proto>-<port>/<side>/ (destination, source, side-unknown; listed in
ports/index.json), datapackage.json; a latest/ copy; changes.json, feed.atom and
CHANGELOG.md; and output/index.json (with the sha256 of every file). The new
tree is built aside, validated, then swapped in: a failure leaves the previous
output untouched. Unchanged revisions come from cache.
A PDF in a source folder that source.json does not list is not published: it is
named in a warning and in the summary (register it with `portdoc add`). A source
whose every hostname is an example.* name and every address a documentation one
is test-fixture data: the publish is refused, naming it (for a local trial,
--allow-fixtures publishes it, marked "fixture": true in index.json). A revision
listed with "reissue_of" another of the same version (a silent re-issue
`portdoc fetch` found) is published in that one's place. Each revision's
errors, warnings and text not placed are printed; the summary lists every
revision that is not clean.

--jobs is capped at the usable cores (each worker's time limit is wall time). An
`add` that changes the sources while a publish runs makes it read them again before
it swaps: it never replaces a newer publish's tree with an older one.

exit codes: 0 published; 1 refused (unsafe version, invalid values, fixture
source), nothing written; 2 unusable source or revision PDF (as for extract)
"""


ADD_HELP = """\
Register a revision PDF in a source folder: check that it extracts and that its
version can name a folder and is not already listed, copy it into SOURCE when it
is elsewhere, and append it to SOURCE/source.json (written in one form,
atomically). For a new source, give --vendor and --product: source.json is
created. --url records where the vendor publishes the document, for `portdoc
fetch`. It prints the revision's errors, warnings and text not placed. Then
`portdoc publish`. Adds at the same moment take turns on a lock and keep every
registration.

exit codes:
  0  registered
  1  registered, but the revision has invalid values (issues with severity
     "error"): publish refuses it until the layout is fixed, or with --allow-invalid
  2  nothing changed: the PDF can't be used (as for extract) or has no usable
     version, its name is not a usable file name, it is already listed, a listed
     revision has its version (give --replace to put it in that one's place),
     another file of that name is in SOURCE, SOURCE, source.json or the PDF is a
     symlink, the id is reserved (schema), source.json is invalid (not a regular
     file, not strict JSON, control or invisible characters, a URL that is not a
     plain http(s) one), a new source lacks --vendor/--product, or
     --vendor/--product/--title/--homepage differ from an existing source's
     source.json
"""

REMOVE_HELP = """\
Take the revision of VERSION (the version its document gives, as `portdoc
publish` names its folder; with its re-issues, if `portdoc fetch` kept any) out
of SOURCE/source.json and its PDF out of SOURCE.
The next `portdoc publish` no longer publishes it. A source keeps at least one
revision: to drop the last one, remove the folder.

exit codes: 0 removed; 2 nothing changed: SOURCE has no source.json, no listed
revision has VERSION, or it is the only one
"""


FETCH_HELP = """\
For each source under --sources whose source.json gives the document's "url" (or
each SOURCE id named, which must), download it conditionally (If-None-Match /
If-Modified-Since from the revision last fetched from that URL). New bytes are
read as `portdoc extract` reads a file (the same limits: LIMITS below) and
registered as `portdoc add` registers one, from the vendor; a version already
listed with other bytes (a silent re-issue) is kept beside the old file, marked
"reissue_of" it: publish shows it in that one's place. One line per source (per
URL where a source has several): unchanged / new revision V (...) / re-issue of
V (...) / failed (why). HTTPS only unless --allow-http; at most 5 redirects;
proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY; certificates checked against
SSL_CERT_FILE when set. Nothing half-written is left in the source folder. Run
by a timer: see docs/fetch.md (a script, cron lines, a systemd timer).

exit codes:
  0   nothing new (every source unchanged)
  10  something new was registered: run `portdoc publish` (and tell a reviewer)
  12  something new was registered, and a source failed
  2   a source could not be fetched or used (the others were still processed),
      or --sources is not a folder
"""


REVIEW_HELP = """\
Write DIR/index.html and DIR/page-N.png: every page of FILE with a box over each
rule row, host list, history entry and extracted value, text that went into no
field outlined dashed and hatched, the issues (each linked to its box), and with
--previous the diff (retirements and other dated changes with their date), each
new or changed record badged on the page: a CHANGED badge on the value that
changed. Colours are Okabe-Ito (told apart with any colour vision), each kind
with a line style or pattern too. Open it in a browser; it fetches nothing.

The whole review runs in one worker process under the limits (time and memory).

exit codes: 0 written; 2 FILE or --previous can't be used (as for extract, or over
a limit), or DIR can't be written
"""

REVIEW_SOURCES_HELP = """\
For each source folder under --sources, review its newest revision (by the
version its change history gives) against the one before, as `portdoc review`
does, into OUTPUT/<source id>/index.html. `make review` runs it.

Each review's path is printed with its revision's counts: errors, warnings,
text not placed.

exit codes: 0 written; 1 written, but a newest revision has errors (invalid
values: publish refuses it), or a source's metadata marks it as test fixtures
(nothing written); 2 a source or PDF can't be used, or OUTPUT can't be written
"""

SCHEMA_HELP = """\
Write the JSON Schemas (document, diff, index, ...) generated from the models into
--output, or with --check compare the files there with the models.

exit codes: 0 written, or with --check up to date; 1 with --check: a file is
missing or out of date (each named on stderr); 2 the folder can't be written
"""


def add_limits(p: argparse.ArgumentParser) -> None:
    from pipeline.pdf.pdfguard import WorkLimits

    work = WorkLimits()
    g = p.add_argument_group(
        "limits (a file over a limit can't be used; each document is read in a worker "
        "process killed at the time limit)"
    )
    g.add_argument("--max-mb", type=float, default=50, help="largest file accepted (default 50)")
    g.add_argument("--max-pages", type=int, default=500, help="most pages read (default 500)")
    g.add_argument(
        "--timeout", type=float, default=120, help="seconds one document may take (default 120)"
    )
    g.add_argument(
        "--max-memory-mb",
        type=float,
        default=2048,
        help="memory the worker reading a document may take beyond its start (default 2048)",
    )
    g.add_argument(
        "--max-inflated-mb",
        type=float,
        default=work.inflated_bytes // (1024 * 1024),
        help="decompressed stream bytes per document (default %(default)s; "
        f"{work.stream_bytes // (1024 * 1024)} per stream)",
    )
    for name, default, page, what in (
        ("operators", work.operators, work.page_operators, "content operators and operands"),
        ("glyphs", work.glyphs, work.page_glyphs, "bytes of text shown"),
        ("paths", work.paths, work.page_paths, "path segments painted"),
    ):
        g.add_argument(
            f"--max-{name}",
            type=int,
            default=default,
            help=f"{what} per document (default {default:,}; {page:,} per page)",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portdoc",
        description="Vendor 'Connection Ports and Protocols' PDFs in, validated firewall data out.",
        epilog="Run `portdoc COMMAND --help` for each command's options and exit codes.",
    )
    parser.add_argument("--version", action="version", version=f"portdoc {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    fmt = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser(
        "extract", help="PDF -> document JSON", description=EXTRACT_HELP, formatter_class=fmt
    )
    p.add_argument("file", help="the revision's PDF")
    p.add_argument("-o", "--output", help="write the JSON here (default: stdout)")
    p.add_argument("--vendor", help="vendor name to record in document.vendor")
    p.add_argument("--product", help="product name to record in document.product")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    p.add_argument("-v", "--verbose", action="store_true", help="list warnings too")
    add_limits(p)

    p = sub.add_parser(
        "diff", help="semantic diff of two revisions", description=DIFF_HELP, formatter_class=fmt
    )
    p.add_argument("old", help="older revision: PDF or document JSON")
    p.add_argument("new", help="newer revision: PDF or document JSON")
    p.add_argument("-o", "--output", help="write here (JSON unless --format text)")
    p.add_argument("--format", choices=["json", "text"], help="default: text on a terminal")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes")
    add_limits(p)

    p = sub.add_parser(
        "publish",
        help="sources/ -> versioned output/ release",
        description=PUBLISH_HELP,
        formatter_class=fmt,
    )
    p.add_argument("--sources", default="sources", help="source folders (default: sources)")
    p.add_argument("--output", default="output", help="release tree (default: output)")
    p.add_argument(
        "--jobs", type=int, default=None, help="parallel extractions (default and at most: cores)"
    )
    p.add_argument(
        "--allow-invalid",
        action="store_true",
        help="publish revisions with invalid values (listed in their issues)",
    )
    p.add_argument(
        "--allow-fixtures",
        action="store_true",
        help="publish test-fixture sources too (example names, documentation-range "
        'addresses), each marked "fixture": true in index.json: for a local trial',
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    add_limits(p)

    p = sub.add_parser(
        "add",
        help="register a revision PDF in a source folder",
        description=ADD_HELP,
        formatter_class=fmt,
    )
    p.add_argument("source", help="the source folder, sources/<id> (created for a new source)")
    p.add_argument("file", help="the revision's PDF (copied into SOURCE if elsewhere)")
    p.add_argument(
        "--origin",
        required=True,
        choices=["vendor", "reconstruction"],
        help="the vendor's own file, or a reconstruction of the vendor's text",
    )
    p.add_argument("--note", default="", help="where the file came from")
    p.add_argument("--vendor", help="vendor name (needed for a new source)")
    p.add_argument("--product", help="product name (needed for a new source)")
    p.add_argument(
        "--title",
        help="document title for a new source (default: Connection Ports and Protocols)",
    )
    p.add_argument("--homepage", help="vendor's page for a new source")
    p.add_argument(
        "--url",
        action="append",
        help="where the vendor publishes the document, for `portdoc fetch` (added to the "
        "source's url; repeat for a document split into several files)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="put FILE in the place of the listed revision of the same version "
        "(its PDF is removed from SOURCE)",
    )

    p = sub.add_parser(
        "fetch",
        help="download each source's document from its url; register what is new",
        description=FETCH_HELP,
        formatter_class=fmt,
    )
    p.add_argument(
        "source",
        nargs="*",
        metavar="SOURCE",
        help="source ids to fetch (default: every source with a url)",
    )
    p.add_argument("--sources", default="sources", help="source folders (default: sources)")
    p.add_argument("--allow-http", action="store_true", help="allow http:// URLs and redirects")
    p.add_argument(
        "--connect-timeout",
        type=float,
        default=10,
        help="seconds to wait for a connection, and for each piece of data while "
        "downloading (default 10)",
    )
    p.add_argument(
        "--download-timeout",
        type=float,
        default=300,
        help="seconds one URL's download may take in all, redirects included (default 300)",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only what is new or failed (cron mails whatever a job prints)",
    )
    add_limits(p)

    p = sub.add_parser(
        "remove",
        help="take a revision out of a source folder",
        description=REMOVE_HELP,
        formatter_class=fmt,
    )
    p.add_argument("source", metavar="SOURCE", help="the source folder, sources/<id>")
    p.add_argument(
        "version",
        metavar="VERSION",
        help="the revision's version, as published (output/<id>/VERSION)",
    )

    p = sub.add_parser(
        "schema",
        help="write or check the JSON Schemas",
        description=SCHEMA_HELP,
        formatter_class=fmt,
    )
    p.add_argument("--output", default="schema", help="folder (default: schema)")
    p.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")

    p = sub.add_parser(
        "review",
        help="HTML review of an extraction (and its diff) over the page images",
        description=REVIEW_HELP,
        formatter_class=fmt,
    )
    p.add_argument("file", help="the revision's PDF")
    p.add_argument("--previous", help="the previous revision: PDF or document JSON")
    p.add_argument("-o", "--output", required=True, help="folder to write index.html into")
    add_limits(p)

    p = sub.add_parser(
        "review-sources",
        help="review the newest revision of every source",
        description=REVIEW_SOURCES_HELP,
        formatter_class=fmt,
    )
    p.add_argument(
        "--sources",
        default="sources",
        help="folder of source folders, each with source.json and its PDFs (default: sources)",
    )
    p.add_argument(
        "--output",
        default="review",
        help="where to write OUTPUT/<source id>/index.html and its page images; "
        "created if missing (default: review)",
    )
    return parser

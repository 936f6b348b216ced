"""The ``portdoc`` command: parses options, calls the library, renders the result.

Exit codes: 0 success; 1 the input was read but has invalid values (extract) or the
publish was refused; 2 the input can't be used at all. Tracebacks only with --debug.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pipeline.cliargs import build_parser
from pipeline.model.errors import PortdocError
from pipeline.values.text import escaped


def _emit(chunks: Iterable[str], output: str | None) -> None:
    """Write text to OUT (atomically) or stdout, piece by piece."""
    from pipeline.model.canonical import write_text_atomic

    if output and output != "-":
        write_text_atomic(Path(output), chunks)
    else:
        sys.stdout.writelines(chunks)


def _check_output(output: str | None) -> None:
    """Fail before the work, not after it, when OUT's folder is not there."""
    from pipeline.model.canonical import check_output_folder

    if output and output != "-":
        check_output_folder(Path(output))


def _json(data: Any) -> Iterator[str]:
    """The canonical JSON form, streamed (a large document is never one string)."""
    from pipeline.model.canonical import canonical_json_chunks

    return canonical_json_chunks(data)


def _limits(args: argparse.Namespace) -> Any:
    from pipeline.pdf.pdfguard import WorkLimits
    from pipeline.pdf.pdfmodel import Limits

    mb = 1024 * 1024
    page = WorkLimits()  # a page may not have more than the whole document
    work = WorkLimits(
        stream_bytes=min(page.stream_bytes, int(args.max_inflated_mb * mb)),
        inflated_bytes=int(args.max_inflated_mb * mb),
        operators=args.max_operators,
        page_operators=min(page.page_operators, args.max_operators),
        glyphs=args.max_glyphs,
        page_glyphs=min(page.page_glyphs, args.max_glyphs),
        paths=args.max_paths,
        page_paths=min(page.page_paths, args.max_paths),
    )
    return Limits(
        max_bytes=int(args.max_mb * mb),
        max_pages=args.max_pages,
        seconds=args.timeout,
        max_memory_bytes=int(args.max_memory_mb * mb),
        work=work,
    )


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract import extract_document

    _check_output(args.output)
    try:
        doc = extract_document(
            args.file, limits=_limits(args), vendor=args.vendor, product=args.product
        )
    except Exception:
        # A file left at OUT from an earlier run would pass for this input's result.
        if args.output and args.output != "-":
            Path(args.output).unlink(missing_ok=True)
        raise
    from pipeline.model.canonical import model_json_chunks

    _emit(model_json_chunks(doc), args.output)
    from pipeline.model.cleanliness import issue_counts

    counts = issue_counts(doc)
    errors = counts.errors
    if not args.quiet:
        info = doc.document
        print(
            f"{escaped(Path(args.file).name)}: version {info.version} ({info.date}), "
            f"{len(doc.rules)} rules, {len(doc.host_lists)} host lists, "
            f"{len(doc.history)} history entries; {counts.text()}",
            file=sys.stderr,
        )
        for issue in doc.issues:
            if issue.severity == "error" or args.verbose:
                print(
                    f"  {issue.severity}: page {issue.page}: {issue.message} [{issue.code}]",
                    file=sys.stderr,
                )
    return 1 if errors else 0


def cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff_text
    from pipeline.revisions import diff_files

    _check_output(args.output)
    diff = diff_files(Path(args.old), Path(args.new), _limits(args))
    fmt = args.format or ("json" if args.output or not sys.stdout.isatty() else "text")
    if fmt == "json":
        _emit(_json(diff.model_dump(mode="json")), args.output)
    else:
        _emit([diff_text(diff)], args.output)
    return 1 if args.exit_code and not diff.empty else 0


def cmd_publish(args: argparse.Namespace) -> int:
    from pipeline.release.publish import publish

    def progress(line: str) -> None:
        if not args.quiet:
            print(escaped(line), file=sys.stderr, flush=True)

    report = publish(
        Path(args.sources),
        Path(args.output),
        progress=progress,
        jobs=args.jobs if args.jobs is not None else (os.cpu_count() or 1),
        allow_invalid=args.allow_invalid,
        allow_fixtures=args.allow_fixtures,
        limits=_limits(args),
    )
    summary = report.summary() if hasattr(report, "summary") else str(report)
    print("\n".join(map(escaped, summary.split("\n"))), file=sys.stderr)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from pipeline.release.register import add_revision

    added = add_revision(
        Path(args.source),
        Path(args.file),
        args.origin,
        note=args.note,
        vendor=args.vendor,
        product=args.product,
        title=args.title,
        homepage=args.homepage,
        urls=args.url or (),
        replace=args.replace,
    )
    from pipeline.model.cleanliness import issue_counts

    if added.replaced:
        print(f"{args.source}: replaced {', '.join(added.replaced)}", file=sys.stderr)
    info = added.document.document
    done = "created with" if added.created else "now lists"
    copied = f"copied into {escaped(args.source)}; " if added.copied else ""
    name = escaped(Path(args.file).name)
    # A revision printing no version is placed under its date (``revision_label``).
    placed = f"version {info.version}" if info.version else f"no version, placed as {info.date}"
    print(
        f"{escaped(args.source)}/source.json {done} {name} ({copied}{placed}, "
        f"{len(added.document.rules)} rules, "
        f"{issue_counts(added.document).text()}); {len(added.meta.revisions)} revisions",
        file=sys.stderr,
    )
    if added.errors:
        print(
            f"  {added.errors} invalid values: publish refuses this revision until they are "
            "fixed (see `portdoc review`), or publish with --allow-invalid",
            file=sys.stderr,
        )
    return 1 if added.errors else 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from pipeline.release.download import HttpOptions
    from pipeline.release.fetch import Fetched, FetchOptions, exit_code, fetch_sources

    limits = _limits(args)
    options = FetchOptions(
        http=HttpOptions(
            allow_http=args.allow_http,
            connect_timeout=args.connect_timeout,
            total_timeout=args.download_timeout,
            max_bytes=limits.max_bytes,
        ),
        limits=limits,
    )

    def progress(result: Fetched) -> None:
        if not (args.quiet and result.status == "unchanged"):
            print(result.line(), flush=True)

    with _sigterm_unwinds():
        results = fetch_sources(Path(args.sources), args.source, options, progress=progress)
    return exit_code(results)


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM (a timer stopping its service) raises KeyboardInterrupt while the block
    runs, so its clean-up runs: no temporary file stays behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def cmd_remove(args: argparse.Namespace) -> int:
    from pipeline.release.register import remove_revision

    removed = remove_revision(Path(args.source), args.version)
    print(
        f"{args.source}/source.json: removed {', '.join(removed.files)} (version {args.version}); "
        f"{len(removed.meta.revisions)} revisions",
        file=sys.stderr,
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.release.schemas import check_schemas, write_schemas

    target = Path(args.output)
    if args.check:
        stale = check_schemas(target)
        for name in stale:
            state = "out of date" if (target / name).is_file() else "missing"
            print(f"{target / name}: {state}; run `portdoc schema`", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(target):
        print(path, file=sys.stderr)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from pipeline.review import write_review

    index = write_review(
        Path(args.file),
        Path(args.output),
        previous=Path(args.previous) if args.previous else None,
        limits=_limits(args),
    )
    print(index, file=sys.stderr)
    return 0


def cmd_review_sources(args: argparse.Namespace) -> int:
    from pipeline.review import review_each_source

    reviewed = review_each_source(Path(args.sources), Path(args.output))
    for item in reviewed:
        print(f"{item.index}: {item.source} {item.version}: {item.counts.text()}", file=sys.stderr)
    return 1 if any(item.counts.errors for item in reviewed) else 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "extract": cmd_extract,
    "diff": cmd_diff,
    "publish": cmd_publish,
    "add": cmd_add,
    "fetch": cmd_fetch,
    "remove": cmd_remove,
    "schema": cmd_schema,
    "review": cmd_review,
    "review-sources": cmd_review_sources,
}


def main(argv: Sequence[str] | None = None) -> int:
    # portdoc uses no pydantic plugins: skipping their entry-point scan shortens start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.debug or getattr(args, "verbose", False):
        import logging

        # pdfminer's and pdfplumber's warnings about a damaged file: only when asked for.
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(levelname)s: %(message)s")
    func = COMMANDS[args.command]
    try:
        return func(args)
    except PortdocError as e:
        if args.debug:
            raise
        print(f"portdoc {args.command}: {escaped(str(e))}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("portdoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # a file or folder that can't be written or read: not a bug
        if args.debug:
            raise
        where = f" {escaped(str(e.filename))}:" if e.filename else ""
        print(f"portdoc {args.command}:{where} {escaped(str(e.strerror or e))}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug: say so in one line, traceback with --debug
        if args.debug:
            raise
        print(
            f"portdoc {args.command}: internal error: {type(e).__name__}: {escaped(str(e))} "
            "(run with --debug for a traceback)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())

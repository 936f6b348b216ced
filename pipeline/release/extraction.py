"""Stage 2 of ``portdoc publish``: every registered revision PDF -> its ``Document``,
read from the extraction cache (``pipeline.release.cache``) or extracted, one bounded
worker per PDF (``pipeline.pdf.bounded``), with a progress line each."""

from __future__ import annotations

import contextlib
import functools
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.model.cleanliness import issue_counts
from pipeline.model.errors import PortdocError, PublishRefusedError, UnusableInputError
from pipeline.model.models import Document
from pipeline.pdf.bounded import Bounds, run_many
from pipeline.release.cache import DocumentCache, cache_key, file_sha256
from pipeline.release.sources import SourceMeta, SourceRevision, revision_label

if TYPE_CHECKING:
    from pipeline.pdf.pdfmodel import Limits

Extractor = Callable[[Path], Document]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Job:
    source: SourceMeta
    revision: SourceRevision
    path: Path
    sha256: str
    key: str


@dataclass(frozen=True)
class Extracted:
    job: Job
    document: Document
    cached: bool


def default_extractor() -> Callable[..., Document]:
    # Imported late: publishing from JSON-producing test doubles needs no PDF stack.
    from pipeline.extract import extract_document
    from pipeline.pdf.pdfmodel import load_pdf_stack

    load_pdf_stack()  # here, once: every reader forked from this process has it
    return extract_document


def revision_jobs(found: Sequence[tuple[Path, SourceMeta]], extractor: Extractor) -> list[Job]:
    jobs = []
    for folder, meta in found:
        for revision in meta.revisions:
            path = folder / revision.file
            digest = file_sha256(path)
            jobs.append(Job(meta, revision, path, digest, cache_key(digest, extractor)))
    return jobs


def _unreadable(job: Job, error: PortdocError) -> PortdocError:
    """A PDF that can't be used is an unusable source (exit 2, as for extract); a
    refusal stays a refusal (exit 1)."""
    kind = UnusableInputError if isinstance(error, UnusableInputError) else PublishRefusedError
    return kind(f"{job.path}: cannot be extracted: {error}")


def _progress_line(index: int, total: int, item: Extracted) -> str:
    doc = item.document
    cached = " (cached)" if item.cached else ""
    return (
        f"[{index}/{total}] {item.job.source.id} {revision_label(doc) or '?'}: "
        f"{len(doc.rules)} rules, {len(doc.host_lists)} host lists; "
        f"{issue_counts(doc).text()}{cached}"
    )


Results = Iterator[tuple[Job, Document]]


def print_nothing(_line: str) -> None:
    """The progress callback when none is given."""


def _extract_parallel(
    todo: Sequence[Job], extractor: Extractor, workers: int, limits: Limits | None = None
) -> Results:
    """Each job in a worker process of its own, ``workers`` at a time, each under the
    time and memory limits (``pipeline.pdf.bounded``: a worker past its time is killed,
    and every worker dies with this process)."""
    from pipeline.pdf.pdfmodel import Limits

    try:
        pickle.dumps(extractor)
    except (pickle.PicklingError, AttributeError, TypeError) as e:
        raise TypeError("jobs > 1 needs a top-level (picklable) extractor function") from e
    limits = limits or Limits()
    calls = (
        (
            job,
            functools.partial(extractor, job.path),
            Bounds(limits.seconds, limits.max_memory_bytes, job.path.name),
        )
        for job in todo
    )
    with contextlib.closing(run_many(calls, workers)) as results:  # closing kills the rest
        for job, result in results:
            try:
                yield job, result()
            except PortdocError as e:
                raise _unreadable(job, e) from e


def _extract_serial(todo: Sequence[Job], extractor: Extractor) -> Results:
    for job in todo:
        try:
            yield job, extractor(job.path)
        except PortdocError as e:
            raise _unreadable(job, e) from e


def extract_revisions(
    jobs: Sequence[Job],
    extractor: Extractor,
    cache: DocumentCache,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> list[Extracted]:
    """Every job's document, in the jobs' order; cached ones are not parsed again."""
    done: dict[int, Extracted] = {}
    say = progress or print_nothing
    for index, job in enumerate(jobs):
        hit = cache.get(job.key)
        if hit is not None:
            done[index] = Extracted(job, hit, cached=True)
            say(_progress_line(len(done), len(jobs), done[index]))
    todo = [job for index, job in enumerate(jobs) if index not in done]
    position = {job.path: index for index, job in enumerate(jobs)}
    if workers > 1 and len(todo) > 1:
        results = _extract_parallel(todo, extractor, min(workers, len(todo)), limits)
    else:
        results = _extract_serial(todo, extractor)
    for job, document in results:
        cache.put(job.key, document)
        item = done[position[job.path]] = Extracted(job, document, cached=False)
        say(_progress_line(len(done), len(jobs), item))
    return [_with_source_names(done[index]) for index in range(len(jobs))]


def _with_source_names(item: Extracted) -> Extracted:
    """The maintainer's source.json names the vendor and product; the PDF need not. The
    file's name is this job's: a cached document (keyed by the PDF's bytes) may have
    been read from the same bytes under another name."""
    info = item.document.document
    named = info.model_copy(
        update={
            "vendor": info.vendor or item.job.source.vendor,
            "product": info.product or item.job.source.product,
            "file_name": item.job.path.name,
        }
    )
    document = item.document.model_copy(update={"document": named})
    return Extracted(item.job, document, item.cached)

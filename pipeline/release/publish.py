"""portdoc publish: source folders in, a versioned feed that tools read unattended out.

The stages are separate so each can be checked on its own:

1. ``discover_sources`` reads ``sources/<id>/source.json`` (``pipeline.release.sources``);
2. ``extract_revisions`` parses each PDF, or takes it from the cache
   (``pipeline.release.extraction``, ``pipeline.release.cache``);
3. ``order_revisions`` checks every version before it can become a folder name;
4. ``build_tree`` renders every output file in memory (``pipeline.release.render``);
5. ``validate_tree`` checks each file against its schema (``pipeline.release.treecheck``);
6. ``write_and_swap`` writes a staging folder beside ``output`` and swaps it in
   (``pipeline.release.tree``).

``output`` is owned by portdoc: each publish replaces it whole, and a folder portdoc did
not write (no marker file, or hidden files beside it) is refused rather than replaced.
Nothing is written unless every stage before 6 succeeded, and a failure in 6 leaves the
old tree as it was.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from pipeline.diff import Diff, diff_documents, diff_summary
from pipeline.model.canonical import canonical_json, model_json
from pipeline.model.cleanliness import issue_counts
from pipeline.model.errors import PublishRefusedError
from pipeline.model.models import Document, HostList, Rule
from pipeline.pdf.bounded import Bounds, run_many
from pipeline.release.atom import FeedEntry, atom_feed
from pipeline.release.cache import DocumentCache, cache_beside
from pipeline.release.changes import changes
from pipeline.release.extraction import (
    Extracted,
    Extractor,
    Progress,
    default_extractor,
    extract_revisions,
    print_nothing,
    revision_jobs,
)
from pipeline.release.lineage import follow_lineage
from pipeline.release.locks import sources_state
from pipeline.release.render import (
    ChangelogEntry,
    Index,
    IndexSource,
    IndexVersion,
    addresses_txt,
    changelog,
    count_addresses,
    count_hosts,
    data_sha256,
    datapackage,
    flows_csv,
    hosts_txt,
    port_lists,
    ports_index,
    rules_csv,
    sha256_hex,
)
from pipeline.release.schemas import published_schemas, schema_paths
from pipeline.release.sources import (
    FIXTURE_VENDORS,
    SourceMeta,
    check_version,
    discover_sources,
    example_data_reason,
    is_fixture,
    revision_label,
    unlisted_pdfs,
)
from pipeline.release.tree import MARKER, MARKER_TEXT, read_tree, real_output, write_and_swap
from pipeline.release.treecheck import validate_tree
from pipeline.values.ids import version_key

if TYPE_CHECKING:
    from pipeline.pdf.pdfmodel import Limits

# --- the report ---------------------------------------------------------------------


class SourceSummary(BaseModel):
    id: str
    latest: str
    versions: list[str] = Field(description="Oldest first.")
    new_versions: list[str] = Field(description="Not in the previous output.")
    removed_versions: list[str] = Field(description="In the previous output, gone now.")
    rules: int
    host_lists: int
    hosts: int
    addresses: int
    latest_changes: str = Field(description="The newest revision's diff, counted.")


class PublishReport(BaseModel):
    sources: int
    revisions: int
    rules: int = Field(description="In the newest revision of each source, summed.")
    hosts: int = Field(description="Distinct hostnames, newest revisions, summed.")
    addresses: int = Field(description="Distinct addresses/networks, newest revisions.")
    extracted: int = Field(description="Revisions parsed this time.")
    cached: int = Field(description="Revisions taken from the cache.")
    written: bool = Field(description="False when the output was already identical.")
    changed: list[SourceSummary] = Field(description="Sources whose published files changed.")
    removed_sources: list[str] = Field(default_factory=list)
    unlisted_pdfs: list[str] = Field(
        default_factory=list,
        description="PDFs in source folders that source.json does not list: not published.",
    )
    not_clean: list[str] = Field(
        default_factory=list,
        description="Revisions with errors, warnings or text not placed, each with its counts.",
    )

    def summary(self) -> str:
        """The summary without its final newline (``print`` adds one)."""
        return report_text(self).rstrip("\n")


def report_text(report: PublishReport) -> str:
    """The summary ``portdoc publish`` prints at the end."""
    lines = [
        f"{report.sources} sources, {report.revisions} revisions "
        f"({report.extracted} parsed, {report.cached} cached); newest revisions: "
        f"{report.rules} rules, {report.hosts} hosts, {report.addresses} addresses",
    ]
    for source in report.changed:
        new = f" new: {', '.join(source.new_versions)};" if source.new_versions else ""
        lines.append(f"  {source.id} {source.latest}:{new} {source.latest_changes}")
    lines += [f"  {source_id}: removed" for source_id in report.removed_sources]
    if report.not_clean:
        lines.append("not clean (see `portdoc review`):")
        lines += [f"  {line}" for line in report.not_clean]
    if report.unlisted_pdfs:
        n = len(report.unlisted_pdfs)
        lines.append(
            f"{n} PDF{'' if n == 1 else 's'} not in source.json, not published "
            f"(register with `portdoc add`): {', '.join(report.unlisted_pdfs)}"
        )
    if not report.written:
        lines.append("output unchanged")
    return "\n".join(lines) + "\n"


# --- stage 3: ordering and checks ---------------------------------------------------


@dataclass(frozen=True)
class PublishedRevision:
    version: str
    extracted: Extracted

    @property
    def document(self) -> Document:
        return self.extracted.document


def _refuse_invalid(item: Extracted, where: str) -> None:
    errors = [issue for issue in item.document.issues if issue.severity == "error"]
    if not errors:
        return
    shown = "; ".join(
        f"{issue.code} (page {issue.page or '?'}): {issue.message}" for issue in errors[:3]
    )
    more = f" and {len(errors) - 3} more" if len(errors) > 3 else ""
    raise PublishRefusedError(
        f"{where}: {len(errors)} error issues, nothing published ({shown}{more}). "
        f"See each one on its page: `portdoc review {where} -o review-out` (open "
        "review-out/index.html). If the PDF really prints those values, publish with "
        "--allow-invalid (they are left out and listed in the revision's issues); if "
        "the PDF is right and portdoc misread its layout, report the layout with the PDF"
    )


def order_revisions(
    items: Sequence[Extracted], allow_invalid: bool = False, allow_fixtures: bool = False
) -> list[PublishedRevision]:
    """One source's revisions, oldest first, each with a version safe as a folder name.

    A revision re-issued with other bytes under the same version (``reissue_of``, as
    ``portdoc fetch`` registers a silent re-issue) gives its place to the re-issue."""
    seen: dict[str, str] = {}
    ordered = []
    by_file = {item.job.revision.file: item for item in items}
    replaced = {
        item.job.revision.reissue_of
        for item in items
        if item.job.revision.reissue_of in by_file
        and revision_label(by_file[item.job.revision.reissue_of].document)
        == revision_label(item.document)
    }
    for item in items:
        if item.job.revision.file in replaced:
            continue
        where = str(item.job.path)
        version = check_version(revision_label(item.document), where)
        vendor = (item.document.document.vendor or "").strip().casefold()
        if vendor in FIXTURE_VENDORS and not allow_fixtures:
            raise PublishRefusedError(
                f"{where}: a test fixture document; never published (for a local trial: "
                "--allow-fixtures)"
            )
        if not allow_invalid:
            _refuse_invalid(item, where)
        if version.casefold() in seen:
            raise PublishRefusedError(
                f"{where}: version {version} is also {seen[version.casefold()]}"
            )
        seen[version.casefold()] = where
        ordered.append(PublishedRevision(version, item))
    return sorted(ordered, key=lambda revision: version_key(revision.version))


def example_data(items: Sequence[Extracted]) -> str | None:
    """Why a source's revisions are test-fixture data (every hostname and address, over
    all its revisions, reserved for examples and documentation), or None."""
    docs = [item.document for item in items]
    records: list[Rule | HostList] = [r for doc in docs for r in doc.rules]
    records += [h for doc in docs for h in doc.host_lists]
    hosts = [h for record in records for h in record.hosts]
    addresses = [a for record in records for a in record.addresses]
    addresses += [a for doc in docs for entry in doc.history for a in entry.retired_addresses]
    return example_data_reason(hosts, addresses)


def fixture_source(meta: SourceMeta, items: Sequence[Extracted]) -> bool:
    """Test fixtures by the metadata, the documents' vendor or the data itself."""
    vendors = {(item.document.document.vendor or "").strip().casefold() for item in items}
    return is_fixture(meta) or bool(vendors & FIXTURE_VENDORS) or example_data(items) is not None


def refuse_example_data(meta: SourceMeta, items: Sequence[Extracted]) -> None:
    """A source whose every hostname and address, over all its revisions, is reserved
    for examples and documentation is the test corpus, whatever its vendor is called."""
    reason = example_data(items)
    if reason is not None:
        raise PublishRefusedError(
            f"{meta.id}: test fixture data, never published: {reason}. Nothing was "
            "published; remove the folder from the sources (or give it the vendor's real "
            "document), or for a local trial publish with --allow-fixtures"
        )


# --- stage 4: the tree, in memory -----------------------------------------------------


def revision_files(
    meta: SourceMeta, version: str, doc: Document, diff: Diff | None
) -> dict[str, bytes]:
    """The files of ``<source>/<version>/`` by name."""
    csvs = {"rules": rules_csv(doc), "flows": flows_csv(doc)}
    package = datapackage(f"{meta.id}-{version}".lower(), f"{meta.display_name} {version}", csvs)
    files = {
        "document.json": model_json(doc),
        "rules.csv": csvs["rules"],
        "flows.csv": csvs["flows"],
        "hosts.txt": hosts_txt(doc),
        "ipv4.txt": addresses_txt(doc, 4),
        "ipv6.txt": addresses_txt(doc, 6),
        "datapackage.json": canonical_json(package.model_dump(mode="json")),
    }
    ports = port_lists(doc)
    files |= {f"ports/{name}": data for name, data in ports.items()}
    files["ports/index.json"] = canonical_json(ports_index(doc, ports).model_dump(mode="json"))
    if diff is not None:
        files["diff.json"] = canonical_json(diff.model_dump(mode="json"))
    return files


def file_hashes(files: dict[str, bytes]) -> dict[str, str]:
    """sha256 of each file, by its path."""
    return {name: sha256_hex(data) for name, data in sorted(files.items())}


def _index_version(
    meta: SourceMeta, revision: PublishedRevision, doc: Document, files: dict[str, bytes]
) -> IndexVersion:
    job = revision.extracted.job
    counts = issue_counts(doc)
    return IndexVersion(
        version=revision.version,
        date=doc.document.date,
        origin=job.revision.origin,
        note=job.revision.note,
        file=job.revision.file,
        sha256=job.sha256,
        document_sha256=sha256_hex(files["document.json"]),
        data_sha256=data_sha256(doc),
        rules=len(doc.rules),
        host_lists=len(doc.host_lists),
        hosts=count_hosts(doc),
        addresses=count_addresses(doc),
        valid=doc.valid,
        errors=counts.errors,
        warnings=counts.warnings,
        not_placed=counts.not_placed,
        path=f"{meta.id}/{revision.version}/",
        files=file_hashes(files),
    )


def _source_files(
    meta: SourceMeta, revisions: Sequence[PublishedRevision]
) -> tuple[dict[str, bytes], IndexSource]:
    fixture = fixture_source(meta, [revision.extracted for revision in revisions])
    files: dict[str, bytes] = {}
    versions, entries, feed, diffs = [], [], [], []
    previous: Document | None = None
    latest: dict[str, bytes] = {}
    # Rules keep the ids of the rules they continue (renames included): see lineage.
    documents = follow_lineage([revision.document for revision in revisions])
    for revision, doc in zip(revisions, documents, strict=True):
        diff = diff_documents(previous, doc) if previous else None
        if diff is not None and previous is not None:
            # A revision printing no version is named by its date (``revision_label``).
            diff = diff.model_copy(
                update={"from_": revision_label(previous), "to": revision_label(doc)}
            )
        latest = revision_files(meta, revision.version, doc, diff)
        files |= {f"{meta.id}/{revision.version}/{name}": data for name, data in latest.items()}
        versions.append(_index_version(meta, revision, doc, latest))
        job = revision.extracted.job
        entries.append(
            ChangelogEntry(revision.version, doc, diff, job.revision.file, job.revision.origin)
        )
        feed.append(FeedEntry(revision.version, doc, diff))
        diffs.append((revision.version, doc, diff or diff_documents(Document(), doc)))
        previous = doc
    # Static hosting has no symlinks: latest/ is a plain copy.
    files |= {f"{meta.id}/latest/{name}": data for name, data in latest.items()}
    files[f"{meta.id}/CHANGELOG.md"] = changelog(meta.display_name, entries)
    files[f"{meta.id}/changes.json"] = canonical_json(
        changes(meta.id, diffs).model_dump(mode="json")
    )
    files[f"{meta.id}/feed.atom"] = atom_feed(meta.id, meta.display_name, meta.vendor, feed)
    own = {
        name: files[f"{meta.id}/{name}"] for name in ("CHANGELOG.md", "changes.json", "feed.atom")
    }
    index = IndexSource(
        id=meta.id,
        vendor=meta.vendor,
        product=meta.product,
        title=meta.title,
        family=meta.family,
        homepage=meta.homepage,
        fixture=fixture,
        latest=revisions[-1].version,
        versions=versions,
        files=file_hashes(own),
    )
    return files, index


Published = Sequence[tuple[SourceMeta, Sequence[PublishedRevision]]]


def _bounded_source_files(
    published: Published, limits: Limits, workers: int
) -> Iterator[tuple[dict[str, bytes], IndexSource]]:
    """``_source_files`` of each source in a bounded worker process (diffs, lineage and
    files of a source's every revision): ``limits.seconds`` per revision and
    ``limits.max_memory_bytes``, as an extraction has."""
    calls = (
        (
            meta.id,
            functools.partial(_source_files, meta, revisions),
            Bounds(
                limits.seconds * max(1, len(revisions)),
                limits.max_memory_bytes,
                f"{meta.id}: its release files",
            ),
        )
        for meta, revisions in published
    )
    done: dict[str, tuple[dict[str, bytes], IndexSource]] = {}
    with contextlib.closing(run_many(calls, workers)) as results:  # closing kills the rest
        for source_id, result in results:
            done[source_id] = result()
    for meta, _revisions in published:
        yield done[meta.id]


def build_tree(
    published: Published, limits: Limits | None = None, workers: int = 1
) -> dict[str, bytes]:
    """Every output file, ``{relative posix path: bytes}``: a pure function. With
    ``limits``, each source's files are built in a bounded worker process (its diffs
    included: two revisions of a hostile size stop at the time or memory limit)."""
    files: dict[str, bytes] = {}
    index_sources = []
    ordered = sorted(published, key=lambda item: item[0].id)
    built = (
        _bounded_source_files(ordered, limits, workers)
        if limits is not None
        else (_source_files(meta, revisions) for meta, revisions in ordered)
    )
    for source_files, index_source in built:
        files |= source_files
        index_sources.append(index_source)
    shipped = published_schemas()
    files |= shipped
    index = Index(sources=index_sources, schemas=schema_paths(), files=file_hashes(shipped))
    files["index.json"] = canonical_json(index.model_dump(mode="json"))
    files[MARKER] = MARKER_TEXT
    return files


# --- the whole run ------------------------------------------------------------------


def _previous_versions(previous: dict[str, bytes]) -> dict[str, list[str]]:
    try:
        index = Index.model_validate_json(previous.get("index.json", b""))
    except ValueError:
        return {}
    return {source.id: [v.version for v in source.versions] for source in index.sources}


def _summaries(
    published: Published,
    files: dict[str, bytes],
    previous: dict[str, bytes],
) -> list[SourceSummary]:
    before = _previous_versions(previous)
    summaries = []
    for meta, revisions in published:
        prefix = f"{meta.id}/"
        mine = {k: v for k, v in files.items() if k.startswith(prefix)}
        if mine == {k: v for k, v in previous.items() if k.startswith(prefix)}:
            continue
        versions = [revision.version for revision in revisions]
        doc = revisions[-1].document
        # The newest revision's diff, as built (not computed again here, unbounded).
        latest_diff = files.get(f"{meta.id}/{versions[-1]}/diff.json")
        diff = Diff.model_validate_json(latest_diff) if latest_diff is not None else None
        summaries.append(
            SourceSummary(
                id=meta.id,
                latest=versions[-1],
                versions=versions,
                new_versions=[v for v in versions if v not in before.get(meta.id, [])],
                removed_versions=[v for v in before.get(meta.id, []) if v not in versions],
                rules=len(doc.rules),
                host_lists=len(doc.host_lists),
                hosts=count_hosts(doc),
                addresses=count_addresses(doc),
                latest_changes=diff_summary(diff) if diff else "first revision",
            )
        )
    return summaries


def publish(
    sources: Path,
    output: Path,
    *,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    allow_invalid: bool = False,
    cache_dir: Path | None = None,
    allow_example_data: bool = False,
    allow_fixtures: bool = False,
    limits: Limits | None = None,
) -> PublishReport:
    """Publish every source under ``sources`` into ``output``; see the module docstring.

    ``extractor`` defaults to ``pipeline.extract.extract_document`` (which reads each
    file in a bounded worker process, under ``limits``); ``jobs`` > 1 runs that many
    bounded workers at once, at most one per usable core (more would only share the
    cores, and each worker's time limit is wall time; None or 1: one at a time). When
    an ``add`` changes the sources between their reading and the swap, the publish
    reads them again (``MAX_ATTEMPTS`` times at most): it never swaps in a tree older
    than what another publish may have written meanwhile. A source whose hosts and
    addresses are all example names and documentation ranges is refused (test fixtures)
    unless ``allow_example_data`` (for tests and benchmarks of publishing itself);
    ``allow_fixtures`` publishes every kind of fixture source (a local trial), each
    marked ``"fixture": true`` in ``index.json``.
    Raises ``PublishRefusedError`` or ``UnusableInputError`` with nothing written.
    """
    for _attempt in range(MAX_ATTEMPTS):
        try:
            return _publish_once(
                sources,
                output,
                extractor=extractor,
                progress=progress,
                workers=min(jobs or 1, usable_cores()),
                allow_invalid=allow_invalid,
                cache_dir=cache_dir,
                allow_example_data=allow_example_data,
                allow_fixtures=allow_fixtures,
                limits=limits,
            )
        except SourcesChanged:
            (progress or print_nothing)(f"{sources} changed while publishing: reading it again")
    raise PublishRefusedError(
        f"{sources}: changed during each of {MAX_ATTEMPTS} attempts to publish it; "
        "nothing was written (run again when the registrations are done)"
    )


# How often a publish reads the sources again when an add changed them meanwhile.
MAX_ATTEMPTS = 5


class SourcesChanged(Exception):
    """The sources changed between being read and the swap (an ``add`` came in)."""


def usable_cores() -> int:
    """The cores this process may run on: more workers than that only share them, and
    each worker's time limit is wall time."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _publish_once(
    sources: Path,
    output: Path,
    *,
    extractor: Extractor | None,
    progress: Progress | None,
    workers: int,
    allow_invalid: bool,
    cache_dir: Path | None,
    allow_example_data: bool,
    allow_fixtures: bool,
    limits: Limits | None,
) -> PublishReport:
    """One publish of what ``sources`` holds now; ``SourcesChanged`` when it changed
    before the swap."""
    state = sources_state(sources)

    def still_current() -> None:
        if sources_state(sources) != state:
            raise SourcesChanged(str(sources))

    # The limits decide only whether a file is refused, never what a document says:
    # the cache key is the extractor's alone.
    extract: Extractor
    if extractor is None:
        loaded = default_extractor()
        extract = loaded
        run = functools.partial(loaded, limits=limits) if limits is not None else loaded
    else:
        extract = run = extractor
    found = discover_sources(sources, allow_fixtures)
    folder = real_output(output)  # a symlink: its target is published into, not replaced
    unlisted = [path for src, meta in found for path in unlisted_pdfs(src, meta)]
    for path in unlisted:
        (progress or print_nothing)(
            f"warning: {path}: not listed in source.json, not published; register it with "
            f"`portdoc add {path.parent} {path.name} --origin vendor|reconstruction`"
        )
    previous = read_tree(folder)  # refuses a foreign folder before any work is done
    cache = DocumentCache(cache_dir or cache_beside(output))
    all_jobs = revision_jobs(found, extract)
    extracted = extract_revisions(
        all_jobs, run, cache, workers=workers, progress=progress, limits=limits
    )
    by_source = [(meta, [e for e in extracted if e.job.source is meta]) for _, meta in found]
    if not (allow_example_data or allow_fixtures):
        for meta, items in by_source:
            refuse_example_data(meta, items)
    published = [
        (meta, order_revisions(items, allow_invalid, allow_fixtures)) for meta, items in by_source
    ]
    files = build_tree(published, limits, workers)
    written = files != previous
    if written:
        # An identical tree was validated when it was published: only new bytes are checked.
        validate_tree(files)
        write_and_swap(files, folder, still_current)
    latest = [revisions[-1].document for _, revisions in published]
    return PublishReport(
        sources=len(published),
        revisions=len(extracted),
        rules=sum(len(doc.rules) for doc in latest),
        hosts=sum(count_hosts(doc) for doc in latest),
        addresses=sum(count_addresses(doc) for doc in latest),
        extracted=sum(not e.cached for e in extracted),
        cached=sum(e.cached for e in extracted),
        written=written,
        changed=_summaries(published, files, previous),
        removed_sources=sorted(_previous_versions(previous).keys() - {m.id for m, _ in published}),
        unlisted_pdfs=[str(path) for path in unlisted],
        not_clean=[
            f"{meta.id} {revision.version}: {issue_counts(revision.document).text()}"
            for meta, revisions in published
            for revision in revisions
            if not issue_counts(revision.document).clean
        ],
    )

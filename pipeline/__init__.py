"""portdoc: vendor "Connection Ports and Protocols" PDFs in, validated firewall data out.

Data flows one way, and the stage packages show it: ``pdf`` (PDF -> page model, under
limits) -> ``layout`` (blocks and tables) -> ``families`` (document-family parsers) ->
``model`` (the ``Document``) with ``values`` (normalisers, vocabulary) beside them; the
verbs ``extract`` and ``diff``; ``release`` (publish a versioned output tree); ``review``
and ``cli`` on top.

The library surface, for a script::

    import pipeline
    old = pipeline.load("output/acme/1.0/document.json")
    new = pipeline.extract_document("sources/acme/acme-1.1.pdf")
    print(pipeline.diff_text(pipeline.diff_documents(old, new)))
    pipeline.publish(Path("sources"), Path("output"))

Names are imported when first used, so ``import pipeline`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> (module, attribute)
_EXPORTS: dict[str, tuple[str, str]] = {
    "extract_document": ("pipeline.extract", "extract_document"),
    "diff_documents": ("pipeline.diff", "diff_documents"),
    "diff_text": ("pipeline.diff", "diff_text"),
    "load": ("pipeline.document_json", "load_document"),
    "publish": ("pipeline.release.publish", "publish"),
    "PublishReport": ("pipeline.release.publish", "PublishReport"),
    "Limits": ("pipeline.pdf.pdfmodel", "Limits"),
    "Diff": ("pipeline.diff", "Diff"),
    "Document": ("pipeline.model.models", "Document"),
    "DocumentInfo": ("pipeline.model.models", "DocumentInfo"),
    "Rule": ("pipeline.model.models", "Rule"),
    "HostList": ("pipeline.model.models", "HostList"),
    "HistoryEntry": ("pipeline.model.models", "HistoryEntry"),
    "Issue": ("pipeline.model.models", "Issue"),
    "PortdocError": ("pipeline.model.errors", "PortdocError"),
    "UnusableInputError": ("pipeline.model.errors", "UnusableInputError"),
    "PublishRefusedError": ("pipeline.model.errors", "PublishRefusedError"),
}

__all__ = [
    "Diff",
    "Document",
    "DocumentInfo",
    "HistoryEntry",
    "HostList",
    "Issue",
    "Limits",
    "PortdocError",
    "PublishRefusedError",
    "PublishReport",
    "Rule",
    "UnusableInputError",
    "__version__",
    "diff_documents",
    "diff_text",
    "extract_document",
    "load",
    "publish",
]

if TYPE_CHECKING:
    from pipeline.diff import Diff, diff_documents, diff_text
    from pipeline.document_json import load_document as load
    from pipeline.extract import extract_document
    from pipeline.model.errors import PortdocError, PublishRefusedError, UnusableInputError
    from pipeline.model.models import Document, DocumentInfo, HistoryEntry, HostList, Issue, Rule
    from pipeline.pdf.pdfmodel import Limits
    from pipeline.release.publish import PublishReport, publish


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))

"""One exception root for program-level failures.

Problems *in a document's data* are never raised: they become ``Issue`` records.
"""


class PortdocError(Exception):
    """Root of every error portdoc raises on purpose. ``exit_code`` is the CLI's."""

    exit_code = 2


class UnusableInputError(PortdocError):
    """The file cannot be used at all: not a PDF, encrypted, no text, too big, ..."""

    exit_code = 2


class UnknownFamilyError(UnusableInputError):
    """A readable PDF, but not a document family portdoc knows how to parse."""


class LimitExceededError(UnusableInputError):
    """The file is over a size, page, inflation or time limit."""


class PublishRefusedError(PortdocError):
    """Publishing was refused (unsafe version, invalid output); nothing was written."""

    exit_code = 1

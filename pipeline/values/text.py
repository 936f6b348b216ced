"""Characters a reader cannot see: control characters and invisible format characters.

Text goes on from a PDF, a source.json or the command line into terminals, CSVs,
firewall lists, CHANGELOG.md, feed.atom and the review. A character that prints
nothing there (ESC, BEL, a right-to-left override, a zero-width space, a byte-order
mark, a lone surrogate) can make the text say other than what it shows (the "Trojan
source" trick) or break the file. Where text is read from a PDF, controls and the
bidirectional characters (``BIDI``, which reorder what a reader sees) are dropped
(``pipeline.pdf.words``); zero-width characters stay, so that a value cell holding one
is an issue, not a silent value (``pipeline.values.normalize``), and are left out of
the text files written (``visible``: CSV, CHANGELOG, Atom, diff text). Metadata holding
any of them is refused, document JSON holding a control, bidirectional character or
lone surrogate likewise (``hidden_character``); an error message shows them escaped
(``escaped``).
"""

from __future__ import annotations

import unicodedata

# Invisible format characters (Unicode category Cf) that change how text around them
# reads or hide inside a word: bidirectional marks, embeddings, overrides and isolates,
# zero-width spaces and joiners, word joiner and invisible operators, the byte-order
# mark. The soft hyphen (also Cf) is left alone: it is printed as a hyphen at a break.
BIDI = frozenset(
    [
        "\u061c",  # ARABIC LETTER MARK
        "\u200e",  # LEFT-TO-RIGHT MARK
        "\u200f",  # RIGHT-TO-LEFT MARK
        *map(chr, range(0x202A, 0x202F)),  # LRE, RLE, PDF, LRO, RLO
        *map(chr, range(0x2066, 0x206A)),  # LRI, RLI, FSI, PDI
    ]
)
ZERO_WIDTH = frozenset(
    [
        "\u180e",  # MONGOLIAN VOWEL SEPARATOR
        *map(chr, range(0x200B, 0x200E)),  # ZERO WIDTH SPACE, NON-JOINER, JOINER
        *map(chr, range(0x2060, 0x2065)),  # WORD JOINER .. INVISIBLE PLUS
        "\ufeff",  # ZERO WIDTH NO-BREAK SPACE (byte-order mark)
    ]
)
INVISIBLE = BIDI | ZERO_WIDTH


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0


def _is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def hidden_character(
    text: str, allow: str = "", invisible: frozenset[str] = INVISIBLE
) -> str | None:
    """The first control, ``invisible`` format or lone surrogate character in ``text``
    (not counting those in ``allow``), named (``U+202E RIGHT-TO-LEFT OVERRIDE``), or
    None."""
    if text.isprintable() and text.isascii():
        return None
    for char in text:
        if char in allow:
            continue
        if _is_control(char) or char in invisible or _is_surrogate(char):
            name = unicodedata.name(char, "control" if _is_control(char) else "surrogate")
            return f"U+{ord(char):04X} {name}"
    return None


def escaped(text: str) -> str:
    """``text`` for one line of a terminal: control, invisible format and surrogate
    characters written as ``\\n``, ``\\x1b``, ``\\u202e`` (a file name with a line
    break or an escape sequence in it can't forge lines or colours)."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if _is_control(char) or char in INVISIBLE or _is_surrogate(char):
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def visible(text: str) -> str:
    """``text`` without invisible format characters and lone surrogates (controls are
    the caller's: some outputs keep line breaks)."""
    if text.isprintable():
        return text
    return "".join(c for c in text if c not in INVISIBLE and not _is_surrogate(c))

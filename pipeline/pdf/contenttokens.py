"""Content-stream tokens read in one regular-expression step: pdfminer's tokens, faster.

pdfminer reads a content stream a character class at a time (``PSBaseParser``: a
state machine of ``_parse_*`` methods, several Python calls per token); on a text-heavy
page that is a third of all the reading. ``token_reader`` reads the common tokens with
one match of ``TOKEN`` instead: numbers, names, operators, ``true``/``false``, strings
with neither an escape nor nested parentheses, even-length hex strings, ``<<``, ``>>``
and the one-character tokens. It gives exactly the ``(position, token)`` pdfminer's
``nexttoken`` would, and gives up (``None``: the caller asks pdfminer) on everything
else, and wherever the answer could depend on what follows in the next buffer or
stream: a token must end inside the buffer in hand. ``tests/test_content_tokens.py``
holds the two readers equal on random streams and on every shared PDF. ``reading_fast``
hands on the tokens outside arrays, dictionaries and inline images as objects directly,
as pdfminer's ``nextobject`` would after pushing and flushing each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# The token at the parser's position after pdfminer's whitespace (bytes ``\s``). Each
# group is one kind; the character after the token is looked at (not consumed) where
# pdfminer would read on to find the token's end. Possessive repeats (``*+``): a name
# cut by the buffer's end must not match as a shorter name.
TOKEN = re.compile(
    rb"[ \t\n\r\f\v]*+(?:"
    rb"(?P<int>[-+]?[0-9]++)(?=[^0-9.])"
    rb"|(?P<float>[-+]?[0-9]*+\.[0-9]*+)(?=[^0-9])"
    rb"|/(?P<name>[^#/%\[\]()<>{}\s]*+)(?=[^#])"
    rb"|(?P<keyword>[A-Za-z][^#/%\[\]()<>{}\s]*+)(?=[#/%\[\]()<>{}\s])"
    rb"|\((?P<string>[^()\\]*)\)"
    rb"|(?P<dict><<|>>)"
    rb"|<(?P<hex>(?:[0-9a-fA-F]{2})*)>(?=[^>])"
    rb"|(?P<char>[^\s%/\-+0-9.A-Za-z(<>\x00])"
    rb")"
)
# Index of each kind's group in a match (``lastindex``), for a dispatch without names.
_INT, _FLOAT, _NAME, _KEYWORD, _STRING, _DICT, _HEX, _CHAR = (
    TOKEN.groupindex[k]
    for k in ("int", "float", "name", "keyword", "string", "dict", "hex", "char")
)
# Kinds whose group starts after an opening character that is part of the token.
_OPENED = frozenset((_NAME, _STRING, _HEX))


def token_reader(longest_string: int) -> Callable[[Any], tuple[int, Any] | None]:
    """``read(parser)``: the parser's next token read by ``TOKEN``, its position moved
    past it; ``None`` (nothing moved) where pdfminer must read it. ``parser`` is
    pdfminer's ``PDFContentParser`` between tokens. Strings longer than
    ``longest_string`` bytes are left to pdfminer too (pdfguard counts them as glyphs
    there)."""
    from pdfminer.psparser import KWD, LIT

    match_at = TOKEN.match

    def read(parser: Any) -> tuple[int, Any] | None:
        match = match_at(parser.buf, parser.charpos)
        if match is None:
            return None
        kind = match.lastindex
        if kind is None:  # whitespace alone, up to the buffer's end
            return None
        text = match.group(kind)
        token: Any
        if kind == _KEYWORD:
            token = True if text == b"true" else False if text == b"false" else KWD(text)
        elif kind == _INT:
            token = int(text)
        elif kind == _NAME:
            try:
                token = LIT(str(text, "utf-8"))
            except UnicodeDecodeError:
                token = LIT(text)
        elif kind == _FLOAT:
            try:
                token = float(text)
            except ValueError:  # "." or "-.": pdfminer drops it; leave that to pdfminer
                return None
        elif kind == _STRING:
            if len(text) > longest_string:
                return None
            token = text
        elif kind == _HEX:
            if len(text) > 2 * longest_string:
                return None
            token = bytes.fromhex(text.decode("ascii"))
        else:  # _DICT, _CHAR: an operator-like keyword
            token = KWD(text)
        parser.charpos = match.end()
        return parser.bufpos + match.start(kind) - (kind in _OPENED), token

    return read


def reading_fast(parser_class: type[Any], longest_string: int) -> type[Any]:
    """``parser_class`` (pdfminer's ``PDFContentParser``) with the common tokens read by
    ``token_reader`` between tokens, and pdfminer's own reader for the rest.

    Objects too: outside any array, dictionary, procedure or inline image, pdfminer's
    ``nextobject`` gives each token as it comes (an operand pushed, then flushed as the
    one result), so the token is the object; only the tokens that open or close one of
    those, and the inline image's ``BI``/``ID``, go back to pdfminer to assemble."""
    from pdfminer.psparser import KWD, PSBaseParser, PSKeyword

    between_tokens = PSBaseParser._parse_main
    read_token = token_reader(longest_string)
    assembled = frozenset(KWD(k) for k in (b"[", b"]", b"<<", b">>", b"{", b"}", b"BI", b"ID"))

    class FastParser(parser_class):  # type: ignore[misc,valid-type]
        def nexttoken(self) -> Any:
            if not self._tokens and not self.eof and self._parse1.__func__ is between_tokens:
                token = read_token(self)
                if token is not None:
                    return token
            return super().nexttoken()

        def nextobject(self) -> Any:
            if self.results or self.context or self.curstack:
                return super().nextobject()
            token = self.nexttoken()
            if type(token[1]) is PSKeyword and token[1] in assembled:
                self._tokens.insert(0, token)  # pdfminer reads it next, first
                return super().nextobject()
            return token

    return FastParser

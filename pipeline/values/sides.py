"""Which side of a connection a row's words put a value on, as pure functions of text.

A row that names a host outside a source/destination column says its side, if at
all, in its own words: "SNMP polling from the monitoring server 192.0.2.20" (source),
"logs to 192.0.2.5" (destination), "between a.example.net and b.example.net" (both).
"updates from a.example.net" says where data comes from, not who connects
(``vocabulary.PULL_WORDS``): no side. A lead-in above a list says the list's side by
the preposition before its pointer ("from the gateway to these hostnames") or by
saying the list is reached ("must be reachable on TCP 443").
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.values import vocabulary as vocab

_PUNCT = "()[]{}<>\"'`‘’“”,;:.!?"
_PULL = "pull"  # a state: a preposition that gives no side


def _word(text: str) -> str:
    return text.strip(_PUNCT).casefold()


def _ends_sentence(text: str) -> bool:
    return text.endswith((".", ";", "!", "?")) and not text.endswith("..")


def word_sides(words: Sequence[str], values: Sequence[bool]) -> list[str | None]:
    """For each word (as printed), the side the words before it give a value there:
    ``source``, ``destination``, ``both`` or None. ``values[i]`` says word i is a
    value (a hostname or address): values and list glue keep the side for the next
    value ("to a.example.net and b.example.net"); a sentence's end forgets it.

    >>> word_sides("polling from the server 192.0.2.20".split(), [0, 0, 0, 0, 1])[-1]
    'source'
    >>> word_sides("updates from a.example.net".split(), [0, 0, 1])[-1] is None
    True
    """
    state: str | None = None
    previous = ""
    out: list[str | None] = []
    for text, is_value in zip(words, values, strict=True):
        word = _word(text)
        if not is_value and word in vocab.SIDE_WORDS:
            pulled = word == "from" and previous in vocab.PULL_WORDS
            state = _PULL if pulled else vocab.SIDE_WORDS[word]
        out.append(state if state != _PULL else None)
        if not is_value:
            previous = word
            if _ends_sentence(text):
                state = None
    return out


def scope_side(text: str) -> str | None:
    """The side a lead-in gives the list below it: the side its preposition gives the
    word pointing at the list ("from the gateway to these hostnames" -> destination,
    "from the following networks" -> source), else destination where it says the list
    is reached ("must be reachable", "accessed by the product"); None otherwise.

    >>> scope_side("Allow HTTPS (TCP 443) from the gateway to these hostnames:")
    'destination'
    >>> scope_side("The following ranges must be reachable on TCP 443") is None
    False
    >>> scope_side("Allow the following networks for tenants in Europe:") is None
    True
    """
    words = text.split()
    sides = word_sides(words, [False] * len(words))
    for word, side in zip(words, sides, strict=True):
        if _word(word) in vocab.LIST_POINTERS and side is not None:
            return side
    folded = " ".join(text.casefold().split())
    if any(phrase in folded for phrase in vocab.REACHED_PHRASES):
        return "destination"
    return None


def direction_side(direction: str | None) -> str | None:
    """The side a row's printed direction puts the peer it names on: inbound, the peer
    opens the connection (source); outbound, the peer is connected to (destination)."""
    return {"in": "source", "out": "destination", "both": "both"}.get(direction or "")

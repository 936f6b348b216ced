"""Host and address columns: every token meant as a value is a value or an issue.

A line of a hostname or address column that reads as a list (values, list glue and
tokens shaped like a name or an address: no sentence) has nothing in it to keep
silently as notes. A token there that is meant as a hostname (a dotted name) but is
none becomes an issue as printed (issue 20, item 11): ``=cmd.example.net``,
``(cmd.example.net)``, ``cmd..example.net``, ``_srv.example.net``, ``host.example.c0m``,
``user@example.net``, ``*.*.example.net``, ``cmd-.example.net``, ``%63md.example.net``
are errors; a name whose only fault is a top-level label no registry knows
(``AzureFrontDoor.Frontend``, a service tag) is a warning; a template
(``autodiscover.<tenant>.onmicrosoft.com``) is information: kept in the notes as
printed, no host taken. A token meant as an address (``1.2.3``) is a ``bad-address``.
"""

from __future__ import annotations

import re

from pipeline.families.tables import make_issue, token_box
from pipeline.layout import cells as cl
from pipeline.model.models import HostList, Issue, Rule
from pipeline.values import normalize as nz
from pipeline.values import vocabulary as vocab

_DOTTED_NUMBERS = re.compile(r"[0-9]+(?:\.[0-9]+){2,}")
_SENTENCE_END = ".,;:"


# A hostname's characters from the start of a token: what follows them, if anything but
# closing punctuation, is not part of any name.
_NAME_START = re.compile(r"[a-z0-9*][a-z0-9.-]*", re.I | re.ASCII)
_AROUND = "()[]{}<>\"'`‘’“”,;:.!?"


def broken_hostname(text: str) -> str | None:
    """Why a token in a hostname column is a hostname with more run into it
    (``evil.com/../../etc``, ``update.example.com;rm``), or None: prose words and
    names in brackets or quotes are not (they stay notes, as printed)."""
    word = text.strip(_AROUND).removesuffix("'s").removesuffix("’s")
    start = _NAME_START.match(word)
    name = start[0].rstrip(".-") if start else ""
    if not name or name == word or "." not in name or not nz.is_hostname(name):
        return None
    return (
        f"{text!r} in a hostname column is not a hostname ({name!r} followed by "
        f"{word[len(name) :]!r}): no destination taken from it, kept as printed"
    )


def meant_address(text: str) -> bool:
    """Dotted numbers that are no version in an address column: ``1.2.3``."""
    return bool(_DOTTED_NUMBERS.fullmatch(text.strip().rstrip(_SENTENCE_END)))


def meant_hostname(text: str) -> bool:
    """A token shaped like a dotted name, valid or not: two or more labels holding a
    letter or digit, the last of two characters or more; abbreviations (``e.g.``, every
    label one letter), file names (``setup.exe``) and dotted numbers are not."""
    core = text.strip().rstrip(_SENTENCE_END)
    if "." not in core or any(c.isspace() for c in core):
        return False
    labels = [lab for lab in re.split(r"\.+", core) if lab]
    if len(labels) < 2 or not all(any(c.isalnum() or c == "*" for c in lab) for lab in labels):
        return False
    last = labels[-1].strip("()[]{}<>\"'`‘’“”")
    if len(last) < 2 or all(len(lab) == 1 for lab in labels):
        return False
    return last.lower() not in vocab.FILE_EXTENSIONS and not core.replace(".", "").isdigit()


def template_issue(tok: cl.Token) -> Issue | None:
    """An ``info`` issue for a hostname with a placeholder to fill in
    ("autodiscover.<tenant>.example.com"), or None when the token is none."""
    text = cl.strip_punct(tok.text)
    if cl.PLACEHOLDER.search(text) and nz.is_hostname(cl.PLACEHOLDER.sub("x", text)):
        return make_issue(
            "template-hostname",
            "info",
            f"{text!r} is a template, not a hostname: kept in the notes as printed, "
            "left out of the host lists",
            token_box(tok),
            tok.text,
        )
    return None


def _hostname_issue(tok: cl.Token) -> Issue:
    text = cl.strip_punct(tok.text)
    box = token_box(tok)
    if (template := template_issue(tok)) is not None:
        return template
    try:
        nz.hostname(text)
    except nz.InvalidValue as e:
        why = str(e)
    else:  # valid once trimmed, but printed with more around it
        why = f"{tok.text!r} holds a hostname with more printed around it"
    labels = text.lower().split(".")
    service_tag = (
        len(labels) > 1
        and labels[-1].isalpha()
        and not nz.is_tld(labels[-1])
        and nz.is_hostname(".".join([*labels[:-1], "com"]))
    )
    if service_tag:
        return make_issue(
            "unknown-tld",
            "warning",
            f"{text!r} in a hostname column is not a hostname: {labels[-1]!r} is no "
            "top-level domain (a service tag?); kept in the notes as printed",
            box,
            tok.text,
        )
    return make_issue(
        "bad-hostname",
        "error",
        f"{tok.text!r} in a hostname column is not a hostname ({why}): no destination "
        "taken from it, kept as printed",
        box,
        tok.text,
    )


def list_line_issues(line: cl.LogicalLine, roles: set[str]) -> list[Issue]:
    """Issues for the tokens of a host or address cell's line that are meant as values
    and are none, when the line reads as a list (no sentence around them)."""
    kinds = [cl.classify(tok.text) for tok in line.tokens]
    host, address = "host" in roles, "address" in roles
    meant = [
        kind == "word"
        and ((host and meant_hostname(tok.text)) or (address and meant_address(tok.text)))
        for tok, kind in zip(line.tokens, kinds, strict=True)
    ]
    listed = all(
        m or kind in cl.VALUE_CLASSES or kind in ("connector", "bullet")
        for m, kind in zip(meant, kinds, strict=True)
    )
    if not listed:
        return []
    issues = []
    for tok, m in zip(line.tokens, meant, strict=True):
        if not m:
            continue
        if address and meant_address(tok.text):
            why = f"{cl.strip_punct(tok.text)!r} is not a valid IP address (too few parts)"
            issues.append(make_issue("bad-address", "error", why, token_box(tok), tok.text))
        else:
            issues.append(_hostname_issue(tok))
    return issues


def lookalike_issues(rules: list[Rule], host_lists: list[HostList]) -> list[Issue]:
    """A warning for each hostname (once) with a label that mixes scripts: accepted as
    the IDNA name it is, but ``сmd.example.net`` with a Cyrillic с looks like another."""
    issues: list[Issue] = []
    seen: set[str] = set()
    evidences = [e for rule in rules for e in rule.evidence]
    evidences += [e for host_list in host_lists for e in host_list.evidence]
    for evidence in evidences:
        host = evidence.value
        if evidence.field != "hosts" or host in seen or "xn--" not in host:
            continue
        seen.add(host)
        if mixed := nz.mixed_scripts(host):
            issues.append(
                make_issue(
                    "mixed-script-hostname",
                    "warning",
                    f"hostname {host!r} mixes scripts in {', '.join(map(repr, mixed))}: "
                    "it may be a look-alike of another name",
                    evidence.box,
                    evidence.text,
                )
            )
    return issues

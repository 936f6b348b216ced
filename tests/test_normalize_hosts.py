"""Hostnames against the Public Suffix List and IDNA 2008, address ranges, and the
shapes of addresses that are none (issue 20 items 11-12, issue 16 item 9)."""

from __future__ import annotations

import contextlib
import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import normalize as n
from pipeline.values.normalize import InvalidValue


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*cdn.onenote.net", "*cdn.onenote.net"),  # a wildcard glued to its label
        ("*.cdn.example.net", "*.cdn.example.net"),
        ("a.co.uk", "a.co.uk"),
        ("mail.corp.local", "mail.corp.local"),  # special-use top-level names
        ("db.internal", "db.internal"),
        ("\u0441md.vendorcloud.net", "xn--md-nmc.vendorcloud.net"),  # valid, look-alike
    ],
)
def test_hostname_accepts(text: str, expected: str) -> None:
    assert n.hostname(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("AzureFrontDoor.Frontend", "not a valid TLD"),  # a service tag
        ("cmd.vendorcloud.c0m", "not a valid TLD"),
        ("host.example.notatld", "not a valid TLD"),
        ("*.*.vendorcloud.net", "label '\\*'"),
        ("cdn*.example.net", "label 'cdn\\*'"),
        ("cmd-.vendorcloud.net", "label 'cmd-'"),
        ("%63md.vendorcloud.net", "label '%63md'"),
        ("user@cmd.vendorcloud.net", "label 'user@cmd'"),
    ],
)
def test_hostname_refuses(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        n.hostname(text)


def test_mixed_scripts_are_named_by_label() -> None:
    assert n.mixed_scripts("xn--md-nmc.vendorcloud.net") == ["\u0441md"]
    assert n.mixed_scripts("\u0441md.vendorcloud.net") == ["\u0441md"]
    assert n.mixed_scripts("xn--e1afmkfd.xn--p1ai") == []  # all Cyrillic
    assert n.mixed_scripts("xn--bcher-kva.example") == []  # all Latin
    assert n.mixed_scripts("xn--zz.example") == []  # undecodable: not this check's


@pytest.mark.parametrize(
    "text", ["0x7f.0.0.1", "0x7f.1", "fe80::1%eth0", "192.0.2.1\u200b", "\ufeff2001:db8::1"]
)
def test_shapes_of_addresses_that_are_none(text: str) -> None:
    assert n.looks_like_address(text)
    with pytest.raises(InvalidValue):
        n.address(text)


@pytest.mark.parametrize("text", ["1.2.3", "v1.2.3.4", "10:30:15", "2.12.1"])
def test_versions_and_times_are_no_address_attempts(text: str) -> None:
    assert not n.looks_like_address(text)


def test_a_range_is_the_networks_that_cover_it() -> None:
    assert n.address_range("192.0.2.9 – 192.0.2.20") == [
        "192.0.2.9/32",
        "192.0.2.10/31",
        "192.0.2.12/30",
        "192.0.2.16/30",
        "192.0.2.20/32",
    ]
    assert n.addresses("192.0.2.0/24") == ["192.0.2.0/24"]
    for bad, message in [
        ("192.0.2.20-192.0.2.9", "reversed"),
        ("192.0.2.1-2001:db8::1", "mixes"),
        ("192.0.2.0/24-192.0.2.255", "not a range"),
        ("192.0.2.1-192.0.2.300", "> 255"),
    ]:
        with pytest.raises(InvalidValue, match=message):
            n.address_range(bad)


@given(st.ip_addresses(v=4), st.ip_addresses(v=4))
def test_a_range_covers_exactly_its_addresses(
    a: ipaddress.IPv4Address, b: ipaddress.IPv4Address
) -> None:
    first, last = min(a, b), max(a, b)
    networks = [ipaddress.ip_network(t) for t in n.address_range(f"{first}-{last}")]
    assert networks[0].network_address == first and networks[-1].broadcast_address == last
    assert sum(net.num_addresses for net in networks) == int(last) - int(first) + 1
    assert len(networks) <= 62


@given(st.text())
def test_only_invalid_value_escapes(text: str) -> None:
    for fn in (n.address_range, n.addresses, n.mixed_scripts, n.is_tld):
        with contextlib.suppress(InvalidValue):
            fn(text)


def test_a_top_level_label_known_only_through_its_second_level_rules_is_a_tld() -> None:
    # The Public Suffix List lists 'co.za', 'org.za'... but no rule 'za' of its own.
    assert n.hostname("www.example.co.za") == "www.example.co.za"

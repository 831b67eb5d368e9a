"""URL canonicalisation and the address guard helpers."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.urls import AllowList, address_refusal, canonicalize, is_public_address, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Example.COM:80/a/../b/./c.html#top", "http://www.example.com/b/c.html"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://ex.de/n?utm_source=tw&utm_medium=social&id=7", "https://ex.de/n?id=7"),
        ("https://ex.de/n?fbclid=abc&gclid=1&b=2&a=1", "https://ex.de/n?a=1&b=2"),
        ("https://ex.de/n?WT.mc_id=x&CMP=share_btn", "https://ex.de/n"),
        ("https://ex.de/artikel?amp=1", "https://ex.de/artikel"),
        ("https://ex.de/artikel?outputType=amp", "https://ex.de/artikel"),
        ("https://ex.de/%7euser/%2f?q=%e4", "https://ex.de/~user/%2F?q=%E4"),
        ("https://ex.de/straße nord", "https://ex.de/stra%C3%9Fe%20nord"),
        ("  https://ex.de/x  ", "https://ex.de/x"),
        ("https://Example.com./x", "https://example.com/x"),
        ("http://[0:0:0:0:0:0:0:1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_canonical_forms(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


@pytest.mark.parametrize(
    "hopeless", ["", "   ", "not a url", "javascript:alert(1)", "http://[::1", "http://x:99999/"]
)
def test_hopeless_input_comes_back_stripped(hopeless: str) -> None:
    assert canonicalize(hopeless) == hopeless.strip()


def test_meaningful_query_and_case_of_path_are_kept() -> None:
    assert canonicalize("https://ex.de/Artikel/ABC?page=2") == "https://ex.de/Artikel/ABC?page=2"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_canonicalize_never_raises_and_is_idempotent_on_any_text(text: str) -> None:
    once = canonicalize(text)
    assert canonicalize(once) == once


_urls = st.builds(
    lambda scheme, host, port, path, query, frag: f"{scheme}://{host}{port}{path}{query}{frag}",
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}\.){1,3}[A-Za-z]{2,5}", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(st.text(min_size=0, max_size=8), max_size=4).map(lambda p: "/" + "/".join(p)),
    st.lists(
        st.tuples(
            st.sampled_from(["utm_source", "id", "q", "fbclid", "Page", "a b"]), st.text(max_size=5)
        ),
        max_size=4,
    ).map(lambda kv: ("?" + "&".join(f"{k}={v}" for k, v in kv)) if kv else ""),
    st.sampled_from(["", "#x", "#"]),
)


@settings(max_examples=400, deadline=None)
@given(_urls)
def test_canonicalize_is_idempotent_on_urls(url: str) -> None:
    once = canonicalize(url)
    assert canonicalize(once) == once
    parts = urlsplit(once)
    keys = {pair.split("=", 1)[0] for pair in parts.query.split("&")}
    assert not parts.fragment and not keys & {"utm_source", "fbclid"}


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "2002:7f00:1::1",
     "224.0.0.1", "240.0.0.1"],
)  # fmt: skip
def test_private_and_special_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))
    assert address_refusal(ipaddress.ip_address(address), AllowList()) == str(
        ipaddress.ip_address(address)
    )


def test_public_addresses_pass_and_allow_list_matches_networks_and_hosts() -> None:
    assert is_public_address(ipaddress.ip_address("93.184.216.34"))
    assert is_public_address(ipaddress.ip_address("2606:2800:220:1::1"))
    allow = AllowList.parse(["10.0.0.0/8", "127.0.0.1", "intranet.local", ".corp.example"])
    assert address_refusal(ipaddress.ip_address("10.9.8.7"), allow) is None
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), allow) is None
    assert address_refusal(ipaddress.ip_address("127.0.0.2"), allow) == "127.0.0.2"
    assert allow.allows_host("INTRANET.local") and allow.allows_host("news.corp.example")
    assert not allow.allows_host("corp.example.evil")


def test_same_site_ignores_www() -> None:
    assert same_site("https://www.ex.de/a", "http://ex.de/b")
    assert not same_site("https://ex.de/a", "https://other.de/a")

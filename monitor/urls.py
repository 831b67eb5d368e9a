"""URL identity and safety: canonical form of article URLs and the private-address guard."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

# Query parameters that only say where a click came from; two URLs differing in them are one
# article. Matched case-insensitively on the decoded key.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "cmp", "cmpid",
        "ocid", "xtor", "ito", "at_medium", "at_campaign", "at_custom1", "at_custom2",
        "at_custom3", "at_custom4", "wt_mc", "wt.mc_id", "wt.mc_ev", "ns_mchannel", "ns_source",
        "ns_campaign", "ns_linkname", "ns_fee", "__twitter_impression", "s_cid", "spm",
        "guccounter", "guce_referrer", "guce_referrer_sig", "share", "smid", "ga_source",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
# `?amp`, `?amp=1`, `?outputType=amp` select the AMP rendering of the same article
_AMP_PARAMS = {("amp", ""), ("amp", "1"), ("amp", "true"), ("outputtype", "amp")}

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
# characters allowed to stay literal in a path or query (RFC 3986 pchar plus '/', '?' and '%')
_SAFE_PATH = frozenset(_UNRESERVED | set("!$&'()*+,;=:@/%"))
_SAFE_QUERY = _SAFE_PATH | {"?"}


def _normalise_escapes(part: str, safe: frozenset[str]) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    part = _PCT.sub(fix, part)
    out = []
    for char in part:
        if char in safe:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    trailing = "/" if segments[-1] in (".", "..") else ""
    return "/" + "/".join(output) + trailing


def _is_tracking(key: str) -> bool:
    k = unquote(key).lower()
    return k in TRACKING_PARAMS or k.startswith(TRACKING_PREFIXES)


def _clean_query(query: str) -> str:
    kept = []
    for part in query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        if _is_tracking(key) or (unquote(key).lower(), unquote(value).lower()) in _AMP_PARAMS:
            continue
        kept.append(_normalise_escapes(part, _SAFE_QUERY))
    kept.sort()
    return "&".join(kept)


def canonicalize(url: str) -> str:
    """The identity of an article URL: same article, same string. Idempotent; never raises.

    Lower-cases scheme and host, drops default ports, empty userinfo, fragments, tracking and
    AMP query parameters, resolves dot segments, normalises percent-escapes and sorts the
    query. Only http(s) URLs are rewritten; anything else comes back stripped.
    """
    try:
        return _canonicalize(url)
    except Exception:  # hostile input must not stop a run; the stripped string is its identity
        return url.strip() if isinstance(url, str) else ""


def _canonicalize(url: str) -> str:
    text = url.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return text
    host = (parts.hostname or "").rstrip(".")
    if not host or any(c.isspace() for c in host):
        return text
    if ":" in host:  # IPv6 literal
        host = f"[{ipaddress.ip_address(host.split('%')[0]).compressed}]"
    port = parts.port  # raises on a bad port: caught by canonicalize
    netloc = host
    if port is not None and str(port) != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    if parts.username:
        userinfo = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{userinfo}@{netloc}"
    path = _remove_dot_segments(_normalise_escapes(parts.path or "/", _SAFE_PATH))
    if not path.startswith("/"):
        path = "/" + path
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def same_site(a: str, b: str) -> bool:
    """True when two URLs belong to one site (host equal up to a leading ``www.``)."""
    return site_host(a) == site_host(b) != ""


def site_host(url: str) -> str:
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def absolute(base: str, link: str) -> str | None:
    """``link`` resolved against ``base`` when the result is an http(s) URL, else None."""
    try:
        joined = urljoin(base, link.strip())
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return joined


# ------------------------------------------------------------------------------ address guard

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_public_address(address: IPAddress) -> bool:
    """True for addresses on the public internet; false for private, loopback, link-local
    (including the 169.254.169.254 metadata service), CGNAT, multicast and reserved ones."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public_address(mapped)
        if address.teredo is not None:
            return is_public_address(address.teredo[1])
    return bool(
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
    )


@dataclass(frozen=True)
class AllowList:
    """Hosts and networks the guard lets through although they are not public.

    Entries are IP networks (``10.0.0.0/8``, ``127.0.0.1``), exact host names
    (``intranet.local``) or domain suffixes (``.corp.example``).
    """

    networks: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        networks: list[IPNetwork] = []
        hosts: set[str] = set()
        suffixes: list[str] = []
        for raw in entries:
            entry = raw.strip().strip("[]").lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if entry.startswith("."):
                suffixes.append(entry)
            else:
                hosts.add(entry.rstrip("."))
        return cls(tuple(networks), frozenset(hosts), tuple(suffixes))

    def allows_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host in self.hosts or any(host.endswith(s) for s in self.suffixes)

    def allows_address(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


def parse_ip(host: str) -> IPAddress | None:
    """The address when ``host`` is an IP literal (brackets and zone ids allowed), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


def address_refusal(address: IPAddress, allow: AllowList) -> str | None:
    """Why we refuse to connect to ``address``; None when it is fine."""
    if allow.allows_address(address) or is_public_address(address):
        return None
    return str(address)

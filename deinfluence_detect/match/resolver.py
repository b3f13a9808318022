"""Optional: follow the HTTP redirects of shortened links to see where they lead. OFF by default.

The library never touches the network unless you pass a resolver: ``Detector(resolver=LinkResolver())``. Each
hop is requested with HEAD (GET when HEAD is refused), redirects are read from the ``Location`` header and not
followed automatically, with a hop limit, a per-request timeout and a cache. Every URL of the chain is then
classified by the url rules, so ``bit.ly/x`` that lands on ``amazon.com/...?tag=`` becomes an affiliate link.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from typing import Callable, Optional
from urllib.parse import urljoin, urlsplit


def public_http_url(url: str) -> bool:
    """Default `follow` policy: http(s) to a public address only (never loopback, private, link-local or
    reserved ranges such as 169.254.169.254), so a caption cannot steer the resolver into an internal network."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname
    if host == "localhost" or host.endswith(".localhost") or host.endswith(".local"):
        return False
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError, OSError):
        return False
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if not addr.is_global:
            return False
    return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401 - urllib API
        return None  # we read Location ourselves, one hop at a time


class LinkResolver:
    """Follows redirects of links that `should_resolve` accepts (by default: the shorteners of the packs)."""

    def __init__(self, *, max_hops: int = 5, timeout: float = 3.0, cache_size: int = 10_000,
                 should_resolve: Optional[Callable[[str], bool]] = None,
                 follow: Optional[Callable[[str], bool]] = None, user_agent: str = "deinfluence-detect",
                 budget_s: float = 10.0, max_links: int = 20):
        """`follow(url)` decides which hosts may be contacted (default: public addresses only); `budget_s` and
        `max_links` bound the time and the number of links resolved for one text."""
        self.max_hops = max_hops
        self.timeout = timeout
        self.should_resolve = should_resolve
        self.follow = follow or public_http_url
        self.budget_s = budget_s
        self.max_links = max_links
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._headers = {"User-Agent": user_agent}
        self._cache: OrderedDict[str, list[str]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def chain(self, url: str) -> list[str]:
        """The redirect chain after `url` (not including it); empty when nothing redirects or on any error."""
        with self._lock:
            if url in self._cache:
                self._cache.move_to_end(url)
                return self._cache[url]
        hops: list[str] = []
        current = url if "://" in url[:10] else "http://" + url
        if not self.follow(current):
            return hops
        for _ in range(self.max_hops):
            nxt = self._location(current)
            if not nxt or nxt in hops or nxt == current:
                break
            hops.append(nxt)
            if not self.follow(nxt):
                break  # record where it leads, but do not contact that host
            current = nxt
        with self._lock:
            self._cache[url] = hops
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return hops

    def chains(self, urls: list[str]) -> dict[str, list[str]]:
        """Chains for several links of one text, within `max_links` and the time budget (the rest: unresolved)."""
        out: dict[str, list[str]] = {}
        deadline = time.monotonic() + self.budget_s
        for url in urls[: self.max_links]:
            if time.monotonic() > deadline:
                break
            out[url] = self.chain(url)
        return out

    def _location(self, url: str) -> Optional[str]:
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        for method in ("HEAD", "GET"):
            req = urllib.request.Request(url, method=method, headers=self._headers)
            try:
                with self._opener.open(req, timeout=self.timeout):
                    return None  # 2xx: no redirect
            except urllib.error.HTTPError as exc:
                if 300 <= exc.code < 400 and exc.headers.get("Location"):
                    return urljoin(url, exc.headers["Location"])
                if exc.code == 405 and method == "HEAD":
                    continue
                return None
            except (urllib.error.URLError, OSError, ValueError):
                return None
        return None

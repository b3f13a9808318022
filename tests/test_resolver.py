"""The optional resolver follows redirects over HTTP; tested only against a server on 127.0.0.1."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import deinfluence_detect as dd
from deinfluence_detect.match.resolver import LinkResolver


class _Shortener(BaseHTTPRequestHandler):
    routes = {"/hop": "/to-amazon", "/to-amazon": "https://www.amazon.com/dp/B0?tag=maya-20", "/plain": None}

    def _answer(self):
        target = self.routes.get(self.path.split("?")[0])
        if target:
            self.send_response(301)
            self.send_header("Location", target)
        else:
            self.send_response(200)
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = HTTPServer(("127.0.0.1", 0), _Shortener)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _resolver(base: str) -> LinkResolver:
    local = lambda url: url.startswith(base)  # noqa: E731 - never contact anything but the test server
    return LinkResolver(should_resolve=local, follow=local, timeout=2.0, max_hops=4)


def test_chain_follows_local_redirects_and_stops_before_leaving(server):
    res = _resolver(server)
    assert res.chain(server + "/hop") == [server + "/to-amazon", "https://www.amazon.com/dp/B0?tag=maya-20"]
    assert res.chain(server + "/plain") == []
    assert res.chain("http://127.0.0.1:9/closed") == []  # refused: no crash, no hop


def test_detector_with_resolver_classifies_the_destination(server):
    text = f"My tripod: {server}/hop"
    plain = dd.Detector().analyze(text)
    assert not plain.commercial
    rep = dd.Detector(resolver=_resolver(server)).analyze(text)
    sig = next(s for s in rep.signals if s.kind == "affiliate_link")
    assert sig.value.endswith("tag=maya-20") and rep.commercial
    assert "undisclosed_material_connection" in {f.category for f in rep.findings}


def test_resolver_is_off_by_default():
    assert dd.Detector().matcher.resolver is None


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data", "http://localhost:8080/x",
                                 "http://127.0.0.1/x", "http://10.0.0.1/x", "http://[::1]/x", "ftp://example.com/x"])
def test_default_policy_never_contacts_internal_addresses(url):
    from deinfluence_detect.match.resolver import public_http_url
    assert not public_http_url(url)
    assert LinkResolver().chain(url) == []


def test_time_budget_and_link_cap(server):
    res = LinkResolver(should_resolve=lambda u: True, follow=lambda u: u.startswith(server), max_links=2)
    chains = res.chains([server + "/hop", server + "/plain", server + "/to-amazon"])
    assert list(chains) == [server + "/hop", server + "/plain"]

"""`kbgen feedback serve`: the endpoint on waitress, sized for readers rather than for a benchmark.

- Connections: waitress accepts 100 by default and keeps an idle one for two minutes, so a
  hundred idle keep-alive connections (or a slow client holding sockets open) lock everyone
  out. An idle connection costs only a file descriptor here (threads serve requests, not
  connections), so more are accepted and idle ones are closed sooner.
- Behind a reverse proxy every request comes from the proxy's address, so every reader would
  share one rate limit. `trusted_proxies` names the proxies whose X-Forwarded-* headers are
  believed (waitress' own proxy-header handling, one peer at a time); from anyone else those
  headers are removed before the application sees them.
"""
from __future__ import annotations

import ipaddress
from typing import Callable, Iterable

import waitress
from waitress.proxy_headers import proxy_headers_middleware

CONNECTION_LIMIT = 500
IDLE_TIMEOUT = 30  # seconds an idle connection is kept (waitress: 120)
THREADS = 8
PROXY_HEADERS = {"x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"}


def check_proxy(address: str) -> str:
    """An address as REMOTE_ADDR shows it; ValueError when it is not an IP address."""
    return str(ipaddress.ip_address(address.strip()))


def behind_proxies(app: Callable, trusted_proxies: Iterable[str]) -> Callable:
    """`app` with the forwarded client address (and scheme, host) taken from the trusted proxies only."""
    trusted = {address: proxy_headers_middleware(app, trusted_proxy=address, trusted_proxy_count=1,
                                                 trusted_proxy_headers=PROXY_HEADERS, clear_untrusted=True)
               for address in trusted_proxies}
    untrusted = proxy_headers_middleware(app, trusted_proxy=None, clear_untrusted=True)

    def dispatch(environ, start_response):
        return trusted.get(environ.get("REMOTE_ADDR", ""), untrusted)(environ, start_response)

    return dispatch


def create_server(app: Callable, host: str, port: int, trusted_proxies: Iterable[str] = ()):
    """A waitress server bound to (host, port); OSError when the address cannot be bound."""
    return waitress.create_server(behind_proxies(app, trusted_proxies), host=host, port=port, threads=THREADS,
                                  connection_limit=CONNECTION_LIMIT, channel_timeout=IDLE_TIMEOUT, ident="kbgen",
                                  # behind_proxies clears untrusted headers itself; waitress' own pass,
                                  # outside it, would clear the trusted proxies' headers too
                                  clear_untrusted_proxy_headers=False)

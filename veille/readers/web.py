"""Fetching article and feed URLs with trafilatura's downloader, with a clear reason on failure.

Without a network the host name does not resolve, and the error says so ("no network?") rather
than a bare "download failed". Non-public addresses are refused unless the fetcher is built with
``allow_private=True`` (trafilatura's protection against server-side request forgery).
"""

from __future__ import annotations

import socket
import urllib.parse
from configparser import ConfigParser
from dataclasses import dataclass

from ..errors import FetchError

__all__ = ["Fetched", "Fetcher", "is_url"]


def is_url(text: str) -> bool:
    parts = urllib.parse.urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text.strip()


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class Fetcher:
    """Downloads one URL at a time; ``allow_private`` lets it reach loopback and LAN hosts."""

    allow_private: bool = False
    timeout: int = 30

    def _config(self) -> ConfigParser:
        from trafilatura.settings import use_config

        config = use_config()
        config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(self.timeout))
        config.set("DEFAULT", "SSRF_PROTECTION", "off" if self.allow_private else "on")
        return config

    def fetch(self, url: str) -> Fetched:
        from trafilatura.downloads import fetch_response

        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        try:
            socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError) as exc:
            reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
            raise FetchError(url, f"cannot resolve {host} (no network?): {reason}") from exc
        response = fetch_response(url, decode=False, with_headers=True, config=self._config())
        if response is None:
            raise FetchError(url, "download failed (no answer, refused or blocked address)")
        if response.status != 200:
            raise FetchError(url, f"HTTP status {response.status}")
        if not response.data:
            raise FetchError(url, "empty answer")
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        return Fetched(response.url or url, bytes(response.data), headers.get("content-type"))

"""Exact-key purge requests to nginx's purge server (ROSTRA_PURGE_URL).

One request per URL: ``PURGE /path?query`` with the page's host name in
``Host``, which is the cache key nginx stores pages under
(``$host$request_uri``, deploy/nginx/rostra.conf.template). nginx answers 200
when it dropped a copy and 404 when it had none. Requests to one purge server
share a kept-alive connection. A failure is logged, never raised: publishing
must not fail because the cache is down (its copies then expire on their own
after ROSTRA_PAGE_CACHE_SECONDS).
"""

import http.client
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger("rostra.cache_purge")
TIMEOUT = 3


@dataclass
class Outcome:
    purged: int = 0  # nginx had a copy and dropped it
    not_cached: int = 0  # nginx had none
    failed: list = field(default_factory=list)  # (url, reason)


def endpoints():
    return list(getattr(settings, "ROSTRA_PURGE_URLS", []))


def is_enabled():
    return bool(endpoints())


def purge(urls):
    """Purge each URL from every configured nginx; returns an Outcome."""
    outcome = Outcome()
    urls = sorted(set(urls))
    for endpoint in endpoints():
        if urls:
            _purge_at(endpoint, urls, outcome)
    return outcome


def _purge_at(endpoint, urls, outcome):
    server = urlsplit(endpoint)
    connection_class = (
        http.client.HTTPSConnection if server.scheme == "https" else http.client.HTTPConnection
    )
    connection = None
    done = 0
    try:
        for url in urls:
            target = urlsplit(url)
            path = (target.path or "/") + (f"?{target.query}" if target.query else "")
            for attempt in (1, 2):
                if connection is None:
                    connection = connection_class(server.hostname, server.port, timeout=TIMEOUT)
                try:
                    connection.request("PURGE", path, headers={"Host": target.hostname})
                    response = connection.getresponse()
                    response.read()
                    break
                except (http.client.HTTPException, OSError):
                    # The server closed a kept-alive connection: one fresh try.
                    connection.close()
                    connection = None
                    if attempt == 2:
                        raise
            if response.status == 200:
                outcome.purged += 1
            elif response.status == 404:
                outcome.not_cached += 1
            else:
                outcome.failed.append((url, f"HTTP {response.status}"))
                logger.warning("Purge of %s at %s: HTTP %s", url, endpoint, response.status)
            done += 1
    except (http.client.HTTPException, OSError) as error:
        outcome.failed += [(url, str(error)) for url in urls[done:]]
        logger.error("Cannot reach the cache purge server %s: %s", endpoint, error)
    finally:
        if connection is not None:
            connection.close()

"""Every site's root path, kept in each process between requests.

Wagtail builds a page's URL from the list of every site's root path, which it
keeps in the shared cache. Each request fetched and unpickled that list again,
577 entries on a network of 577 candidate sites, and each link scanned it. Here
the list and an index of it by root path stay in the process, checked on each
request against a small token in the shared cache; any change to a site or a
page replaces the token (signal_handlers), so every process fetches the list
again on its next request."""

from typing import NamedTuple

from wagtail.models import Site

from rostra import generations

GENERATION_KEY = "rostra:site-root-paths-generation"


class _Indexed(NamedTuple):
    token: str | None
    paths: list  # Wagtail's SiteRootPath list, in its order
    by_path: dict  # root path -> [(position in paths, SiteRootPath)]
    slash_ended: bool  # every root path ends with "/": the prefix lookup can answer
    sites: int  # how many sites (a site has a root path per language)


_memo = _Indexed(None, [], {}, True, 0)


def _token():
    return generations.current(GENERATION_KEY)


def changed():
    """Sites or their root pages may have changed: every process must fetch again."""
    generations.replace(GENERATION_KEY)


def _indexed(token, paths):
    by_path = {}
    for position, root in enumerate(paths):
        by_path.setdefault(root.root_path, []).append((position, root))
    slash_ended = all(root.root_path.endswith("/") for root in paths)
    return _Indexed(token, paths, by_path, slash_ended, len({root.site_id for root in paths}))


def _current(token=None):
    global _memo
    token = token or _token()
    memo = _memo
    if token is None or memo.token != token:
        memo = _indexed(token, Site.get_site_root_paths())
        if token is not None:
            _memo = memo
    return memo


def for_request(holder, token=None):
    """The list Wagtail keeps on a request (``_wagtail_cached_site_root_paths``):
    taken from the process's copy, once per request. ``token``: the generation
    token when the caller read it already (with others, in one round trip)."""
    try:
        return holder._wagtail_cached_site_root_paths
    except AttributeError:
        memo = _current(token)
        holder._wagtail_cached_site_root_paths = memo.paths
        holder._rostra_root_path_index = memo
        return memo.paths


def relevant(url_path, holder):
    """The root paths of the sites a page with this ``url_path`` is under, in
    Wagtail's order, found by the path's prefixes instead of a scan of every
    site's root path. None when the index cannot answer (a root path without a
    trailing slash): the caller then asks Wagtail."""
    memo = _index_of(holder)
    if not memo.slash_ended:
        return None
    by_path, found, end = memo.by_path, [], 0
    while end != -1:
        found.extend(by_path.get(url_path[: end + 1], ()))
        end = url_path.find("/", end + 1)
    found.sort(key=lambda item: item[0])
    return tuple(root for _position, root in found)


def site_count(holder):
    """How many sites there are, as Wagtail's ``Page.get_url`` counts them (the
    distinct sites of every root path) for each link to choose between a
    relative and a full URL: counted once with the process's copy."""
    return _index_of(holder).sites


def _index_of(holder):
    paths = for_request(holder)
    memo = getattr(holder, "_rostra_root_path_index", None)
    if memo is None or memo.paths is not paths:
        # Wagtail's own code put a list there first.
        memo = holder._rostra_root_path_index = _indexed(None, paths)
    return memo

"""Purging the shared page cache (nginx) the moment content changes.

nginx keeps public pages for ``ROSTRA_PAGE_CACHE_SECONDS`` (rostra.http_cache);
this app sends it exact-key purge requests (``ROSTRA_PURGE_URL``) so a change
is visible at once instead of when the copy expires. A published, unpublished,
moved or deleted page is purged from the web process as soon as its
transaction commits (the page, its old addresses, its parents); the rest of its
site (menus, links and news lists on other pages) is purged by a background
task. A settings change purges the whole site. See docs/deployment.md.
"""

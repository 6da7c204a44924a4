"""The name a site goes by in what people read.

Wagtail's ``str(site)`` adds " [default]" ("[défaut]") after the default
site's name, a flag for its Sites screen that is no part of the party's name:
timelines, ledgers, where a person's data came from and emails use this instead.
"""


def site_name(site):
    """The site's own name (its host name if it has none); "" for no site."""
    if site is None:
        return ""
    return site.site_name or site.hostname

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


def site_filter(**kwargs):
    """A listing filter on a site whose choices read as ``site_name`` does."""
    import django_filters
    from django import forms

    class SiteField(forms.ModelChoiceField):
        def label_from_instance(self, site):
            return site_name(site)

    class SiteFilter(django_filters.ModelChoiceFilter):
        field_class = SiteField

    return SiteFilter(**kwargs)

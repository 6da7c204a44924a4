"""What plugins expose to the API plugin (OSDI resources), without the API
plugin importing them nor them importing it.

A plugin registers a Wagtail hook named ``register_osdi_resources`` that returns
a list of ``Resource`` instances::

    @hooks.register(osdi.HOOK)
    def osdi_resources():
        return [PetitionResource()]

The API plugin serves each under ``/api/osdi/v1/<name>/``: a list (keyset
pagination on the primary key, ``modified_date`` filter) and one row, with the
key's scopes (read, write) checked for ``name``. Rows are always narrowed to
the key's site by ``queryset(site, user)``; ``user`` is the person the key acts
for (a candidate's key sees what the candidate's users see). A plugin's
resources are served for a site only while the plugin is switched on there.

``PageResource`` serves a plugin's live pages of one type (petitions,
fundraising pages, events); ``Resource.stamp`` writes the identifiers and
dates every OSDI row starts with.
"""

from abc import ABC, abstractmethod

from wagtail import hooks
from wagtail.models import Site

from rostra import plugins

HOOK = "register_osdi_resources"


class Resource(ABC):
    """What a plugin serves through the API: each resource says which rows a key
    may read and how one reads as OSDI."""

    #: URL segment, scope name and the key of ``_embedded`` ("osdi:<name>").
    name = ""
    #: What the admin shows beside the scope's tick boxes.
    title = ""
    #: The model field that OSDI's ``modified_date`` reads and filters.
    modified_field = "updated_at"
    #: The model field ``created_date`` reads (None: the rows have no dates,
    #: and the list takes no ``filter``).
    created_field = "created_at"
    #: Query parameters that narrow the list by equality on a foreign key:
    #: {parameter: field} (``?petition=12``: the signatures of one petition).
    filters = {}
    #: Served for a site only while the plugin that registers it is switched
    #: on there; False: for every site (the core's data the API plugin serves).
    follows_plugin = True

    @abstractmethod
    def queryset(self, site, user):
        """The rows a key of ``site`` acting for ``user`` may read."""

    @abstractmethod
    def represent(self, row, link):
        """The row as an OSDI JSON object, without ``_links`` (added by the API)."""

    def links(self, row, link):
        """Further ``_links`` of the row: {relation: {"href": url}}.
        ``link(resource_name, pk=None, **query)`` gives them: a row's, or a
        list's narrowed by ``filters``."""
        return {}

    def stamp(self, row):
        """What every OSDI row starts with: its identifier, and its
        ``created_date`` and ``modified_date`` read from ``created_field`` and
        ``modified_field`` (a field or an annotation of the queryset)."""
        stamped = {"identifiers": [f"rostra:{row.pk}"]}
        for key, field in (
            ("created_date", self.created_field),
            ("modified_date", self.modified_field),
        ):
            if field is not None:
                stamped[key] = date(getattr(row, field))
        return stamped


class PageResource(Resource):
    """A plugin's live pages of one type on the key's site: their title,
    public address and publication dates, then what ``describe`` adds."""

    #: The page model (a Wagtail Page subclass).
    model = None
    created_field = "first_published_at"
    modified_field = "last_published_at"

    def pages(self):
        """The pages before they are narrowed to the site (add select_related,
        annotations)."""
        return self.model.objects.live()

    def queryset(self, site, user):
        return pages_of(site, self.pages())

    def represent(self, row, link):
        return {
            **self.stamp(row),
            "title": row.title,
            "browser_url": row.full_url,
            **self.describe(row),
        }

    def describe(self, row):
        """The page type's own OSDI fields."""
        return {}


def date(value):
    """ISO 8601 in UTC with a Z, as OSDI writes dates (None stays None)."""
    return value.isoformat().replace("+00:00", "Z") if value else None


def pages_of(site, pages):
    """The pages of ``pages`` that belong to ``site``: under its root page, but
    not under the root of another site inside its tree (candidate sites live
    under the national home page)."""
    from django.db.models import Q

    root = site.root_page
    nested = (
        Site.objects.filter(root_page__path__startswith=root.path)
        .exclude(root_page__path=root.path)
        .values_list("root_page__path", flat=True)
    )
    pages = pages.filter(path__startswith=root.path)
    inside = Q()
    for path in nested:
        inside |= Q(path__startswith=path)
    return pages.exclude(inside) if inside else pages


def resources(site=None):
    """{name: Resource} of every plugin that registered the hook; with a site,
    only those served there (their plugin switched on, or not ``follows_plugin``)."""
    enabled = None if site is None else plugins.enabled_labels(site)
    found = {}
    for provide in hooks.get_hooks(HOOK):
        for resource in provide():
            if enabled is not None and resource.follows_plugin:
                plugin = plugins.plugin_of(type(resource))
                if plugin is not None and plugin.label not in enabled:
                    continue
            found[resource.name] = resource
    return found

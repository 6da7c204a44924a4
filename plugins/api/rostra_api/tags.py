"""People's tags and taggings as OSDI resources, served like the plugins'
(rostra.osdi): a key sees the tags and taggings of the people it may read."""

from django.utils.translation import gettext_lazy as _
from rostra import osdi
from rostra.people.models import TaggedPerson
from rostra.people.permissions import scoped_people
from taggit.models import Tag


def _people(user):
    return scoped_people(user).filter(erased_at__isnull=True)


class Tags(osdi.Resource):
    name = "tags"
    title = _("Tags of people")
    follows_plugin = False  # the core's people data, wherever the API serves
    created_field = modified_field = None  # taggit keeps no dates

    def queryset(self, site, user):
        used = TaggedPerson.objects.filter(content_object__in=_people(user)).values("tag_id")
        return Tag.objects.filter(pk__in=used)

    def represent(self, row, link):
        return {"identifiers": [f"rostra:{row.pk}"], "name": row.name}

    def links(self, row, link):
        return {"osdi:taggings": link("taggings", None, tag=row.pk)}


class Taggings(osdi.Resource):
    name = "taggings"
    title = _("Taggings (a tag on a person)")
    follows_plugin = False
    created_field = modified_field = None
    filters = {"tag": "tag", "person": "content_object"}

    def queryset(self, site, user):
        return TaggedPerson.objects.filter(content_object__in=_people(user))

    def represent(self, row, link):
        return {"identifiers": [f"rostra:{row.pk}"]}

    def links(self, row, link):
        return {
            "osdi:tag": link("tags", row.tag_id),
            "osdi:person": link("people", row.content_object_id),
        }


def resources():
    from rostra_api.lists import Lists

    return [Tags(), Taggings(), Lists()]

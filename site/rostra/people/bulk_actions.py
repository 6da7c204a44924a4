"""Bulk tag and untag from the people list.

A few statements whatever the number of people selected (taggit's
``tags.add`` is several queries per person): the people who already carry the
tag are read in one query, the others get it in one bulk insert.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from rostra.people.forms import BulkTagForm
from rostra.people.models import Person, TaggedPerson


class _TagAction(SnippetBulkAction):
    models = [Person]
    form_class = BulkTagForm
    template_name = "people/bulk_actions/confirm_tag.html"

    def check_perm(self, person):
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def get_execution_context(self):
        return {**super().get_execution_context(), "tag": self.cleaned_form.cleaned_data["tag"]}


class TagBulkAction(_TagAction):
    display_name = _("Tag")
    action_type = "tag"
    aria_label = _("Add a tag to the selected people")

    @classmethod
    def execute_action(cls, objects, tag=None, **kwargs):
        ids = {person.pk for person in objects}
        with transaction.atomic():
            tag_object, _created = Tag.objects.get_or_create(name=tag)
            already = set(
                TaggedPerson.objects.filter(tag=tag_object, content_object_id__in=ids).values_list(
                    "content_object_id", flat=True
                )
            )
            TaggedPerson.objects.bulk_create(
                [
                    TaggedPerson(content_object_id=person_id, tag=tag_object)
                    for person_id in sorted(ids - already)
                ],
                batch_size=5000,
            )
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d person tagged.", "%(count)d people tagged.", num_parent_objects
        ) % {"count": num_parent_objects}


class UntagBulkAction(_TagAction):
    display_name = _("Untag")
    action_type = "untag"
    aria_label = _("Remove a tag from the selected people")

    @classmethod
    def execute_action(cls, objects, tag=None, **kwargs):
        TaggedPerson.objects.filter(
            tag__name=tag, content_object_id__in=[person.pk for person in objects]
        ).delete()
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Tag removed from %(count)d person.",
            "Tag removed from %(count)d people.",
            num_parent_objects,
        ) % {"count": num_parent_objects}

"""Bulk tag and untag from the people list."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from rostra.people.forms import BulkTagForm
from rostra.people.models import Person


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
        for person in objects:
            person.tags.add(tag)
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
        for person in objects:
            person.tags.remove(tag)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Tag removed from %(count)d person.",
            "Tag removed from %(count)d people.",
            num_parent_objects,
        ) % {"count": num_parent_objects}

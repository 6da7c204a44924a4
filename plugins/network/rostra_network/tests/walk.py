"""The admin URLconf, flattened, with a filler that names candidate B's
objects for each URL parameter. A pattern it cannot fill is an error, so a new
admin view is walked as soon as it exists (or must be added to ALLOWED_UNFILLED
with a reason)."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

# Patterns the walk does not call, each with its reason.
ALLOWED_UNFILLED = {
    "wagtailadmin_password_reset_confirm": "public token link; names no object of a site",
    "wagtailadmin_error_test": "Wagtail's deliberate server error (tests the 500 page)",
    "wagtailadmin_logout": "ends the session the walk runs in",
}


def admin_patterns():
    """[(route, url name)] of every URL under /admin/."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((prefix + str(pattern.pattern), name or ""))

    walk(get_resolver().url_patterns, "", None)
    return [(route, name) for route, name in found if route.startswith("admin/")]


_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<regex_name>\w+)>[^)]*\)")


def params(route):
    return [m.group("name") or m.group("regex_name") for m in _PARAM.finditer(route)]


def build(route, values):
    """The path of a route with its parameters replaced."""

    def replace(match):
        return str(values[match.group("name") or match.group("regex_name")])

    path = _PARAM.sub(replace, route)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


class Unfillable(Exception):
    pass


def fill(route, name, objects):
    """The parameter values naming B's objects for this URL, as a list of dicts
    (several when the URL takes a model name: one per model)."""
    names = params(route)
    if not names:
        return [{}]
    namespace = name.split(":")[0]
    if name.startswith("wagtailsettings:"):
        # Every settings model: B's site for site settings, the row for generic ones.
        if "pk" in names:
            return [{"app_name": a, "model_name": m, "pk": pk} for a, m, pk in objects.settings]
        return [{"app_name": a, "model_name": m} for a, m, _pk in objects.settings]
    by_name = _by_name(objects)
    by_namespace = _by_namespace(objects)
    values = {}
    for param in names:
        key = (namespace, param)
        if key in by_namespace:
            values[param] = by_namespace[key]
        elif param in by_name:
            values[param] = by_name[param]
        else:
            raise Unfillable(f"{name} ({route}): no value for <{param}>")
    return [values]


def _by_name(o):
    return {
        "page_id": o.page.pk,
        "parent_page_id": o.page.pk,
        "page_to_move_id": o.page.pk,
        "destination_id": o.home_a.pk,
        "page_pk": o.page.pk,
        "revision_id": o.revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "image_id": o.image.pk,
        "document_id": o.document.pk,
        "doc_id": o.document.pk,
        "uploaded_file_id": o.uploaded_file.pk,
        "collection_id": o.collection.pk,
        "content_type_app_name": "pages",
        "content_type_model_name": "standardpage",
        "app_label": "wagtailcore",
        "model_name": "page",
        "app_name": "people",
        "action": "delete",
        "action_name": "publish",
        "task_state_id": o.task_state_id,
        "workflow_state_id": o.workflow_state_id,
        "task_id": o.task_id,
        "workflow_pk": o.workflow_id,
        "filter_spec": "original",
        "object_id": o.page.pk,
        "session_id": o.editing_session_id,
        "petition_id": o.petition.pk,
        "batch_id": o.paper_batch.pk,
        "kind": "csv",
        "redirect_id": o.redirect.pk,
        "uidb64": "x",
        "token": "x",
        "index": 0,
    }


def _by_namespace(o):
    return {
        ("wagtailadmin_api", "pk"): o.page.pk,
        ("wagtailadmin_pages", "pk"): o.page.pk,
        ("wagtailadmin_collections", "pk"): o.collection.pk,
        ("wagtailadmin_workflows", "pk"): o.workflow_id,
        ("people_import_job", "pk"): o.import_job.pk,
        ("people_export_json", "pk"): o.person.pk,
        ("people_export_html", "pk"): o.person.pk,
        ("people_erase", "pk"): o.person.pk,
        ("people_merge", "pk"): o.person.pk,
        ("people_reveal", "pk"): o.person.pk,
        ("donations_admin", "pk"): o.donation.pk,
        ("network_admin", "pk"): o.batch.pk,
        ("network_pushes", "pk"): o.push.pk,
        ("petitions_admin", "action"): "pause-signing",
        ("mailings", "pk"): o.mailing.pk,
        ("mailings_admin", "pk"): o.mailing.pk,
        ("mailings_admin", "action"): "cancel",
        ("mailings_automations", "pk"): o.automation.pk,
        ("sms_broadcasts", "pk"): o.sms.pk,
        ("sms_admin", "pk"): o.sms.pk,
        ("sms_admin", "action"): "cancel",
        ("sms_outbox", "pk"): o.sms_message.pk,
        ("api_keys", "pk"): o.api_key.pk,
        ("api_webhooks", "pk"): o.webhook.pk,
        ("api_webhook_log", "pk"): o.webhook.pk,
        ("wagtailsnippets_people_person", "pk"): o.person.pk,
        ("wagtailsnippetchoosers_people_person", "pk"): o.person.pk,
        ("wagtailsnippets_people_savedsegment", "pk"): o.segment.pk,
        ("wagtailsnippetchoosers_people_savedsegment", "pk"): o.segment.pk,
        ("wagtailsnippets_people_constituency", "pk"): o.constituency.pk,
        ("wagtailsnippetchoosers_people_constituency", "pk"): o.constituency.pk,
        ("petitions_signatures", "pk"): o.signature.pk,
        ("organising_volunteers", "pk"): o.volunteer.pk,
        ("organising_shifts", "pk"): o.shift.pk,
        # B's recruit, in B's commune's polling station (outside A's territory).
        ("organising_staffing", "pk"): o.recruit.pk,
        ("organising_staffing", "commune_code"): "59350",
        ("organising_staffing", "code"): "59350_0001",
        ("organising_staffing", "fmt"): "csv",
        # B's email (its attachment is index 0): A's team reads its own site's only.
        ("outbox_attachment", "pk"): o.outbox.pk,
        ("outbox", "pk"): o.outbox.pk,
        ("petitions_rules", "pk"): o.rule.pk,
        # B's local group (organising): its members and the message to them.
        ("organising_group_members", "pk"): o.local_group.pk,
        ("organising_group_message", "pk"): o.local_group.pk,
        ("organising_group_members_results", "pk"): o.local_group.pk,
        # An event a supporter proposed on B's site: B's team moderates it, A's does not.
        ("organising_proposal", "pk"): o.proposal.pk,
        ("organising_proposals", "pk"): o.proposal.pk,
        # Targeting keeps no object of B's site: ids that name nothing, and the
        # party-wide tables' first rows (the walk checks the candidate is refused).
        ("targeting_admin", "pk"): 999999,
        ("targeting_admin", "code"): "99999_0001",
        ("targeting_admin", "fmt"): "csv",
        ("targeting_blocs", "pk"): 1,
        ("targeting_nuances", "pk"): 1,
        ("targeting_elections", "pk"): 999999,
        ("targeting_strategies", "pk"): 999999,
        ("wagtailsites", "pk"): o.site.pk,
        ("wagtailusers_users", "pk"): o.user.pk,
        ("wagtailusers_groups", "pk"): o.group.pk,
        ("wagtaildocs_chooser", "pk"): o.document.pk,
        ("wagtailimages_chooser", "pk"): o.image.pk,
        ("wagtaillocales", "pk"): o.locale.pk,
        ("simple_translation", "pk"): o.person.pk,
        ("simple_translation", "app_label"): "people",
        ("simple_translation", "model_name"): "person",
        ("wagtailadmin_tag_model_autocomplete", "model_name"): "person",
        ("wagtailadmin_editing_sessions", "object_id"): o.page.pk,
        ("wagtailadmin_editing_sessions", "model_name"): "page",
    }

"""API keys in the admin: listed per site, made by users with the
``api.add_apikey`` permission, the token shown once, revoked from the edit
screen (a revoked key stops at its next call). Keys are never deleted: the
audit log keeps naming them."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from rostra import osdi, scoping
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from rostra_api import keys
from rostra_api.models import READ, WRITE, ApiKey


def resource_choices():
    """[(name, title)] of what a key may be scoped to: people, then each
    resource a plugin registered."""
    choices = [("people", _("People (and the signup helper)"))]
    choices += [(name, resource.title) for name, resource in sorted(osdi.resources().items())]
    return choices


def sites_for(user):
    allowed = scoping.site_ids_for(user)
    sites = Site.objects.order_by("site_name", "hostname")
    return sites if allowed is None else sites.filter(pk__in=allowed)


class ApiKeyForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        label=_("Revoke this key"),
        required=False,
        help_text=_("The key stops working at once. This cannot be undone."),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "site"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = for_user
        if self.instance.pk:
            del self.fields["site"]  # a key stays on the site it was made for
        else:
            del self.fields["revoke"]
            self.fields["site"].queryset = sites_for(for_user)
        for name, title in resource_choices():
            current = self.instance.scopes.get(name, [])
            self.fields[f"scope_{name}"] = forms.MultipleChoiceField(
                label=title,
                required=False,
                choices=[(READ, _("read")), (WRITE, _("write"))],
                widget=forms.CheckboxSelectMultiple,
                initial=current,
            )

    def clean(self):
        data = super().clean()
        scopes = {
            name: sorted(data.get(f"scope_{name}") or [])
            for name, _title in resource_choices()
            if data.get(f"scope_{name}")
        }
        if not scopes and not data.get("revoke"):
            raise forms.ValidationError(
                _("Tick at least one scope: what may this key read or write?")
            )
        self.instance.scopes = scopes
        return data

    def save(self, commit=True):
        key = super().save(commit=False)
        if key.pk is None:
            key.user = self.user
            self.token = keys.assign_secret(key)
        if commit:
            key.save()
            if self.cleaned_data.get("revoke"):
                keys.revoke(key, by=self.user)
        return key


class KeyPermissions(ModelPermissionPolicy):
    """Delete is refused (revoke instead); a user reaches the keys of the
    sites they may see only."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            sites_for(user).filter(pk=instance.site_id).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return (
            super()
            .instances_user_has_any_permission_for(user, actions)
            .filter(site__in=sites_for(user))
        )


class KeyFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class MakeKey(KeyFormMixin, generic.CreateView):
    def form_valid(self, form):
        self.form = form
        key = self.save_instance()
        log(key, "api.key_made", user=self.request.user)
        # The token, once: only its hash is kept.
        return render(
            self.request,
            "rostra_api/key_made.html",
            {"key": key, "token": form.token, "index_url": self.get_success_url()},
        )

    def save_instance(self):
        instance = self.form.save()
        return instance


class EditKey(KeyFormMixin, generic.EditView):
    pass


class KeyList(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(site__in=sites_for(self.request.user))


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    form_fields = ["name", "site"]
    icon = "key"
    menu_label = _("API keys")
    name = "api_keys"
    url_prefix = "api/keys"
    add_to_settings_menu = True
    list_display = [
        "name",
        "site",
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "last_used_ip",
        "revoked_at",
    ]
    list_filter = ["site"]
    copy_view_enabled = False
    inspect_view_enabled = False
    add_view_class = MakeKey
    edit_view_class = EditKey
    index_view_class = KeyList

    def get_form_class(self, for_update=False):
        return ApiKeyForm


keys_viewset = ApiKeyViewSet()

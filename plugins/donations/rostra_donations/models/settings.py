"""Per-site payment settings: each candidate's financial agent has their own
Stripe account and webhook secret, and the wording the law asks for."""

import os

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from rostra_donations import vault
from rostra_donations.models.gifts import RecipientKind

# shared/COMPLIANCE.md: the page that collects gifts must show who benefits, the
# financial agent (or financing association) with its date, and the law's text
# on who may give and the caps (art. 11-4 loi 88-227; L52-8 and L52-9).
FRENCH_WORDING_PARTY = (
    "Les dons sont recueillis par {agent}, {agent_designation} le {designation_date}, "
    "au profit de {beneficiary}.\n\n"
    "Loi n° 88-227 du 11 mars 1988, article 11-4 : une personne physique peut verser un "
    "don à un parti ou groupement politique si elle est de nationalité française ou si "
    "elle réside en France. Les dons consentis et les cotisations versées en qualité "
    "d'adhérent d'un ou de plusieurs partis politiques par une personne physique dûment "
    "identifiée à une ou plusieurs associations agréées en qualité d'association de "
    "financement ou à un ou plusieurs mandataires financiers d'un ou de plusieurs partis "
    "politiques ne peuvent annuellement excéder 7 500 euros. Les personnes morales, à "
    "l'exception des partis ou groupements politiques, ne peuvent contribuer au "
    "financement des partis ou groupements politiques, ni en consentant des dons, sous "
    "quelque forme que ce soit, à leurs associations de financement ou à leurs "
    "mandataires financiers, ni en leur fournissant des biens, services ou autres "
    "avantages directs ou indirects à des prix inférieurs à ceux qui sont habituellement "
    "pratiqués."
)
FRENCH_WORDING_CANDIDATE = (
    "Les dons sont recueillis par {agent}, {agent_designation} le {designation_date}, "
    "au profit de {beneficiary}. Le candidat ne peut recueillir de dons que par "
    "l'intermédiaire de ce mandataire.\n\n"
    "Code électoral, article L52-8 : une personne physique peut verser un don à un "
    "candidat si elle est de nationalité française ou si elle réside en France. Les dons "
    "consentis par une personne physique dûment identifiée pour le financement de la "
    "campagne d'un ou plusieurs candidats lors des mêmes élections ne peuvent excéder "
    "4 600 euros. Les personnes morales, à l'exception des partis ou groupements "
    "politiques, ne peuvent participer au financement de la campagne électorale d'un "
    "candidat, ni en lui consentant des dons sous quelque forme que ce soit, ni en lui "
    "fournissant des biens, services ou autres avantages directs ou indirects à des prix "
    "inférieurs à ceux qui sont habituellement pratiqués. Tout don de plus de 150 euros "
    "consenti à un candidat en vue de sa campagne doit être versé par chèque, virement, "
    "prélèvement automatique ou carte bancaire. Aucun candidat ne peut recevoir, "
    "directement ou indirectement, pour quelque dépense que ce soit, des contributions ou "
    "aides matérielles d'un État étranger ou d'une personne morale de droit étranger."
)


class PaymentSettingsForm(WagtailAdminModelForm):
    """Secrets are written, never shown back: a blank field keeps the stored value."""

    stripe_secret_key = forms.CharField(
        label=_("Stripe secret key"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave blank to keep the stored key. Stored encrypted."),
    )
    stripe_webhook_secret = forms.CharField(
        label=_("Stripe webhook signing secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Starts with whsec_. Leave blank to keep the stored secret."),
    )
    forget_stripe_secrets = forms.BooleanField(
        label=_("Remove the stored Stripe secrets"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from rostra_donations import jurisdictions

        if "jurisdiction" in self.fields:
            self.fields["jurisdiction"].widget = forms.Select(choices=jurisdictions.choices())

    def clean_jurisdiction(self):
        """Only rules the platform knows: an unknown code would silently apply
        the permissive default to every gift of the site."""
        from rostra_donations import jurisdictions

        code = self.cleaned_data["jurisdiction"].strip()
        known = jurisdictions.registry()
        if code not in known:
            raise ValidationError(
                _("Unknown rules “%(code)s”. Choose one of: %(known)s."),
                code="unknown_jurisdiction",
                params={"code": code, "known": ", ".join(sorted(known))},
            )
        return code

    def clean_stripe_secret_key(self):
        value = self.cleaned_data["stripe_secret_key"].strip()
        if value and not value.startswith(("sk_", "rk_")):
            raise ValidationError(_("A Stripe secret key starts with sk_ or rk_."))
        return value

    def clean_stripe_webhook_secret(self):
        value = self.cleaned_data["stripe_webhook_secret"].strip()
        if value and not value.startswith("whsec_"):
            raise ValidationError(_("A Stripe webhook secret starts with whsec_."))
        return value

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.cleaned_data.get("forget_stripe_secrets"):
            instance.stripe_secret_key_sealed = ""
            instance.stripe_webhook_secret_sealed = ""
        if self.cleaned_data.get("stripe_secret_key"):
            instance.stripe_secret_key_sealed = vault.seal(self.cleaned_data["stripe_secret_key"])
        if self.cleaned_data.get("stripe_webhook_secret"):
            instance.stripe_webhook_secret_sealed = vault.seal(
                self.cleaned_data["stripe_webhook_secret"]
            )
        if commit:
            instance.save()
        return instance


@register_setting(icon="doc-full-inverse")
class PaymentSettings(BaseSiteSetting):
    class AgentKind(models.TextChoices):
        AGENT = "agent", _("Financial agent (mandataire financier)")
        ASSOCIATION = "association", _("Financing association")

    jurisdiction = models.CharField(_("rules"), max_length=16, default="fr")
    recipient_kind = models.CharField(
        _("gifts go to"), max_length=10, choices=RecipientKind.choices, default=RecipientKind.PARTY
    )
    beneficiary = models.CharField(
        _("beneficiary"),
        max_length=200,
        blank=True,
        help_text=_("The party, or the candidate and the election, receiving the funds."),
    )
    election = models.CharField(
        _("election"),
        max_length=120,
        blank=True,
        help_text=_(
            "Candidates: one name per election, the same on every candidate site of that "
            "election (e.g. legislatives-2027). The cap counts all its candidates together."
        ),
    )
    agent_kind = models.CharField(
        _("collected by"), max_length=12, choices=AgentKind.choices, default=AgentKind.AGENT
    )
    agent_name = models.CharField(_("name of the agent or association"), max_length=200, blank=True)
    designation_date = models.DateField(
        _("date of designation, declaration or approval"), null=True, blank=True
    )
    legal_wording = models.TextField(
        _("legal wording on donation pages"),
        blank=True,
        help_text=_("Leave blank for the French legal text, filled from the fields above."),
    )
    stripe_secret_key_env = models.CharField(
        _("environment variable holding the Stripe secret key"), max_length=100, blank=True
    )
    stripe_webhook_secret_env = models.CharField(
        _("environment variable holding the webhook secret"), max_length=100, blank=True
    )
    stripe_secret_key_sealed = models.TextField(blank=True, editable=False)
    stripe_webhook_secret_sealed = models.TextField(blank=True, editable=False)
    offline_instructions = models.TextField(
        _("how to give by cheque or transfer"),
        blank=True,
        help_text=_("Payee for cheques, postal address, IBAN for transfers."),
    )
    large_gift_threshold = models.PositiveIntegerField(_("alert for gifts from (€)"), default=1000)
    alert_email = models.EmailField(_("send alerts to"), blank=True)

    base_form_class = PaymentSettingsForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("jurisdiction"),
                FieldPanel("recipient_kind"),
                FieldPanel("beneficiary"),
                FieldPanel("election"),
                FieldPanel("agent_kind"),
                FieldPanel("agent_name"),
                FieldPanel("designation_date"),
                FieldPanel("legal_wording"),
            ],
            heading=_("Who receives the gifts"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Each financial agent has their own Stripe account: a candidate "
                        "site's gifts never go through the party's account. Give the "
                        "names of environment variables, or type the secrets (stored "
                        "encrypted, never shown again). Without keys, gifts are taken "
                        "offline only (or in the local test mode, in development)."
                    )
                ),
                FieldPanel("stripe_secret_key_env"),
                FieldPanel("stripe_webhook_secret_env"),
                FieldPanel("stripe_secret_key"),
                FieldPanel("stripe_webhook_secret"),
                FieldPanel("forget_stripe_secrets"),
            ],
            heading=_("Stripe"),
        ),
        FieldPanel("offline_instructions"),
        MultiFieldPanel(
            [FieldPanel("large_gift_threshold"), FieldPanel("alert_email")],
            heading=_("Alerts"),
        ),
    ]

    class Meta:
        verbose_name = _("Donations")

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def stripe_secret_key(self):
        if self.stripe_secret_key_env:
            return os.environ.get(self.stripe_secret_key_env, "")
        return vault.unseal(self.stripe_secret_key_sealed)

    @property
    def stripe_webhook_secret(self):
        if self.stripe_webhook_secret_env:
            return os.environ.get(self.stripe_webhook_secret_env, "")
        return vault.unseal(self.stripe_webhook_secret_sealed)

    @property
    def has_stripe(self):
        return bool(self.stripe_secret_key and self.stripe_webhook_secret)

    def wording(self):
        """The legal text shown on donation pages (the site's own, or the French default)."""
        if self.legal_wording.strip():
            return self.legal_wording
        template = (
            FRENCH_WORDING_CANDIDATE
            if self.recipient_kind == RecipientKind.CANDIDATE
            else FRENCH_WORDING_PARTY
        )
        if self.agent_kind == self.AgentKind.ASSOCIATION:
            designation = (
                "association de financement agréée"
                if self.recipient_kind == RecipientKind.PARTY
                else "association de financement électorale déclarée en préfecture"
            )
        else:
            designation = "mandataire financier désigné et déclaré en préfecture"
        return template.format(
            agent=self.agent_name or "[nom du mandataire financier à compléter]",
            agent_designation=designation,
            designation_date=(
                self.designation_date.strftime("%d/%m/%Y")
                if self.designation_date
                else "[date à compléter]"
            ),
            beneficiary=self.beneficiary or self.site.site_name or "[bénéficiaire à compléter]",
        )

    @property
    def wording_complete(self):
        return bool(self.legal_wording.strip() or (self.agent_name and self.designation_date))

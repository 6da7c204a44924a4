"""The donation page: suggested amounts, one-off or monthly, a goal
thermometer, source tracking and the legal wording."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from rostra import plugins
from rostra.pages.models import CampaignPage
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from rostra_donations.models.gifts import Donation, DonationStatus, Frequency

MAX_SUGGESTIONS = 7


def parse_amounts(text):
    """'10, 25,50' → [10, 25, 50] (whole euros); ValueError on anything else."""
    amounts = []
    for part in str(text).replace(";", ",").split(","):
        part = part.strip().replace("€", "")
        if not part:
            continue
        value = int(part)
        if value <= 0:
            raise ValueError(part)
        amounts.append(value)
    return amounts


def validate_amounts(text):
    try:
        amounts = parse_amounts(text)
    except ValueError:
        raise ValidationError(
            _("Give whole euro amounts separated by commas, e.g. 10, 25, 50.")
        ) from None
    if len(amounts) > MAX_SUGGESTIONS:
        raise ValidationError(_("Suggest at most 7 amounts."))


class DonationPage(plugins.PluginPage, RoutablePageMixin, CampaignPage):
    intro = RichTextField(_("introduction"), blank=True)
    suggested_amounts = models.CharField(
        _("suggested amounts (€)"),
        max_length=100,
        default="10, 20, 50, 100, 200",
        validators=[validate_amounts],
        help_text=_(
            "Up to 7, separated by commas. A link can override them: "
            "?amounts=15,30,60&amount=30&frequency=monthly&refcode=newsletter"
        ),
    )
    monthly_amounts = models.CharField(
        _("suggested monthly amounts (€)"),
        max_length=100,
        default="5, 10, 20, 30",
        validators=[validate_amounts],
    )
    allow_monthly = models.BooleanField(_("offer monthly gifts"), default=True)
    default_frequency = models.CharField(
        _("selected by default"), max_length=8, choices=Frequency.choices, default=Frequency.ONE_OFF
    )
    minimum_amount = models.PositiveIntegerField(_("minimum gift (€)"), default=5)
    goal = models.PositiveIntegerField(_("goal (€)"), null=True, blank=True)
    raised_elsewhere = models.PositiveIntegerField(
        _("already raised elsewhere (€)"),
        default=0,
        help_text=_("Added to the thermometer, e.g. gifts collected before the page existed."),
    )
    thank_you_text = RichTextField(_("thank-you message"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("suggested_amounts"),
                FieldPanel("allow_monthly"),
                FieldPanel("monthly_amounts"),
                FieldPanel("default_frequency"),
                FieldPanel("minimum_amount"),
            ],
            heading=_("Amounts"),
        ),
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("raised_elsewhere")], heading=_("Thermometer")
        ),
        FieldPanel("thank_you_text"),
    ]
    subpage_types = []
    template = "donations/donation_page.html"

    class Meta:
        verbose_name = _("donation page")

    def serve(self, request, *args, **kwargs):
        # Sub-routes render with the site's theme too (CampaignPage wraps only serve()).
        return self._with_site_theme(
            lambda req, *a, **kw: RoutablePageMixin.serve(self, req, *a, **kw),
            request,
            *args,
            **kwargs,
        )

    @path("", name="index")
    def index_route(self, request):
        from rostra_donations.views import public

        return public.index(self, request)

    @path("merci/<uuid:token>/", name="thanks")
    def thanks_route(self, request, token):
        from rostra_donations.views import public

        return public.thanks(self, request, token)

    @path("annule/<uuid:token>/", name="cancel")
    def cancel_route(self, request, token):
        from rostra_donations.views import public

        return public.cancel(self, request, token)

    @path("mes-dons/", name="donor_request")
    def donor_request_route(self, request):
        from rostra_donations.views import public

        return public.donor_request(self, request)

    @re_path(r"^mes-dons/(?P<token>[\w-]+)/$", name="donor_page")
    def donor_page_route(self, request, token):
        from rostra_donations.views import public

        return public.donor_page(self, request, token)

    @re_path(r"^mes-dons/(?P<token>[\w-]+)/accuse-(?P<reference>\d{4}-\d{5,})/$", name="donor_pdf")
    def donor_pdf_route(self, request, token, reference):
        from rostra_donations.views import public

        return public.donor_pdf(self, request, token, reference)

    def amounts(self, frequency=Frequency.ONE_OFF):
        text = self.monthly_amounts if frequency == Frequency.MONTHLY else self.suggested_amounts
        try:
            return parse_amounts(text)[:MAX_SUGGESTIONS]
        except ValueError:
            return []

    def raised(self):
        """Euros raised through this page (paid gifts, less refunds), cached a minute."""
        key = f"donations:raised:{self.pk}"
        cents = cache.get(key)
        if cents is None:
            paid = Donation.objects.filter(
                page=self, status__in=[DonationStatus.PAID, DonationStatus.DISPUTED]
            )
            cents = paid.aggregate(total=Sum("amount"))["total"] or 0
            cents -= (
                paid.filter(refunds__state="succeeded").aggregate(total=Sum("refunds__amount"))[
                    "total"
                ]
                or 0
            )
            cache.set(key, cents, 60)
        return cents // 100 + self.raised_elsewhere

    def forget_raised(self):
        cache.delete(f"donations:raised:{self.pk}")

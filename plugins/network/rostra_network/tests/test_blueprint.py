from rostra.sitesettings.models import BrandSettings, LegalNoticeSettings, NavigationSettings

from rostra_network.models import Blueprint


def test_a_locked_change_reaches_every_candidate_site(
    candidate_a, candidate_b, client, django_capture_on_commit_callbacks
):
    home = candidate_a.site.root_page.specific
    home.body = [("rich_text", "<p>Mon propre texte de candidate.</p>")]
    home.save_revision().publish()
    client.get("/", HTTP_HOST="lyon.localhost")  # branding now cached

    blueprint = Blueprint.load()
    blueprint.primary_colour = "#aa0033"
    blueprint.footer_text = "<p>Nouvelle adresse du parti</p>"
    blueprint.host_name = "Hébergeur coopératif"
    blueprint.home_body = [("rich_text", "<p>Texte modèle changé.</p>")]
    with django_capture_on_commit_callbacks(execute=True):
        blueprint.save()

    for candidate in (candidate_a, candidate_b):
        assert BrandSettings.objects.get(site=candidate.site).primary_colour == "#aa0033"
        footer = NavigationSettings.objects.get(site=candidate.site).footer_text
        assert footer == "<p>Nouvelle adresse du parti</p>"
        assert LegalNoticeSettings.objects.get(site=candidate.site).host_name == (
            "Hébergeur coopératif"
        )
    page = client.get("/", HTTP_HOST="lyon.localhost").content.decode()
    # The candidate's own words stay; the new colour is served at once.
    assert "Mon propre texte de candidate." in page
    assert "Texte modèle changé." not in page
    assert "Nouvelle adresse du parti" in page
    assert "aa0033" in page


def test_the_national_site_is_not_touched(
    candidate_a, national_site, django_capture_on_commit_callbacks
):
    national = BrandSettings.for_site(national_site)
    national.primary_colour = "#101010"
    national.save()
    blueprint = Blueprint.load()
    blueprint.primary_colour = "#aa0033"
    with django_capture_on_commit_callbacks(execute=True):
        blueprint.save()
    assert BrandSettings.objects.get(site=national_site).primary_colour == "#101010"


def test_page_urls_are_the_same_as_wagtails_with_many_sites(candidate_a, candidate_b, client):
    """CampaignPage finds a page's site root paths by prefix (fast with 577
    sites); the answer must be Wagtail's own."""
    from wagtail.models import Page

    for page in Page.objects.filter(depth__gte=2).specific():
        expected = tuple(
            root for root in page._get_site_root_paths() if page.url_path.startswith(root.root_path)
        )
        assert page._get_relevant_site_root_paths() == expected
    page = candidate_a.site.root_page.get_children().first().specific
    assert page.full_url == f"http://lyon.localhost/{page.slug}/"
    response = client.get(f"/{page.slug}/", HTTP_HOST="lyon.localhost")
    assert response.status_code == 200


def test_a_candidate_sites_english_page_shows_the_english_tagline(
    candidate_a, blueprint, client, django_capture_on_commit_callbacks
):
    blueprint.tagline = "Une République juste"
    blueprint.tagline_translations = {"en": "A fair Republic"}
    with django_capture_on_commit_callbacks(execute=True):
        blueprint.save()

    english = client.get("/en/", HTTP_HOST="lyon.localhost")
    assert english.status_code == 200
    page = english.content.decode()
    assert "A fair Republic" in page and "Une République juste" not in page
    french = client.get("/", HTTP_HOST="lyon.localhost", HTTP_ACCEPT_LANGUAGE="fr")
    page = french.content.decode()
    assert "Une République juste" in page and "A fair Republic" not in page


def test_the_blueprint_screen_asks_for_the_tagline_in_english(blueprint, admin_user, client):
    from django.urls import reverse

    client.force_login(admin_user)
    url = reverse("wagtailsettings:edit", args=["network", "blueprint", blueprint.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="tagline_translations_en"' in form.content.decode()

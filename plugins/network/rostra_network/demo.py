"""Demo: the blueprint (from the national site's branding), three candidate
sites — Lyon, Marseille, Lille — at http://<slug>.localhost:8000/ with their
own logins, the directory page, and national pages pushed to them."""

from django.apps import apps
from django.db import transaction
from rostra import blueprint as blueprint_hook
from rostra.demo import HOSTNAME, Login

from rostra_network import provisioning
from rostra_network.models import (
    LOCKED_FIELDS,
    Blueprint,
    CandidateSite,
    NetworkDirectoryPage,
    Syndication,
)

CANDIDATES = [
    # slug, name, constituency (the people demo's), commune (INSEE), demo password
    ("lyon", "Amina Diallo", "69-01", "69123", "lyon-demo"),
    ("marseille", "Julien Moreau", "13-04", "13055", "marseille-demo"),
    ("lille", "Sophie Lefèbvre", "59-01", "59350", "lille-demo"),
]
HOME_BODY = [
    {
        "type": "rich_text",
        "value": "<h2>Notre campagne, près de chez vous</h2><p>Je porte les couleurs de notre "
        "mouvement dans cette circonscription. Retrouvez ici mes rendez-vous, mes propositions "
        "locales et comment m'aider.</p>",
    }
]


def load(demo):
    if demo.site is None:
        return
    blueprint = _blueprint(demo)
    for slug, name, constituency, commune, password in CANDIDATES:
        candidate = CandidateSite.objects.filter(slug=slug).first()
        if candidate is None:
            with transaction.atomic():
                candidate = provisioning.provision(
                    provisioning.Order(
                        name=name,
                        slug=slug,
                        hostname=f"{slug}.{HOSTNAME}",
                        port=demo.port,
                        email=f"{slug}@candidats.example.org",
                        constituency=constituency,
                        communes=[commune],
                    ),
                    blueprint=blueprint,
                    invite=False,  # the demo prints the logins instead
                )
                candidate.user.set_password(password)
                candidate.user.save()
            demo.say(f"Candidate site {candidate.site.root_url}/ created.")
        _join_page(candidate)
        demo.logins.append(
            Login(
                f"Candidate ({name})",
                candidate.user.get_username(),
                password,
                demo.url("/admin/", subdomain=slug),
            )
        )
    _directory(demo)


def _join_page(candidate):
    """The candidate's own sign-up page (the core's JoinPage), in their menu like
    the national "Nous rejoindre": people who join there are the campaign's
    (their source is the candidate's site). Added once, also to a demo loaded
    before sites had one."""
    from rostra.pages.models import JoinPage
    from rostra.sitesettings.models import NavigationSettings

    home = candidate.site.root_page
    if JoinPage.objects.child_of(home).exists():
        return
    join = home.add_child(
        instance=JoinPage(
            title="Nous rejoindre",
            slug="nous-rejoindre",
            intro="Recevez les nouvelles de la campagne, nos rendez-vous près de chez vous et "
            "nos appels à l'action. Une adresse e-mail suffit ; le reste nous aide à vous "
            "inviter au bon endroit.",
            thank_you_text="Nous vous écrirons bientôt pour vous présenter l'équipe de campagne.",
        )
    )
    join.save_revision(user=candidate.user).publish(user=candidate.user)
    navigation = NavigationSettings.objects.get(site=candidate.site)
    navigation.main_menu.append(("link", {"page": join, "url": "", "label": ""}))
    navigation.save()


def finish(demo):
    """Push the first national page each plugin offers for pushing (a petition)
    to every candidate site, and the latest national article to the sites of
    Auvergne-Rhône-Alpes (every loader has run by now)."""
    if demo.site is None:
        return
    pages = []
    for part in blueprint_hook.parts(demo.site):
        for label in part.pushed_pages:
            model = apps.get_model(label)
            page = model.objects.descendant_of(demo.site.root_page).live().first()
            if page is not None:
                pages.append((page, ""))
    news_index = demo.extra.get("news_index")
    if news_index is not None:
        from rostra.pages.models import NewsArticlePage

        article = NewsArticlePage.objects.child_of(news_index).live().order_by("-date").first()
        if article is not None:
            pages.append((article, "84"))
    for page, region in pages:
        Syndication.objects.get_or_create(page=page, region_code=region)


def _blueprint(demo):
    blueprint = Blueprint.load()
    if blueprint.party_news_id is None:
        national = demo.site
        for model in LOCKED_FIELDS:
            row = model.objects.filter(site=national).first() or model(site=national)
            for name in LOCKED_FIELDS[model]:
                attname = model._meta.get_field(name).attname
                setattr(blueprint, attname, getattr(row, attname))
        blueprint.party_news = demo.extra.get("news_index")
        blueprint.home_body = HOME_BODY
        blueprint.candidate_intro = "Mon parcours, mes engagements, mon équipe."
        blueprint.save()
        for part in blueprint_hook.parts():
            part.demo(part.settings())
    return blueprint


def _directory(demo):
    home = demo.site.root_page
    if NetworkDirectoryPage.objects.exists():
        return
    page = home.add_child(
        instance=NetworkDirectoryPage(
            title="Nos candidats",
            slug="candidats",
            intro="Qui est votre candidat ? Tapez votre code postal ou le nom de votre commune.",
        )
    )
    page.save_revision().publish()
    # The home page links it (rostra.pages.demo.finish).
    demo.extra.setdefault("home_actions", []).append(
        {
            "page": page,
            "heading": "Près de chez vous",
            "text": "Qui porte nos couleurs dans votre circonscription ? "
            "Cherchez par code postal ou par commune.",
            "label": "Trouver ma circonscription",
        }
    )

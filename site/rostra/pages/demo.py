"""The national site of the demo party, in French with an English translation."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from rostra.demo import HOSTNAME, Login, picture
from rostra.pages.models import (
    HomePage,
    JoinPage,
    LegalNoticePage,
    NewsArticlePage,
    NewsIndexPage,
    StandardPage,
)
from rostra.sitesettings.models import BrandSettings, LegalNoticeSettings, NavigationSettings

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "rostra-demo"  # noqa: S105 - the demo's published login, printed by make run

PARTY = "Élan commun"

ARTICLES = [
    (
        "Nos propositions pour les services publics de proximité",
        "Our proposals for local public services",
        "Maisons de santé, bureaux de poste, écoles : ce que nous défendons dans chaque commune.",
        "Health centres, post offices, schools: what we stand for in every town.",
    ),
    (
        "Tour de France des circonscriptions : étape à Lyon",
        "Constituency tour of France: stop in Lyon",
        "Plus de 400 personnes réunies pour débattre des transports du quotidien.",
        "More than 400 people gathered to debate everyday transport.",
    ),
    (
        "Transition écologique : le plan d'investissement chiffré",
        "Green transition: the costed investment plan",
        "Rénovation des logements, trains de nuit, énergies renouvelables : notre plan sur cinq ans.",
        "Home insulation, night trains, renewables: our five-year plan.",
    ),
    (
        "Pétition pour le maintien des lignes ferroviaires régionales",
        None,
        "Signez et faites signer : chaque signature compte pour les petites lignes.",
        None,
    ),
    (
        "Rencontre avec les associations de quartier à Marseille",
        None,
        "Logement, sport, culture : les habitants ont la parole.",
        None,
    ),
    (
        "Lille : les jeunes de la campagne lancent leur collectif",
        None,
        "Un collectif pour aller à la rencontre des primo-votants.",
        None,
    ),
]


def load(demo):
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    admin = _admin_user()
    demo.logins.append(Login("Administrator", ADMIN_USERNAME, ADMIN_PASSWORD, demo.url("/admin/")))

    home = HomePage.objects.filter(locale=fr, depth=2, slug="accueil").first()
    if home is not None:
        demo.site = Site.objects.get(root_page=home)
        demo.home = home
        demo.extra["home_en"] = home.get_translations().filter(locale=en).first()
        demo.extra["news_index"] = NewsIndexPage.objects.child_of(home).first()
        demo.say("National site already there; keeping it.")
        return

    images = _images()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=PARTY, slug="accueil", locale=fr, owner=admin))
    home.save_revision(user=admin).publish()

    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        site = Site(is_default_site=True)
    site.hostname, site.port, site.site_name, site.root_page = HOSTNAME, demo.port, PARTY, home
    site.save()
    if (
        old_root is not None
        and old_root.pk != home.pk
        and old_root.depth == 2
        and not old_root.get_children().exists()
    ):
        old_root.delete()  # Wagtail's "Welcome" page

    about = _standard(
        home,
        admin,
        "Qui sommes-nous ?",
        "qui-sommes-nous",
        "Un mouvement citoyen, écologiste et européen, né dans les communes.",
        _about_body_fr(),
    )
    programme = _standard(
        home,
        admin,
        "Notre programme",
        "programme",
        "Trois priorités pour les cinq ans qui viennent.",
        _programme_body_fr(images),
    )
    news = home.add_child(
        instance=NewsIndexPage(
            title="Actualités",
            slug="actualites",
            locale=fr,
            owner=admin,
            intro="Les dernières nouvelles de la campagne, partout en France.",
        )
    )
    news.save_revision(user=admin).publish()
    today = timezone.localdate()
    articles = []
    for index, (title, _title_en, summary, _summary_en) in enumerate(ARTICLES):
        article = news.add_child(
            instance=NewsArticlePage(
                title=title,
                locale=fr,
                owner=admin,
                date=today - datetime.timedelta(days=4 * index + 1),
                summary=summary,
                image=images[index % len(images)],
                body=[
                    (
                        "rich_text",
                        RichText(
                            f"<p>{summary}</p><p>Les équipes de campagne se sont mobilisées toute la semaine. Retrouvez ci-dessous les principaux points.</p><ul><li>Des rencontres dans chaque quartier.</li><li>Des propositions concrètes et chiffrées.</li><li>Un rendez-vous mensuel ouvert à toutes et tous.</li></ul>"
                        ),
                    ),
                    (
                        "quote",
                        {
                            "quote": "Nous voulons une politique qui se fait avec les gens, pas seulement pour eux.",
                            "attribution": "Claire Martin",
                            "role": "porte-parole",
                        },
                    ),
                ],
            )
        )
        article.save_revision(user=admin).publish()
        articles.append(article)
    legal = home.add_child(
        instance=LegalNoticePage(
            title="Mentions légales", slug="mentions-legales", locale=fr, owner=admin
        )
    )
    legal.save_revision(user=admin).publish()
    join = home.add_child(
        instance=JoinPage(
            title="Nous rejoindre",
            slug="nous-rejoindre",
            locale=fr,
            owner=admin,
            intro="Recevez nos nouvelles, nos rendez-vous près de chez vous et nos appels à "
            "l'action. Une adresse e-mail suffit ; le reste nous aide à vous inviter au bon endroit.",
            thank_you_text="Nous vous écrirons bientôt pour vous présenter l'équipe de votre "
            "circonscription.",
        )
    )
    join.save_revision(user=admin).publish()
    home = HomePage.objects.get(pk=home.pk)  # with its children counted (see home_en below)
    home.body = _home_body_fr(images, join)
    home.save_revision(user=admin).publish()

    # English translation of the main pages.
    home_en = home.copy_for_translation(en)
    home_en.title, home_en.slug = PARTY, "home"
    home_en.save_revision(user=admin).publish()
    join_en = _translate(
        join,
        en,
        admin,
        "Join us",
        "join-us",
        "Get our news, our meetings near you and our calls to action. An email address is "
        "enough; the rest helps us invite you to the right place.",
    )
    join_en.thank_you_text = "We will write to you soon to introduce your constituency's team."
    join_en.save_revision(user=admin).publish()
    # Read again: publishing a copy whose child count predates join_en would
    # write the old count back, and the next child would take join_en's path.
    home_en = HomePage.objects.get(pk=home_en.pk)
    home_en.body = _home_body_en(images, join_en)
    home_en.save_revision(user=admin).publish()
    _translate(
        about,
        en,
        admin,
        "About us",
        "about-us",
        "A citizens' movement, green and European, born in our towns.",
        _about_body_en(),
    )
    _translate(
        programme,
        en,
        admin,
        "Our programme",
        "programme",
        "Three priorities for the next five years.",
        _programme_body_en(images),
    )
    news_en = _translate(
        news, en, admin, "News", "news", "The latest from the campaign, all over France."
    )
    for article, (_title, title_en, _summary, summary_en) in zip(articles, ARTICLES, strict=True):
        if title_en:
            copy = article.copy_for_translation(en)
            copy.title, copy.slug, copy.summary = title_en, slugify(title_en), summary_en
            copy.body = [
                (
                    "rich_text",
                    RichText(
                        f"<p>{summary_en}</p><p>Campaign teams were out all week. Here are the main points.</p>"
                    ),
                )
            ]
            copy.save_revision(user=admin).publish()
    _translate(legal, en, admin, "Legal notice", "legal-notice")

    _settings(site, images, about, programme, news, join)
    demo.site, demo.home = site, home
    demo.extra.update(home_en=home_en, news_index=news, news_index_en=news_en)
    demo.say(f"National site created: {PARTY}, in French and English.")


def _admin_user():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={
            "email": "admin@example.org",
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Admin",
        },
    )
    if created:
        user.set_password(ADMIN_PASSWORD)
        user.save()
    return user


def _images():
    Image = get_image_model()
    specs = [
        ("Rassemblement", [(29, 59, 139), (200, 16, 46), (255, 255, 255)]),
        ("Marché", [(11, 110, 79), (247, 178, 103), (240, 240, 230)]),
        ("Réunion publique", [(95, 15, 64), (251, 139, 36), (227, 100, 20)]),
        ("Campagne", [(15, 76, 92), (154, 3, 30), (232, 234, 237)]),
    ]
    images = []
    for title, colours in specs:
        image = Image.objects.filter(title=f"Démo — {title}").first()
        if image is None:
            data = picture(1600, 900, colours, title)
            from io import BytesIO

            image = Image(title=f"Démo — {title}", description=title)
            image.file = ImageFile(BytesIO(data), name=f"demo-{len(images)}.png")
            image.save()
        images.append(image)
    return images


def _standard(parent, admin, title, slug, intro, body):
    page = parent.add_child(
        instance=StandardPage(
            title=title, slug=slug, locale=parent.locale, owner=admin, intro=intro, body=body
        )
    )
    page.save_revision(user=admin).publish()
    return page


def _translate(page, locale, admin, title, slug, intro=None, body=None):
    copy = page.copy_for_translation(locale)
    copy.title, copy.slug = title, slug
    if intro is not None:
        copy.intro = intro
    if body is not None:
        copy.body = body
    copy.save_revision(user=admin).publish()
    return copy


def _button(label, page=None, url=""):
    return {"label": label, "page": page, "url": url}


def _home_body_fr(images, join):
    return [
        (
            "hero",
            {
                "heading": "Ensemble, reprenons la main sur notre avenir",
                "text": "Un mouvement citoyen présent dans toutes les circonscriptions. Rejoignez-nous.",
                "image": {"image": images[0], "decorative": True, "alt_text": ""},
                "button": _button("Découvrir le programme", url="/programme/"),
            },
        ),
        (
            "columns",
            {
                "columns": [
                    [
                        ("heading", "Des services publics partout"),
                        (
                            "paragraph",
                            RichText(
                                "<p>Une école, un médecin et un bureau de poste à moins de vingt minutes de chaque foyer.</p>"
                            ),
                        ),
                    ],
                    [
                        ("heading", "La transition écologique juste"),
                        (
                            "paragraph",
                            RichText(
                                "<p>Rénover un million de logements par an et développer les trains du quotidien.</p>"
                            ),
                        ),
                    ],
                    [
                        ("heading", "Une Europe qui protège"),
                        (
                            "paragraph",
                            RichText(
                                "<p>Des règles communes pour le climat, le travail et nos données personnelles.</p>"
                            ),
                        ),
                    ],
                ]
            },
        ),
        ("latest_news", {"heading": "Dernières actualités", "count": 3, "news_index": None}),
        (
            "quote",
            {
                "quote": "La politique, c'est ce que nous faisons ensemble quand personne ne le fait à notre place.",
                "attribution": "Claire Martin",
                "role": "porte-parole",
            },
        ),
        (
            "video",
            {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Notre clip de campagne",
                "transcript": "Des habitants de toute la France racontent pourquoi ils s'engagent.",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Rejoignez la campagne",
                "text": "Chaque geste compte : signer, donner, parler autour de vous.",
                "button": _button("Nous rejoindre", page=join),
                "emphasis": "accent",
            },
        ),
    ]


def _home_body_en(images, join):
    return [
        (
            "hero",
            {
                "heading": "Together, let's take our future back in hand",
                "text": "A citizens' movement in every constituency. Join us.",
                "image": {"image": images[0], "decorative": True, "alt_text": ""},
                "button": _button("Read the programme", url="/en/programme/"),
            },
        ),
        (
            "columns",
            {
                "columns": [
                    [
                        ("heading", "Public services everywhere"),
                        (
                            "paragraph",
                            RichText(
                                "<p>A school, a doctor and a post office within twenty minutes of every home.</p>"
                            ),
                        ),
                    ],
                    [
                        ("heading", "A fair green transition"),
                        (
                            "paragraph",
                            RichText(
                                "<p>Insulate a million homes a year and build up everyday trains.</p>"
                            ),
                        ),
                    ],
                    [
                        ("heading", "A Europe that protects"),
                        (
                            "paragraph",
                            RichText(
                                "<p>Common rules for the climate, work and our personal data.</p>"
                            ),
                        ),
                    ],
                ]
            },
        ),
        ("latest_news", {"heading": "Latest news", "count": 3, "news_index": None}),
        (
            "call_to_action",
            {
                "heading": "Join the campaign",
                "text": "Every action counts: sign, give, talk to people around you.",
                "button": _button("Join us", page=join),
                "emphasis": "accent",
            },
        ),
    ]


def _about_body_fr():
    return [
        (
            "rich_text",
            RichText(
                "<h2>Notre histoire</h2><p>Élan commun est né en 2024 de la rencontre d'élus locaux, de syndicalistes et d'associations. Nous sommes aujourd'hui présents dans les 101 départements.</p><h2>Notre fonctionnement</h2><p>Chaque adhérent vote les grandes orientations. Les candidatures sont désignées par les comités locaux.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": "Faire de la politique autrement, ça commence par écouter.",
                "attribution": "Karim Benali",
                "role": "secrétaire national",
            },
        ),
    ]


def _about_body_en():
    return [
        (
            "rich_text",
            RichText(
                "<h2>Our story</h2><p>Élan commun was born in 2024 when local councillors, trade unionists and associations came together. We are now present in all 101 départements.</p><h2>How we work</h2><p>Every member votes on our main direction. Candidates are chosen by local committees.</p>"
            ),
        ),
    ]


def _programme_body_fr(images):
    return [
        (
            "image",
            {
                "image": {
                    "image": images[1],
                    "decorative": False,
                    "alt_text": "Des militants sur un marché",
                },
                "caption": "Sur le marché de la Croix-Rousse, à Lyon.",
                "credit": "Élan commun",
            },
        ),
        (
            "rich_text",
            RichText(
                "<h2>1. Les services publics</h2><p>Nous rouvrirons les services fermés depuis dix ans là où la population le demande.</p><h2>2. Le climat</h2><p>Un plan d'investissement de 30 milliards d'euros par an.</p><h2>3. L'Europe</h2><p>Une voix forte pour une Europe sociale.</p>"
            ),
        ),
        (
            "call_to_action",
            {
                "heading": "Vous avez une idée ?",
                "text": "Le programme s'écrit avec vous.",
                "button": _button("Écrivez-nous", url="mailto:contact@example.org"),
                "emphasis": "primary",
            },
        ),
    ]


def _programme_body_en(images):
    return [
        (
            "image",
            {
                "image": {
                    "image": images[1],
                    "decorative": False,
                    "alt_text": "Campaigners at a market",
                },
                "caption": "At the Croix-Rousse market, Lyon.",
                "credit": "Élan commun",
            },
        ),
        (
            "rich_text",
            RichText(
                "<h2>1. Public services</h2><p>We will reopen services closed over the last ten years wherever people ask for them.</p><h2>2. Climate</h2><p>An investment plan of 30 billion euros a year.</p><h2>3. Europe</h2><p>A strong voice for a social Europe.</p>"
            ),
        ),
    ]


def _settings(site, images, about, programme, news, join):
    BrandSettings.objects.update_or_create(
        site=site,
        defaults={
            "organisation_name": PARTY,
            "tagline": "Une République juste, verte et européenne",
            "tagline_translations": {"en": "A fair, green and European Republic"},
            "theme": "tricolore",
            "primary_colour": "#1d3b8b",
            "accent_colour": "#c8102e",
        },
    )
    NavigationSettings.objects.update_or_create(
        site=site,
        defaults={
            "main_menu": [
                ("link", {"label": "", "page": about, "url": ""}),
                ("link", {"label": "", "page": programme, "url": ""}),
                ("link", {"label": "", "page": news, "url": ""}),
                ("link", {"label": "", "page": join, "url": ""}),
            ],
            "footer_menu": [
                ("link", {"label": "", "page": about, "url": ""}),
                ("link", {"label": "", "page": news, "url": ""}),
            ],
            "footer_text": "<p>Élan commun — 12 rue de la République, 75011 Paris.</p>",
            "social_links": [
                ("social", {"network": "mastodon", "url": "https://mastodon.social/@elancommun"}),
                ("social", {"network": "bluesky", "url": "https://bsky.app/profile/elancommun.fr"}),
                ("social", {"network": "youtube", "url": "https://www.youtube.com/@elancommun"}),
            ],
        },
    )
    LegalNoticeSettings.objects.update_or_create(
        site=site,
        defaults={
            "publisher_name": "Élan commun",
            "publisher_status": "parti politique (association régie par la loi du 1er juillet 1901)",
            "publisher_address": "12 rue de la République\n75011 Paris",
            "publisher_email": "contact@example.org",
            "publisher_phone": "+33 1 23 45 67 89",
            "publication_director": "Claire Martin, présidente",
            "host_name": "Hébergeur Exemple SAS",
            "host_address": "1 avenue de l'Hébergement\n59000 Lille",
            "host_phone": "+33 3 20 00 00 00",
            "data_protection_contact": "dpo@example.org",
        },
    )


def finish(demo):
    """Once every plugin has loaded: the home pages link what they made (a
    petition, the donation page, the candidate directory…), each plugin having
    listed its own in ``demo.extra["home_actions"]``: dicts of a page, its
    heading, text and button label, in French and, when the page has an English
    translation, in English (keys ending in ``_en``)."""
    actions = demo.extra.get("home_actions") or []
    if demo.home is None or not actions:
        return  # a demo loaded before: its home pages are left as they are
    admin = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
    en = Locale.objects.filter(language_code="en").first()
    # Read afresh: the loaders' copies may count fewer children than the
    # tree now holds, and publishing one would write that count back.
    homes = [(HomePage.objects.get(pk=demo.home.pk), "", None)]
    home_en = demo.extra.get("home_en")
    if home_en is not None:
        homes.append((HomePage.objects.get(pk=home_en.pk), "_en", en))
    for home, suffix, locale in homes:
        columns = []
        for action in actions:
            page = action["page"]
            if locale is not None:
                page = page.get_translation_or_none(locale)
            if page is None or not action.get(f"heading{suffix}"):
                continue
            columns.append(
                [
                    ("heading", action[f"heading{suffix}"]),
                    ("paragraph", RichText(f"<p>{action[f'text{suffix}']}</p>")),
                    ("button", _button(action[f"label{suffix}"], page=page)),
                ]
            )
        if len(columns) < 2:  # the block holds two columns at least
            continue
        body = [(child.block_type, child.value) for child in home.body]
        body.insert(1, ("columns", {"columns": columns}))  # under the hero
        home.body = body
        home.save_revision(user=admin).publish()

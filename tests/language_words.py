"""The words the two-language check (tests/test_two_languages.py) knows.

A text is in the wrong language when it holds a word that belongs only to the
other one. Each list keeps to words that are frequent in its language and
never a word of the other: "les", "votre", "signez" cannot be English, "the",
"your", "sign" cannot be French. Words both languages write alike ("public",
"national", "date", "page", "total", "transport", "on", "a") are left out, as
are short words of one language that stand inside the other's names or
abbreviations ("de" in "Tour de France", "no" beside "n°").

Words are matched whole (word boundaries), ignoring case. Addresses (web
and email), paths and markup quoted as text are skipped. Names are no
language: the PROPER_NAMES phrases (the party, people, places, addresses and
brands of the demo) are removed from a text before it is checked, as is any
element marked with another ``lang`` (the language switcher's "English", the
French legal notice on the donation page).
"""

import re

# fmt: off
FRENCH = {
    # articles, pronouns, prepositions, conjunctions
    "le", "les", "des", "du", "au", "aux", "une", "un", "ce", "cette", "ces",
    "nous", "vous", "votre", "vos", "notre", "nos", "leur", "leurs", "mes", "ma",
    "avec", "pour", "dans", "sur", "chez", "vers", "entre", "depuis", "jusqu",
    "et", "ou", "mais", "donc", "qui", "que", "quoi", "dont", "où", "est", "sont",
    "été", "être", "avoir", "pas", "très", "tout", "tous", "toutes", "aussi",
    # the words of a campaign site and its emails
    "accueil", "actualités", "actualité", "aller", "contenu", "suivez",
    "légales", "pétition", "pétitions", "signez", "signataires", "merci", "soutenir",
    "donner", "dons", "faire", "rejoindre", "rejoignez", "priorités", "objectif",
    "collectés", "ponctuel",
    "mensuel", "montant", "autre", "prénom", "adresse", "courriel", "envoyer",
    "continuer", "confirmer", "confirmez", "désinscrire", "désabonner", "données",
    "personnelles", "reçu", "reçus", "lien", "cliquez", "bonjour", "cordialement",
    "équipe", "campagne", "nouvelles", "dernières", "précédent", "suivant",
}
ENGLISH = {
    "the", "and", "of", "to", "with", "your", "you", "our", "we", "is", "are", "was",
    "this", "that", "these", "for", "from", "by", "be", "been", "not", "no", "yet",
    "it", "its", "all", "any", "here", "there", "which", "who", "what", "when",
    "skip", "home", "news", "latest", "about", "follow", "us", "legal",
    "petitions", "sign", "signed", "signers", "thank", "thanks", "give",
    "gave", "gift", "gifts", "donate", "join", "read", "more", "email",
    "address", "first", "last", "name", "send", "confirm", "unsubscribe", "data",
    "link", "click", "hello", "team", "campaign", "previous", "next", "monthly",
    "amount", "other", "goal", "raised", "receipt", "open", "closed",
}
# fmt: on
# Left out as words of both languages: "content" (glad), "notice", "support",
# "mentions", "signer", "signature", "programme", "page", "sans", "plus", "mon"
# (Monday).

PROPER_NAMES = [
    # the party, its people and the demo's candidates
    "Élan commun",
    "AF Élan commun",
    "Claire Martin",
    "Karim Benali",
    "Amina Diallo",
    "Julien Moreau",
    "Sophie Lefèbvre",
    # addresses and places
    "12 rue de la République",
    "rue de la République",
    "Croix-Rousse",
    "Tour de France",
    "départements",
    # brands and networks
    "Mastodon",
    "Bluesky",
    "YouTube",
    "Stripe",
    "SEPA",
]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


# Addresses, paths and markup shown as text are no language: a token with
# one of these characters is skipped ("/petitions/x/confirm/", "a@b.org").
_NOT_WORDS = re.compile(r"\S*[/@<>=]\S*")


def words_of_the_other_language(text, language):
    """The words of ``text`` that belong to the other language, in order."""
    for name in sorted(PROPER_NAMES, key=len, reverse=True):
        text = text.replace(name, " ")
    text = _NOT_WORDS.sub(" ", text)
    other = ENGLISH if language == "fr" else FRENCH
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        # "d'Élan", "l'adresse": the French elided article and its word.
        for part in re.split(r"['’]", word):
            if part in other:
                found.append(part)
    return found

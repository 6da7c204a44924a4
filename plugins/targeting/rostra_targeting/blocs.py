"""The default table of blocs and nuances, which the party then edits
(Targeting › Nuances and blocs). Nuances are the Ministry's codes for the
legislative elections of 2017, 2022 and 2024 and the European elections of
2024; presidential files have no nuance, so the candidates' surnames (as the
files write them, upper-case) stand for it."""

from django.db.models import Case, CharField, Value, When

BLOCS = [
    # code, name, colour
    ("extreme-gauche", "Extrême gauche", "#8b0000"),
    ("gauche", "Gauche", "#e2343f"),
    ("ecologistes", "Écologistes", "#3f9b3a"),
    ("centre", "Centre", "#f0b323"),
    ("droite", "Droite", "#2453a6"),
    ("extreme-droite", "Extrême droite", "#2b2b5c"),
    ("divers", "Divers", "#9a9a9a"),
]
NUANCES = {
    "extreme-gauche": "EXG DXG LEXG ARTHAUD POUTOU",
    "gauche": "COM FI SOC RDG DVG NUP UG LCOM LFI LSOC LDVG LUG ROUSSEL MÉLENCHON HIDALGO HAMON",
    "ecologistes": "ECO VEC LVEC LECO JADOT",
    "centre": "REM ENS MDM HOR DVC UDI LENS LDVC LUDI MACRON",
    "droite": "LR DVD DLF LLR LDVD DUPONT-AIGNAN FILLON PÉCRESSE",
    "extreme-droite": "FN RN REC EXD DXD UXD LRN LREC LEXD LE\u00a0PEN ZEMMOUR",
    "divers": "DIV REG DSV LDIV LREG LDSV LASSALLE ASSELINEAU CHEMINADE",
}


def default_nuances():
    """(nuance, bloc code) pairs of the default table."""
    for bloc, nuances in NUANCES.items():
        for nuance in nuances.split():
            yield nuance.replace("\u00a0", " "), bloc


def install_defaults(Bloc, NuanceBloc):
    """Create the default blocs and nuances that are missing (a data migration
    and the demo call it; what the party changed stays)."""
    blocs = {}
    for order, (code, name, colour) in enumerate(BLOCS):
        blocs[code], _created = Bloc.objects.get_or_create(
            code=code, defaults={"name": name, "colour": colour, "order": order}
        )
    for nuance, bloc in default_nuances():
        NuanceBloc.objects.get_or_create(nuance=nuance, defaults={"bloc": blocs[bloc]})


def table():
    """nuance → bloc code, as the party set it."""
    from rostra_targeting.models import NuanceBloc

    return dict(NuanceBloc.objects.values_list("nuance", "bloc__code"))


def bloc_of_nuance(mapping=None):
    """A database expression giving a CandidateResult's bloc code ("" when its
    nuance is in no bloc), to group votes by bloc in the database."""
    mapping = table() if mapping is None else mapping
    by_bloc = {}
    for nuance, bloc in mapping.items():
        by_bloc.setdefault(bloc, []).append(nuance)
    return Case(
        *[When(nuance__in=nuances, then=Value(bloc)) for bloc, nuances in by_bloc.items()],
        default=Value(""),
        output_field=CharField(),
    )

"""The geography breakdown: confirmed signatures by département, constituency
and country (from the aggregator's territory counts; no personal data)."""

from rostra_petitions import territory
from rostra_petitions.models import PetitionState, TerritoryCount


def breakdown(petition):
    rows = TerritoryCount.objects.filter(
        petition_id=petition.counted_petition_id, count__gt=0
    ).order_by("kind", "-count", "code")
    result = {"departements": [], "constituencies": [], "countries": []}
    for row in rows:
        if row.kind == TerritoryCount.Kind.DEPARTEMENT:
            name = territory.departement_name(row.code)
            result["departements"].append({"code": row.code, "name": name, "count": row.count})
        elif row.kind == TerritoryCount.Kind.CONSTITUENCY:
            name = territory.constituency_name(row.code)
            result["constituencies"].append({"code": row.code, "name": name, "count": row.count})
        else:
            result["countries"].append({"code": row.code, "count": row.count})
    state = PetitionState.for_petition(petition)
    result["online_signatures"] = state.online_count
    result["updated_at"] = state.counted_at
    return result

"""The polling stations this plugin offers other plugins (rostra.polling_stations)."""

from rostra import polling_stations
from rostra.people.models import ConstituencyArea

from rostra_targeting.models import PollingStation


def offered(commune_codes, constituency):
    stations = PollingStation.objects.all()
    if commune_codes is not None:
        stations = stations.filter(commune_code__in=commune_codes)
    if constituency:
        stations = stations.filter(
            commune_code__in=ConstituencyArea.objects.filter(
                constituency__code=constituency
            ).values("code")
        )
    constituencies = dict(ConstituencyArea.objects.values_list("code", "constituency__code"))
    return [
        polling_stations.PollingStation(
            code=station.code,
            commune_code=station.commune_code,
            number=station.number,
            name=station.name,
            address=station.address,
            registered_voters=station.registered_voters,
            constituency=constituencies.get(station.commune_code, ""),
        )
        for station in stations.iterator()
    ]

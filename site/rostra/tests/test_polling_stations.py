from rostra import polling_stations
from rostra.polling_stations import PollingStation


def test_without_a_source_nothing_is_listed(monkeypatch):
    monkeypatch.setattr(polling_stations, "_sources", {})
    assert not polling_stations.has_source()
    assert polling_stations.listed(commune_codes=["69383"]) == []


def test_a_registered_source_is_asked_with_the_filters(monkeypatch):
    monkeypatch.setattr(polling_stations, "_sources", {})  # an installed plugin's aside
    asked = []

    def source(commune_codes, constituency):
        asked.append((commune_codes, constituency))
        return [
            PollingStation(code="69383_0102", commune_code="69383", number="0102"),
            PollingStation(code="69383_0101", commune_code="69383", number="0101"),
        ]

    polling_stations.register_source("test-source", source)
    try:
        found = polling_stations.listed(commune_codes=["69383"], constituency="6901")
    finally:
        polling_stations.unregister_source("test-source")
    assert asked == [({"69383"}, "6901")]
    assert [station.code for station in found] == ["69383_0101", "69383_0102"]

"""The acceptance path of targeting: a results file imported through the admin
(with its preview), a strategy built, a polling station's explanation opened,
its walk list printed, three doors recorded offline on a phone-sized screen,
and, back online, the doors counted in the ranking. No request leaves the site."""

import random
import re
import secrets

import pypdf
from playwright.sync_api import expect

from tests.e2e.conftest import MOBILE

LYON = "69123"  # the demo's Lyon, for which the demo loads an electoral list


def _results_file():
    """The second round of the 2024 legislative elections in Lyon's stations, in
    the Ministry's 2024 layout (synthetic figures)."""
    from rostra_targeting import official_files
    from rostra_targeting.models import PollingStation

    rng = random.Random(16)  # noqa: S311 - synthetic figures
    stations = []
    for station in PollingStation.objects.filter(commune_code=LYON).order_by("code"):
        registered = rng.randint(700, 1400)
        voters = int(registered * rng.uniform(0.4, 0.7))
        cast = voters - 10
        left = int(cast * rng.uniform(0.3, 0.6))
        stations.append(
            {
                "commune": LYON,
                "commune_name": "Lyon",
                "number": station.number,
                "registered": registered,
                "voters": voters,
                "blank": 6,
                "null": 4,
                "candidates": [
                    (1, "F", "RIVIÈRE", "Nadia", "UG", left),
                    (2, "M", "LAMBERT", "Hugo", "RN", cast - left),
                ],
            }
        )
    return official_files.write_numbered(stations), len(stations)


def test_import_rank_explain_print_and_canvass_offline(
    live_site, admin_page, admin_storage_state, new_context, axe
):
    from rostra_targeting import canvassing
    from rostra_targeting.models import DoorVisit, Election, StationResult, WalkList

    page = admin_page

    # 1. Import a results file through the admin, preview first.
    data, count = _results_file()
    page.goto("/admin/targeting/imports/")
    page.locator("select[name=kind]").select_option("legislatives")
    page.locator("input[name=year]").fill("2024")
    page.locator("select[name=round]").select_option("2")
    page.locator("input[name=file]").set_input_files(
        {"name": "resultats-t2-lyon.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Aperçu").click()
    expect(page.locator("main")).to_contain_text("Aperçu prêt")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    second_round = Election.objects.get(kind="legislatives", year=2024, round=2)
    assert not StationResult.objects.filter(
        election=second_round
    ).exists()  # a preview writes nothing
    page.get_by_role("button", name="Importer ces résultats").click()
    expect(page.locator("main")).to_contain_text(f"résultats ajoutés: {count}")
    assert StationResult.objects.filter(election=second_round).count() == count

    # 2. Build a strategy on it: our bloc's potential and swing since 2022.
    name = f"Second tour lyonnais {secrets.token_hex(3)}"
    first_round_2022 = Election.objects.get(kind="legislatives", year=2022, round=1)
    page.goto("/admin/targeting_strategies/new/")
    page.locator("input[name=name]").fill(name)
    page.locator("select[name=bloc]").select_option(label="Gauche")
    page.locator("select[name=reference]").select_option(str(second_round.pk))
    page.locator("select[name=swing_from]").select_option(str(first_round_2022.pk))
    page.locator("input[name=weight_potential]").fill("2")
    page.locator("input[name=weight_swing]").fill("1")
    page.get_by_role("button", name=re.compile(r"^(Créer|Enregistrer)$")).first.click()
    page.get_by_role("link", name=name).click()
    expect(page.locator("main")).to_contain_text(f"{count} bureaux de vote classés")

    # 3. Open the first station's explanation.
    page.locator("table.listing tbody tr").first.locator("a").first.click()
    expect(page.locator("main")).to_contain_text(f"Rang 1 sur {count}")
    expect(page.locator("main table")).to_contain_text("×")
    code = re.search(r"/stations/([^/]+)/", page.url).group(1)

    # 4. Print its walk list: a PDF of its streets.
    with page.expect_download() as download:
        page.get_by_role("button", name="Imprimer la liste de porte-à-porte de ce bureau").click()
    pdf = pypdf.PdfReader(download.value.path())
    assert code in "".join(sheet.extract_text() for sheet in pdf.pages)
    walk_list = WalkList.objects.filter(station_code=code).latest("pk")

    # 5. On a phone, record three doors with no network (doors nobody knocked
    # yet: the demo's canvasser went round the top stations of its strategy).
    knocked = set(DoorVisit.objects.filter(station_code=code).values_list("street", "house_number"))
    before = canvassing.progress_by_station([code]).get(code, canvassing.Progress()).knocked
    phone = new_context(viewport=MOBILE, storage_state=admin_storage_state)
    canvasser = phone.new_page()
    canvasser.goto("/_targeting/canvass/")
    axe(canvasser)
    canvasser.locator(f"a[href='/_targeting/canvass/{walk_list.pk}/']").click()
    axe(canvasser)
    # Once the service worker runs, a second load leaves a copy on the phone.
    canvasser.evaluate("navigator.serviceWorker.ready.then(() => true)")
    canvasser.reload()
    phone.set_offline(True)
    canvasser.reload()  # the page is still there without a network
    doors = [
        door
        for door in canvasser.locator("form.door").all()
        if (door.get_attribute("data-street"), door.get_attribute("data-number")) not in knocked
    ][:3]
    assert len(doors) == 3
    for door, outcome in zip(doors, ["not_in", "talked", "favourable"], strict=True):
        door.locator(f"button[value={outcome}]").click()
    expect(canvasser.locator("#queue-status")).to_have_attribute("data-waiting", "3")
    assert not DoorVisit.objects.filter(walk_list=walk_list).exists()

    # 6. Back online: the queue goes out, and the ranking counts the doors.
    phone.set_offline(False)
    expect(canvasser.locator("#queue-status")).to_have_attribute("data-waiting", "0")
    assert sorted(
        DoorVisit.objects.filter(walk_list=walk_list).values_list("outcome", flat=True)
    ) == ["favourable", "not_in", "talked"]
    addresses = canvassing.progress_by_station([code])[code].addresses
    page.goto(f"/admin/targeting/strategies/{walk_list.strategy_id}/")
    row = page.locator("table.listing tbody tr").first
    expect(row).to_contain_text(f"Porte-à-porte : {before + 3} adresses sur {addresses} frappées")
    phone.requests_log.assert_only_own_host()
    page.context.requests_log.assert_only_own_host()

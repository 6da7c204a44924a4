"""Files as people really bring them: a French Excel sheet saved as CSV
(Windows-1252, semicolons, French headers, overseas members), and the exports
of NationBuilder, Action Network, CiviCRM, Mailchimp and Brevo. Everyone in
them is imported; whatever is left out is said with its line number."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from rostra.people import api
from rostra.people.importing import engine
from rostra.people.models import ImportJob, Person

pytestmark = pytest.mark.django_db

# What "Enregistrer sous > CSV (séparateur : point-virgule)" gives in a French
# Excel: Windows-1252, CRLF, the sheet's own headers.
FRENCH_EXCEL = (
    "Civilité;Prénom;Nom;Adresse e-mail;Téléphone portable;Tél. fixe;Adresse;"
    "Code postal;Ville;Date d'adhésion\r\n"
    "M.;Jean;Dupont;jean.dupont@gmail.com;06 12 34 56 78;04 78 12 34 56;"
    "3 rue de la République;69001;Lyon;12/03/2021\r\n"
    "Mme;Maryse;Lacroix;maryse.lacroix@example.fr;0690 12 34 56;0590 81 12 34;"
    "12 rue Frébault;97110;Pointe-à-Pitre;01/02/2022\r\n"
    "M.;Aimé;Rosier;aime.rosier@example.fr;0696 20 12 34;0596 30 12 34;;97200;"
    "Fort-de-France;\r\n"
    "Mme;Léa;Bernard;lea.bernard@example.fr;0694 20 12 34;0594 10 12 34;;97300;Cayenne;\r\n"
    "M.;Rémi;Payet;remi.payet@example.fr;0692 12 34 56;0262 16 12 34;;97400;Saint-Denis;\r\n"
    "Mme;Zaïna;Madi;zaina.madi@example.fr;0639 01 23 45;0269 60 12 34;;97600;Mamoudzou;\r\n"
    "M.;Pierre;Detcheverry;p.detcheverry@example.fr;55 12 34;41 23 45;;97500;Saint-Pierre;\r\n"
    "Mme;Louise;Gréaux;l.greaux@example.fr;0690 30 12 34;0590 27 12 34;;97133;"
    "Saint-Barthélemy;\r\n"
    "M.;Paul;Fleming;p.fleming@example.fr;0690 40 12 34;0590 77 12 34;;97150;Saint-Martin;\r\n"
    "Mme;Anne;Martin;anne.martin@example.fr;06 12 34;;;75011;Paris;\r\n"
    "M.;Jean;Dupont;Jean.Dupont+asso@gmail.com;;;3 rue de la République, bât. B;69001;Lyon;\r\n"
).encode("cp1252")
PHONES = {
    "jean.dupont@gmail.com": ("+33612345678", "+33478123456"),
    "maryse.lacroix@example.fr": ("+590690123456", "+590590811234"),
    "aime.rosier@example.fr": ("+596696201234", "+596596301234"),
    "lea.bernard@example.fr": ("+594694201234", "+594594101234"),
    "remi.payet@example.fr": ("+262692123456", "+262262161234"),
    "zaina.madi@example.fr": ("+262639012345", "+262269601234"),
    "p.detcheverry@example.fr": ("+508551234", "+508412345"),
    "l.greaux@example.fr": ("+590690301234", "+590590271234"),
    "p.fleming@example.fr": ("+590690401234", "+590590771234"),
    "anne.martin@example.fr": ("", ""),
}


def run(content, **options):
    return engine.run(io.BytesIO(content), engine.Options(source_label="adherents.csv", **options))


def outcomes(summary):
    return {o.line: (o.action, list(o.reasons), list(o.notes)) for o in summary.outcomes}


@pytest.fixture(params=[True, False], ids=["bulk", "row-by-row"])
def bulk(request):
    return request.param


def test_a_french_excel_sheet_with_overseas_members_imports_everyone(bulk):
    with translation.override("en"):
        summary = run(FRENCH_EXCEL, bulk=bulk)
    assert (summary.encoding, summary.delimiter) == ("cp1252", ";")
    assert summary.unknown_columns == ["Civilité", "Date d'adhésion"]
    assert summary.counts == {"create": 10, "update": 0, "unchanged": 0, "merge": 1, "reject": 0}
    for email, (mobile, fixed) in PHONES.items():
        assert (api.find(email).mobile_phone, api.find(email).phone) == (mobile, fixed), email
    lea = api.find("lea.bernard@example.fr")
    assert (lea.departement_code, lea.commune) == ("973", "Cayenne")
    report = outcomes(summary)
    assert report[11] == (
        "create",
        [],
        [
            "phone “06 12 34” (column Téléphone portable) not understood: "
            "the person is imported without it"
        ],
    )
    assert report[12][0] == "merge" and report[12][2] == ["merged with line 2"]
    jean = api.find("Jean.Dupont+asso@gmail.com")
    assert summary.outcomes[-1].person_id == jean.pk
    assert jean.address_line1 == "3 rue de la République, bât. B"  # the later row's
    assert jean.mobile_phone == "+33612345678"  # a blank cell erases nothing


def test_the_report_speaks_french_to_a_french_admin():
    with translation.override("fr"):
        summary = run(FRENCH_EXCEL)
    report = outcomes(summary)
    assert report[11][2] == [
        "téléphone « 06 12 34 » (colonne Téléphone portable) illisible : "
        "la personne est importée sans ce numéro"
    ]
    assert report[12][2] == ["fusionnée avec la ligne 2"]


def test_the_preview_says_what_the_import_will_do():
    with translation.override("en"):
        preview = run(FRENCH_EXCEL, dry_run=True)
        summary = run(FRENCH_EXCEL)
    assert preview.counts == summary.counts
    assert [(o.line, o.action, list(o.notes)) for o in preview.outcomes if o.notes] == [
        (o.line, o.action, list(o.notes)) for o in summary.outcomes if o.notes
    ]


def test_the_admin_shows_rows_imported_with_a_remark_by_line(client, admin_user):
    client.force_login(admin_user)
    upload = io.BytesIO(FRENCH_EXCEL)
    upload.name = "adherents.csv"
    response = client.post(reverse("people_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert (job.created, job.merged, job.rejected) == (10, 1, 0)
    with translation.override("fr"):
        page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Lignes importées avec une remarque" in page
    assert "<td>11</td>" in page and "« 06 12 34 » (colonne Téléphone portable)" in page
    assert "<td>12</td><td>fusionnée avec la ligne 2" in page
    client.post(response.url)
    job.refresh_from_db()
    assert (job.status, job.created, job.merged) == ("done", 10, 1)
    assert Person.objects.count() == 10


NATIONBUILDER = (
    "nationbuilder_id,first_name,last_name,email,email1,email2,phone_number,mobile_number,"
    "work_phone_number,primary_address1,primary_address2,primary_city,primary_zip,"
    "primary_country_code,tag_list,email_opt_in,mobile_opt_in,do_not_call,do_not_contact,"
    "created_at\n"
    "101,Sarah,Hoarau,sarah.hoarau@example.re,sarah.hoarau@example.re,,,+262 692 12 34 56,"
    '02 62 16 12 34,5 rue Jean Chatel,,Saint-Denis,97400,FR,"bénévole, porte-à-porte",'
    "true,true,false,false,2024-01-15T10:00:00+04:00\n"
    "102,Marc,Petit,marc.petit@example.org,marc.petit@example.org,marc@work.example,"
    "01 45 67 89 10,,,,,Paris,75011,FR,,false,false,true,false,2024-02-01T09:00:00+01:00\n"
)


def test_a_nationbuilder_export():
    summary = run(NATIONBUILDER.encode(), consent_wording="Je veux être tenu informé")
    assert summary.counts["create"] == 2 and not summary.counts["reject"]
    sarah = api.find("sarah.hoarau@example.re")
    assert (sarah.mobile_phone, sarah.phone, sarah.departement_code) == (
        "+262692123456",
        "+262262161234",
        "974",
    )
    assert set(sarah.tags.names()) == {"bénévole", "porte-à-porte"}
    assert api.can_contact(sarah, "newsletter", "sms")
    marc = api.find("marc@work.example")
    assert (marc.phone, marc.do_not_call) == ("+33145678910", True)


ACTION_NETWORK = (
    "uuid,first_name,last_name,email,zip_code,can2_phone,can2_user_address,can2_user_city,"
    "can2_state_abbreviated,can2_country,can2_subscription_status,can2_sms_status,"
    "can2_user_tags\n"
    "5c1c7b7e-0000-4000-8000-000000000001,Nadia,Ramassamy,nadia.r@example.org,97410,"
    "0692 98 76 54,14 rue des Lilas,Saint-Pierre,,FR,subscribed,unsubscribed,Sud\n"
    "5c1c7b7e-0000-4000-8000-000000000002,Hugo,Lambert,hugo.l@example.org,33000,"
    "06 98 76 54 32,,Bordeaux,,FR,unsubscribed,,\n"
    "5c1c7b7e-0000-4000-8000-000000000003,Inès,Moreau,ines.m@example.org,13001,,,Marseille,,"
    "FR,en attente,,\n"
)


def test_an_action_network_export_keeps_who_unsubscribed():
    with translation.override("en"):
        summary = run(ACTION_NETWORK.encode())
    assert summary.counts["create"] == 3
    nadia = api.find("nadia.r@example.org")
    assert (nadia.phone, nadia.commune, nadia.do_not_email, nadia.do_not_text) == (
        "+262692987654",
        "Saint-Pierre",
        False,
        True,
    )
    assert set(nadia.tags.names()) == {"Sud"}
    assert api.find("hugo.l@example.org").do_not_email
    assert outcomes(summary)[4][2] == [
        "unknown status “en attente” in column can2_subscription_status: ignored"
    ]


CIVICRM = (
    '"Contact ID","Contact Type","First Name","Last Name","Email","Phone",'
    '"Street Address","Supplemental Address 1","City","Postal Code","Country",'
    '"Do Not Email","Do Not Phone","Do Not SMS","No Bulk Emails (User Opt Out)",'
    '"Preferred Language"\n'
    '"42","Individual","Élise","Fontaine","elise.fontaine@example.org","0596 30 12 34",'
    '"8 rue Victor Hugo","Bât. C","Fort-de-France","97200","FR","0","0","1","1","fr_FR"\n'
    '"43","Individual","Tom","Baker","tom.baker@example.org","+44 20 7946 0958",'
    '"","","London","SW1A 1AA","GB","","1","","","en_GB"\n'
)


def test_a_civicrm_export_reads_every_opt_out_column():
    summary = run(CIVICRM.encode())
    assert summary.counts["create"] == 2 and summary.unknown_columns == ["Contact Type"]
    elise = api.find("elise.fontaine@example.org")
    assert (elise.phone, elise.address_line2, elise.language) == ("+596596301234", "Bât. C", "fr")
    # "Do Not Email" says 0 but "No Bulk Emails" says 1: she opted out.
    assert (elise.do_not_email, elise.do_not_text, elise.do_not_call) == (True, True, False)
    tom = api.find("tom.baker@example.org")
    assert (tom.phone, tom.country, tom.do_not_call, tom.language) == (
        "+442079460958",
        "GB",
        True,
        "en",
    )


MAILCHIMP = (
    '"Email Address","First Name","Last Name","Address","Phone Number","Birthday",'
    '"MEMBER_RATING","OPTIN_TIME","OPTIN_IP","CONFIRM_TIME","CONFIRM_IP","LATITUDE",'
    '"LONGITUDE","GMTOFF","DSTOFF","TIMEZONE","CC","REGION","LAST_CHANGED","LEID","EUID",'
    '"NOTES","TAGS"\n'
    '"chloe@example.org","Chloé","Girard","","0694 20 12 34","","2","2023-05-01 10:00:00",'
    '"","2023-05-01 10:05:00","","","","","","","GF","","2024-01-01 00:00:00","12345678",'
    '"a1b2c3d4e5","","""Bénévole"",""Cayenne"""\n'
)
MAILCHIMP_UNSUBSCRIBED = (
    '"Email Address","First Name","Last Name","Phone Number","MEMBER_RATING","OPTIN_TIME",'
    '"UNSUB_TIME","UNSUB_CAMPAIGN_TITLE","UNSUB_CAMPAIGN_ID","UNSUB_REASON",'
    '"UNSUB_REASON_OTHER","CC","LEID","EUID","NOTES","TAGS"\n'
    '"gone@example.org","Yves","Leroy","","1","2022-01-01 00:00:00","2024-03-01 12:00:00",'
    '"Lettre de mars","abc123","NORMAL","","FR","87654321","f6e5d4c3b2","",""\n'
)


def test_mailchimp_exports_subscribed_and_unsubscribed():
    summary = run(MAILCHIMP.encode())
    assert summary.counts["create"] == 1
    chloe = api.find("chloe@example.org")
    assert (chloe.phone, chloe.country) == ("+594694201234", "GF")
    assert set(chloe.tags.names()) == {"Bénévole", "Cayenne"}
    run(MAILCHIMP_UNSUBSCRIBED.encode())
    assert api.find("gone@example.org").do_not_email


BREVO = (
    "EMAIL;PRENOM;NOM;SMS;LANDLINE_NUMBER;EXT_ID\n"
    "kevin.grondin@example.re;Kévin;Grondin;262692123456;262262161234;CRM-7\n"
    "sandra.leblanc@example.org;Sandra;Leblanc;33612345678;;CRM-8\n"
)


def test_a_brevo_export_whose_numbers_lost_their_plus():
    summary = run(BREVO.encode())
    assert summary.counts["create"] == 2
    kevin = api.find("kevin.grondin@example.re")
    assert (kevin.first_name, kevin.mobile_phone, kevin.phone) == (
        "Kévin",
        "+262692123456",
        "+262262161234",
    )
    assert api.find("sandra.leblanc@example.org").mobile_phone == "+33612345678"


def test_an_xlsx_sheet_whose_phone_cells_are_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(["E-mail", "Portable", "CP"])
    sheet.append(["gp@example.org", 690123456, 97110])
    sheet.append(["yt@example.org", 639012345, 97600])
    stream = io.BytesIO()
    book.save(stream)
    summary = run(stream.getvalue())
    assert summary.counts["create"] == 2
    assert api.find("gp@example.org").mobile_phone == "+590690123456"
    assert api.find("yt@example.org").mobile_phone == "+262639012345"


def test_countries_written_by_name_are_read_in_french_and_english():
    content = (
        "Prénom;E-mail;Pays\r\n"
        "Hans;hans@example.de;Allemagne\r\n"
        "Kenji;kenji@example.jp;Japan\r\n"
        "Zoé;zoe@example.fr;\r\n"
        "Nemo;nemo@example.org;Atlantide\r\n"
    ).encode("cp1252")
    with translation.override("en"):
        summary = run(content)
    countries = {p.email: p.country for p in Person.objects.all()}
    assert countries == {
        "hans@example.de": "DE",
        "kenji@example.jp": "JP",
        "zoe@example.fr": "FR",
    }
    assert outcomes(summary)[5][:2] == ("reject", ["unknown country “Atlantide”"])

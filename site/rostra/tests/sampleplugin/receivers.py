received = []


def on_person_created(sender, person, site, **kwargs):
    received.append(("person_created", person.pk, site.pk if site else None))


def on_person_erased(sender, person, **kwargs):
    from rostra.tests.sampleplugin.models import SampleRecord

    received.append(("person_erased", person.pk, None))
    records = SampleRecord.objects.filter(person=person)
    if not records.exists():
        return "sampleplugin: nothing held"
    records.filter(legal_obligation=False).update(name="", email="")
    kept = records.filter(legal_obligation=True).order_by("-kept_until").first()
    if kept:
        return {
            "summary": "sampleplugin: records anonymised, one kept",
            "kept_until": kept.kept_until,
            "reason": "accounting",
        }
    return "sampleplugin: records anonymised"


def on_person_data_requested(sender, person, **kwargs):
    from rostra.tests.sampleplugin.models import SampleRecord

    rows = list(SampleRecord.objects.filter(person=person).values("name", "email"))
    return {"Sample records": rows} if rows else {}


def on_people_merged(sender, kept, merged, **kwargs):
    from rostra.tests.sampleplugin.models import SampleRecord

    SampleRecord.objects.filter(person=merged).update(person=kept)


async def on_person_created_async(sender, person, site, **kwargs):
    """Connected by the tests of async sending only."""
    received.append(("person_created async", person.pk, site.pk if site else None))

received = []


def on_person_created(sender, person, site, **kwargs):
    received.append(("person_created", person.pk, site.pk if site else None))


def on_person_erased(sender, person, **kwargs):
    received.append(("person_erased", person.pk, None))
    return "sampleplugin: told of the erasure"


def on_people_merged(sender, kept, merged, **kwargs):
    received.append(("people_merged", kept.pk, merged.pk))


async def on_person_created_async(sender, person, site, **kwargs):
    """Connected by the tests of async sending only."""
    received.append(("person_created async", person.pk, site.pk if site else None))

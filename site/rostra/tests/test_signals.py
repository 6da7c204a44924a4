"""Signals: each is documented with a typed payload, senders keep to it, the
plugin guide's list is generated from the code, and site signals reach only
the plugins switched on for the site, sent sync or async."""

import pytest
from asgiref.sync import async_to_sync
from django.apps import apps
from django.core.management import CommandError, call_command
from django.dispatch import Signal

from rostra import signal_docs, signals
from rostra.people import api
from rostra.people.models import Person
from rostra.sitesettings.models import PluginSettings
from rostra.tests.sampleplugin import receivers


def test_every_signal_is_described_with_a_typed_payload():
    found = {name: value for name, value in vars(signals).items() if isinstance(value, Signal)}
    assert set(found) == set(signals.documented())  # no bare Signal() among them
    for name, signal in found.items():
        assert signal.name == name
        assert signal.__doc__ and signal.__doc__ != type(signal).__doc__, name
        assert signal.sender_doc and signal.payload, name
        for arg_name, arg in signal.payload.items():
            assert arg.doc, f"{name}: {arg_name} is not described"
            # Each type names something that exists (a model label typo fails here).
            assert not arg.accepts(object()), f"{name}: {arg_name}"


def test_plugin_guide_lists_the_signals_as_declared():
    page = signal_docs.PAGE.read_text(encoding="utf-8")
    assert signal_docs.updated(page) == page, "run manage.py document_signals"
    for name in signals.documented():
        assert f"### `{name}`" in page
    call_command("document_signals", "--check")


def test_a_stale_guide_is_reported(tmp_path, monkeypatch):
    stale = tmp_path / "plugins.md"
    stale.write_text(f"# Guide\n\n{signal_docs.BEGIN}\n\nold\n\n{signal_docs.END}\n")
    monkeypatch.setattr(signal_docs, "PAGE", stale)
    with pytest.raises(CommandError, match="is stale"):
        call_command("document_signals", "--check")
    call_command("document_signals")
    assert "### `person_created`" in stale.read_text()
    assert stale.read_text().startswith("# Guide\n\n")


@pytest.mark.django_db
def test_a_sender_that_strays_from_the_payload_fails(national_site):
    person = api.find_or_create(email="payload@example.org")[0]
    with pytest.raises(TypeError) as missing:
        signals.person_updated.send(sender=Person, person=person, site=national_site)
    assert str(missing.value) == (
        "person_updated sent with the wrong payload: 'fields' is missing "
        "(see its declaration in rostra.signals)."
    )
    with pytest.raises(TypeError) as wrong:
        signals.people_merged.send(sender=Person, kept=person, merged=person.pk, actor=None)
    assert "'merged' is a int, not people.Person" in str(wrong.value)
    with pytest.raises(TypeError) as extra:
        signals.person_created.send(sender=Person, person=person, site=national_site, via="x")
    assert "'via' is not part of its payload" in str(extra.value)
    with pytest.raises(TypeError, match="'fields' is a list, not list of str"):
        signals.person_updated.send(sender=Person, person=person, site=None, fields=[1])
    with pytest.raises(TypeError, match="'site' is a str"):
        async_to_sync(signals.person_created.asend)(sender=Person, person=person, site="x")


@pytest.mark.django_db
def test_payloads_are_not_checked_in_production(national_site, settings):
    settings.ROSTRA_CHECK_SIGNALS = False
    person = api.find_or_create(email="prod@example.org")[0]
    # "fields" left out: no TypeError from the payload's check, and the
    # plugins' receivers (the API's webhooks) take what they are given.
    answers = signals.person_updated.send(sender=Person, person=person, site=national_site)
    assert all(answer is None for _receiver, answer in answers)


@pytest.fixture
def async_receiver():
    signals.person_created.connect(receivers.on_person_created_async)
    receivers.received.clear()
    yield
    signals.person_created.disconnect(receivers.on_person_created_async)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["asend", "asend_robust"])
def test_async_sending_reaches_only_plugins_switched_on(
    method, national_site, other_site, async_receiver
):
    PluginSettings.objects.update_or_create(site=other_site, defaults={"enabled": []})
    person = api.find_or_create(email="async@example.org")[0]
    receivers.received.clear()
    send = async_to_sync(getattr(signals.person_created, method))

    send(sender=Person, person=person, site=other_site)
    assert receivers.received == []

    answers = send(sender=Person, person=person, site=national_site)
    assert sorted(receivers.received) == [
        ("person_created", person.pk, national_site.pk),
        ("person_created async", person.pk, national_site.pk),
    ]
    # The sample plugin's receivers (installed plugins such as the API answer too).
    assert {
        receiver for receiver, _answer in answers if receiver.__module__ == receivers.__name__
    } == {
        receivers.on_person_created,
        receivers.on_person_created_async,
    }


@pytest.mark.django_db
def test_async_sending_with_the_plugins_the_sender_holds(national_site, async_receiver):
    person = api.find_or_create(email="held-async@example.org")[0]
    receivers.received.clear()
    async_to_sync(signals.person_created.asend)(
        sender=Person, person=person, site=national_site, enabled=frozenset()
    )
    assert receivers.received == []


@pytest.mark.django_db
def test_sync_sending_to_a_site_with_the_plugin_off_skips_its_async_receiver(
    national_site, other_site, async_receiver
):
    PluginSettings.objects.update_or_create(site=other_site, defaults={"enabled": []})
    person = api.find_or_create(email="sync@example.org")[0]
    receivers.received.clear()
    signals.person_created.send_robust(sender=Person, person=person, site=other_site)
    assert receivers.received == []
    signals.person_created.send_robust(sender=Person, person=person, site=national_site)
    assert len(receivers.received) == 2


def test_model_types_are_looked_up_only_when_checked():
    # The core names plugins' models by label; they resolve once apps are ready.
    assert signals.petition_signed.payload["signature"]._resolve(
        "petitions.Signature"
    ) is apps.get_model("petitions", "Signature")

"""PlatformEmail: the same message as Django's, with header classes made once."""

import email
import email.policy

from django.core.mail import EmailMultiAlternatives

from rostra.mail.messages import PlatformEmail

HEADERS = {
    "List-Unsubscribe": "<https://example.org/u/abc/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "Message-ID": "<fixed@example.org>",
    "Date": "Sun, 29 Nov 2026 06:00:00 +0000",
}


def build(cls):
    message = cls(
        subject="Confirmez votre signature : « Sauvons les petites lignes » — une très longue "
        "ligne d'objet qui doit être pliée",
        body="Bonjour Léa,\nCliquez sur le lien.\n",
        from_email="Parti Exemple <contact@example.org>",
        to=["Léa Martin <lea.martin@example.org>"],
        headers=HEADERS,
    )
    message.attach_alternative("<p>Bonjour Léa,</p>", "text/html")
    return message


def test_the_message_is_byte_for_byte_the_one_django_builds():
    for policy in (email.policy.default, email.policy.SMTP):
        ours = build(PlatformEmail).message(policy=policy).as_bytes()
        django = build(EmailMultiAlternatives).message(policy=policy).as_bytes()
        # The MIME boundary is random: compare with it taken out.
        ours_boundary = email.message_from_bytes(ours).get_boundary().encode()
        django_boundary = email.message_from_bytes(django).get_boundary().encode()
        assert ours.replace(ours_boundary, b"B") == django.replace(django_boundary, b"B")
    parsed = email.message_from_bytes(ours, policy=email.policy.default)
    assert parsed["Subject"].startswith("Confirmez votre signature : « Sauvons")
    assert parsed["To"].addresses[0].display_name == "Léa Martin"


def test_header_classes_are_made_once_per_name():
    first = build(PlatformEmail).message()
    second = build(PlatformEmail).message()
    assert type(first["Subject"]) is type(second["Subject"])
    assert type(first["To"]) is type(second["To"])
    assert type(first["To"]) is not type(first["Subject"])
    # Django's own message still gets a class of its own per header.
    assert type(build(EmailMultiAlternatives).message()["To"]) is not type(first["To"])


def test_repeated_headers_are_parsed_once_and_messages_stay_distinct():
    first, second = build(PlatformEmail), build(PlatformEmail)
    second.to = ["Karim Benali <karim@example.org>"]
    first_message, second_message = first.message(), second.message()
    assert first_message["From"] is second_message["From"]  # the same value: kept
    assert first_message["MIME-Version"] is second_message["MIME-Version"]
    assert str(first_message["To"]) == "Léa Martin <lea.martin@example.org>"
    assert str(second_message["To"]) == "Karim Benali <karim@example.org>"
    # Setting a parameter on one message's part never reaches the other's.
    first_part = first_message.get_payload()[0]
    first_part.set_param("format", "flowed")
    assert "format" not in str(second_message.get_payload()[0]["Content-Type"])
    assert first_message.as_bytes() != second_message.as_bytes()

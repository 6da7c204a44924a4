"""Send a mailing from the terminal, with a progress bar.

    manage.py send_mailing <id> --as <username>     start a draft, then send it here
    manage.py send_mailing <id>                     send (or go on sending) a started one

The batches are the background task's (rostra_mailings.sending): this command
and task workers may run at the same time; each copy still goes once."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rostra_mailings import sending
from rostra_mailings.models import Mailing, MailingSettings

WIDTH = 40


def bar(progress):
    filled = WIDTH * progress["percent"] // 100
    return "[{}{}] {:>3} % {}/{}".format(
        "#" * filled,
        "." * (WIDTH - filled),
        progress["percent"],
        progress["done"],
        progress["total"],
    )


class Command(BaseCommand):
    help = "Send a mailing, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("mailing", type=int)
        parser.add_argument("--as", dest="username", help="the user who sends a draft")
        parser.add_argument("--no-wait", action="store_true", help="no pause between batches")

    def handle(self, *args, mailing, username=None, no_wait=False, **options):
        found = Mailing.objects.select_related("site").filter(pk=mailing).first()
        if found is None:
            raise CommandError(_("No mailing %(id)s.") % {"id": mailing})
        if found.status == Mailing.Status.DRAFT:
            user = get_user_model().objects.filter(username=username).first() if username else None
            if user is None:
                raise CommandError(_("A draft is sent as a user: give --as <username>."))
            try:
                sending.start(found, user, enqueue=False)
            except sending.NotSendable as error:
                raise CommandError(_("This user may not send mailings.")) from error
        rate = MailingSettings.for_site(found.site)
        pace = rate.batch_size * 60 / rate.messages_per_minute
        while True:
            started = time.monotonic()
            batch = sending.send_batch(found.pk, rate.batch_size)
            self.stdout.write("\r" + bar(found.progress()), ending="")
            self.stdout.flush()
            if batch.stopped:
                break
            if not no_wait:
                time.sleep(max(pace - (time.monotonic() - started), 0 if batch.due else 1))
        found.refresh_from_db()
        self.stdout.write("\n" + found.get_status_display())

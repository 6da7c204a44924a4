"""Read the bounce mailbox over IMAP, with a progress bar: every bounce and
abuse report is recorded, then deleted (rostra_mailings.bounces.imap). Run it
every few minutes (cron, a systemd timer)."""

import contextlib
import imaplib

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rostra_mailings.bounces import imap
from rostra_mailings.management.commands.send_mailing import bar


class Command(BaseCommand):
    help = "Read bounces and abuse reports from the IMAP mailbox."

    def handle(self, *args, **options):
        try:
            client = imap.connect()
        except imap.NotConfigured as error:
            message = _("Set %(name)s (and the other ROSTRA_BOUNCE_IMAP_ settings).") % {
                "name": error
            }
            raise CommandError(message) from error
        except (OSError, imaplib.IMAP4.error) as error:
            raise CommandError(f"IMAP: {error}") from error

        def progress(done, total):
            percent = 100 * done // total if total else 100
            self.stdout.write(
                "\r" + bar({"percent": percent, "done": done, "total": total}), ending=""
            )

        try:
            counts = imap.read_mailbox(client, progress=progress)
        except (OSError, imaplib.IMAP4.error) as error:
            raise CommandError(f"IMAP: {error}") from error
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()
        self.stdout.write("")
        self.stdout.write(
            _("%(read)s read, %(recorded)s recorded, %(kept)s kept for the next run") % counts
        )

"""Read one bounce or abuse report from standard input, as the mail server
pipes it (docs/mailings.md, "Bounces: VERP and Postfix"):

    manage.py receive_bounce --recipient ${recipient} < message

Exit status 0 when the message was read (recorded, or not ours: the mail
server must not bounce a bounce), 75 (EX_TEMPFAIL) when the database could
not be reached: the mail server keeps the message and tries again."""

import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _

from rostra_mailings.bounces import inbox

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Record one bounce or abuse report read from standard input."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient",
            default="",
            help="The address the message was delivered to (bounces+…@your bounce domain).",
        )

    def handle(self, *args, recipient="", **options):
        raw = sys.stdin.buffer.read()
        try:
            outcome = inbox.receive(raw, envelope=recipient, where="bounce")
        except DatabaseError as error:
            self.stderr.write(_("Not recorded, to try again later: %(error)s") % {"error": error})
            sys.exit(EX_TEMPFAIL)
        if outcome.recorded:
            self.stdout.write(_("Recorded: %(kinds)s") % {"kinds": ", ".join(outcome.recorded)})
        else:
            self.stdout.write(_("Ignored: %(reason)s") % {"reason": outcome.reason})

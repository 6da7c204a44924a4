"""Create candidate sites from the blueprint: one from options, or many from a
CSV file (columns: name, slug, hostname, email, constituency, communes, departements)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rostra.people.management.progress import ProgressBar

from rostra_network import bulk, provisioning
from rostra_network.territory import full_hostname, parse_communes


class Command(BaseCommand):
    help = "Create candidate sites from the party's blueprint (one, or many from a CSV file)."

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="CSV file: name, slug, hostname, email, ...")
        parser.add_argument("--name")
        parser.add_argument("--slug")
        parser.add_argument("--hostname", help="A bare name is a subdomain of the party's domain.")
        parser.add_argument(
            "--port", type=int, default=None, help="Default: the national site's port."
        )
        parser.add_argument("--email")
        parser.add_argument("--constituency", default="")
        parser.add_argument("--communes", default="", help="INSEE codes, comma separated.")
        parser.add_argument(
            "--departements", default="", help="Département codes, comma separated."
        )
        parser.add_argument("--no-invite", action="store_true", help="Do not email the candidates.")

    def handle(self, *args, **options):
        invite = not options["no_invite"]
        if options["csv"]:
            return self._bulk(Path(options["csv"]), invite)
        missing = [name for name in ("name", "slug", "hostname", "email") if not options[name]]
        if missing:
            raise CommandError("Give --csv, or --" + ", --".join(missing) + " for a single site.")
        order = provisioning.Order(
            name=options["name"],
            slug=options["slug"],
            hostname=full_hostname(options["hostname"]),
            port=options["port"],
            email=options["email"],
            constituency=options["constituency"],
            communes=parse_communes(options["communes"]),
            departements=parse_communes(options["departements"]),
        )
        try:
            candidate = provisioning.provision(order, invite=invite)
        except provisioning.ProvisioningError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created {candidate.site.root_url}/ for {candidate.email}")

    def _bulk(self, path, invite):
        try:
            orders = bulk.read_orders(path.read_bytes())
        except (OSError, UnicodeDecodeError, bulk.BadFile) as error:
            raise CommandError(f"{path}: {error}") from error
        # The bar writes its own line ends ("\r" on a terminal).
        self.stderr.ending = ""
        bar = ProgressBar(self.stderr, label="Candidate sites", unit="sites")
        try:
            report = bulk.run(orders, progress=bar.update, invite=invite)
            bar.finish()
        finally:
            self.stderr.ending = "\n"
        counts = dict.fromkeys(("created", "skipped", "failed"), 0)
        for row in report:
            counts[row["status"]] += 1
            if row["status"] == "failed":
                self.stderr.write(f"line {row['line']} ({row['slug']}): {row['message']}")
        self.stdout.write(
            f"{counts['created']} created, {counts['skipped']} already there, "
            f"{counts['failed']} failed."
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} rows failed (see above).")

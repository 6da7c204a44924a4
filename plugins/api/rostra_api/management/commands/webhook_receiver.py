import time

from django.core.management.base import BaseCommand

from rostra_api.demo import demo_receiver_port, demo_webhook_secret
from rostra_api.demo_receiver import DemoReceiver


class Command(BaseCommand):
    help = "The demo's local webhook receiver: verifies and prints each event it receives."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, **options):
        port = options["port"] or demo_receiver_port()
        receiver = DemoReceiver(demo_webhook_secret(), self.stdout.write, port)
        receiver.start()
        self.stdout.write(f"Listening on http://127.0.0.1:{receiver.port}/ (Ctrl-C stops).")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            receiver.stop()

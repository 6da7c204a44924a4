"""The demo, built from code (like Wagtail's bakerydemo).

``manage.py load_demo`` calls ``load(demo)`` in the ``demo`` module of every
core app and plugin, in INSTALLED_APPS order: the pages app builds the national
site first, then people, petitions, donations and the network add theirs. Every
loader must be idempotent: running the demo twice changes nothing. A module
may also define ``finish(demo)``, called once every loader has run (to link to
what plugins loaded after it made).
"""

import importlib
import io
from dataclasses import dataclass, field

from django.apps import apps
from PIL import Image, ImageDraw


@dataclass
class Login:
    role: str
    username: str
    password: str
    url: str


# `make run` serves the demo on http://localhost:8000/ (scripts/run-demo); its
# sites answer at localhost and <candidate>.localhost on the port it is served
# on (``load_demo --port``), the port every link and email of the demo names.
HOSTNAME = "localhost"
PORT = 8000


@dataclass
class Demo:
    stdout: object
    port: int = PORT
    site: object = None
    home: object = None
    logins: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def say(self, message):
        self.stdout.write(message)

    def url(self, path="/", *, subdomain=""):
        host = f"{subdomain}.{HOSTNAME}" if subdomain else HOSTNAME
        return f"http://{host}:{self.port}{path}"


def loaders():
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            yield config, module.load


def run(stdout, *, port=PORT):
    demo = Demo(stdout=stdout, port=port)
    for _config, load in loaders():
        load(demo)
    for config in apps.get_app_configs():
        module = _demo_module(config)
        if module is not None and hasattr(module, "finish"):
            module.finish(demo)
    return demo


def _demo_module(config):
    try:
        return importlib.import_module(f"{config.name}.demo")
    except ModuleNotFoundError as error:
        if error.name != f"{config.name}.demo":
            raise
        return None


def picture(width, height, colours, title=""):
    """A PNG drawn in code (diagonal bands of the given colours): demo images
    without downloading any photo."""
    image = Image.new("RGB", (width, height), colours[0])
    draw = ImageDraw.Draw(image)
    band = max(width, height) // (len(colours) * 2) or 1
    for index in range(-height // band - 1, width // band + 1):
        colour = colours[index % len(colours)]
        x = index * band
        draw.polygon(
            [(x, 0), (x + band, 0), (x + band - height, height), (x - height, height)], fill=colour
        )
    if title:
        draw.rectangle([(0, height - 60), (width, height)], fill=(0, 0, 0))
        draw.text((24, height - 45), title, fill=(255, 255, 255))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()

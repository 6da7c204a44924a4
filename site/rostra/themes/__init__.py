"""Themes: a folder of templates and static files under ROSTRA_THEMES_DIR.

Each theme folder holds ``theme.json`` (its label and description per
language), ``templates/`` (overrides of any core template) and ``static/``
(served at /static/themes/<name>/). The theme of a request is chosen by the
site's branding settings and held in a context variable while it renders.
"""

import json
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from rostra.config import ConfigurationError

_active = ContextVar("rostra_theme", default=None)


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path
    labels: dict
    descriptions: dict

    @property
    def label(self):
        return _pick(self.labels, self.name)

    @property
    def description(self):
        return _pick(self.descriptions, "")

    @property
    def templates_dir(self):
        return self.path / "templates"

    def has_static(self, relative_path):
        return (self.path / "static" / relative_path).is_file()


def _pick(by_language, fallback):
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return by_language.get(language) or by_language.get("en") or fallback


@cache
def available():
    """Every theme found in ROSTRA_THEMES_DIR, by name."""
    found = {}
    for path in sorted(Path(settings.ROSTRA_THEMES_DIR).iterdir()):
        manifest = path / "theme.json"
        if not manifest.is_file():
            continue
        try:
            meta = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError as error:
            raise ConfigurationError(
                f"the theme file {manifest} is not valid JSON: {error}"
            ) from None
        found[path.name] = Theme(
            name=path.name,
            path=path,
            labels=meta.get("label", {}),
            descriptions=meta.get("description", {}),
        )
    return found


def choices():
    return [(theme.name, theme.label) for theme in available().values()]


def check_default_theme():
    name = settings.ROSTRA_DEFAULT_THEME
    if name not in available():
        known = ", ".join(available()) or "none"
        raise ConfigurationError(
            f"ROSTRA_DEFAULT_THEME={name!r} is not a theme in {settings.ROSTRA_THEMES_DIR} "
            f"(available: {known})."
        )


def get(name):
    """The named theme, or the default one when the name is unknown."""
    themes = available()
    return themes.get(name) or themes[settings.ROSTRA_DEFAULT_THEME]


def active():
    return _active.get() or get(settings.ROSTRA_DEFAULT_THEME)


def activate(name):
    """Make a theme current for the rest of this request; returns a reset token."""
    return _active.set(get(name))


def deactivate(token):
    _active.reset(token)

"""Every public URL of the URLconf, read from the resolver, and the values its
parameters are filled with: plausible ones (objects of the demo) and bogus ones
(whatever the parameter's pattern accepts but names nothing).

A pattern with a parameter this module has no plausible value for is an error
(``Unfillable``), so a new public view is walked as soon as it exists.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

# Values a parameter may take that name nothing: the first few its own pattern
# accepts are used (an id of 0 or past the database's integers, text with quotes
# and brackets, a very long value, a token of the wrong shape).
BOGUS = [
    "0",
    "99999999999999999999",
    "O'Neil<&>\"é",
    "a" * 300,
    "00000000-0000-0000-0000-000000000000",
    "0000-00000",
    "nope/",
    "nope.json",
]
BOGUS_PER_PARAMETER = 4


@dataclass(frozen=True)
class Slot:
    """One parameter of a route: its name (or position) and its pattern."""

    name: str
    regex: str


@dataclass(frozen=True)
class PublicURL:
    key: str  # the URL's name, or its view's dotted path when it has none
    parts: tuple  # the resolver's patterns, outermost first
    i18n: bool  # under i18n_patterns (French at the root, /en/…)

    @property
    def slots(self):
        return [slot for part in self.parts for slot in _slots(part)]

    def route(self):
        return "".join(_source(part) for part in self.parts if not _is_locale(part))

    def path(self, values, language_prefix=""):
        """The path with ``values`` ({slot name: text}) in the parameters."""
        built = []
        for part in self.parts:
            if _is_locale(part):
                built.append(language_prefix)
            else:
                built.append(_fill(_source(part), _slots(part), values))
        return "/" + "".join(built)


def _is_locale(part):
    return isinstance(part, LocalePrefixPattern)


def _source(part):
    if isinstance(part, RoutePattern):
        return part.regex.pattern
    if isinstance(part, RegexPattern):
        return part._regex
    raise TypeError(f"no source for {part!r}")


def _groups(source):
    """(start, end, name or None, inner regex) of each top-level capturing group."""
    groups, depth, start, escaped = [], 0, None, False
    for index, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                text = source[start + 1 : index]
                named = re.match(r"\?P<(\w+)>", text)
                if named:
                    groups.append((start, index + 1, named.group(1), text[named.end() :]))
                elif not text.startswith("?"):
                    groups.append((start, index + 1, None, text))
    return groups


def _slots(part):
    if _is_locale(part):
        return []
    slots = []
    for position, (_start, _end, name, inner) in enumerate(_groups(_source(part))):
        slots.append(Slot(name or str(position), inner))
    return slots


def _fill(source, slots, values):
    text, offset = source, 0
    for slot, (start, end, _name, _inner) in zip(slots, _groups(source), strict=True):
        value = str(values[slot.name])
        text = text[: start + offset] + value + text[end + offset :]
        offset += len(value) - (end - start)
    text = re.sub(r"^\^|\\Z$|\$$", "", text)
    text = text.replace("\\.", ".").replace("\\-", "-")
    if re.search(r"[()\[\]*+?\\]", text):
        raise Unfillable(f"cannot build a path from {source!r}")
    return text


def bogus_values(slot):
    return [value for value in BOGUS if re.fullmatch(slot.regex, value)][:BOGUS_PER_PARAMETER]


class Unfillable(Exception):
    pass


def public_urls():
    """Every URL outside the Wagtail admin (walked logged in elsewhere)."""
    found = []

    def walk(patterns, parts, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, (*parts, pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    key = f"{namespace}:{pattern.name}" if namespace else pattern.name
                else:
                    key = f"{pattern.callback.__module__}.{pattern.callback.__qualname__}"
                found.append(PublicURL(key, (*parts, pattern.pattern), any(map(_is_locale, parts))))

    walk(get_resolver().url_patterns, (), None)
    return [url for url in found if not url.route().startswith("^admin/")]

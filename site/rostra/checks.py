"""System checks of the plugin contract: start-up (and ``manage.py check``)
refuses what a plugin declares wrong, with the fix in the hint."""

import re

from django.core import checks

from rostra import plugins


@checks.register(checks.Tags.models)
def plugin_page_types(app_configs=None, page_models=None, **kwargs):
    """Every page type of a plugin is gated by ``rostra.plugins.PluginPage``, and
    no class from outside the plugin answers before the gate (RoutablePageMixin
    routes, Wagtail's Page creates)."""
    if page_models is None:
        from wagtail.models import get_page_models

        page_models = get_page_models()
    errors = []
    for model in page_models:
        config = model._meta.app_config
        if not isinstance(config, plugins.PluginConfig):
            continue
        if not issubclass(model, plugins.PluginPage):
            errors.append(
                checks.Error(
                    f"{model._meta.label} is a page type of the plugin {config.label!r} "
                    "but is not gated by rostra.plugins.PluginPage.",
                    hint="Put PluginPage first among its bases: then it cannot be created, "
                    "and its pages answer 404, where the plugin is switched off.",
                    obj=model,
                    id="rostra.E001",
                )
            )
            continue
        mro = model.__mro__
        before = [
            base
            for base in mro[: mro.index(plugins.PluginPage)]
            if not base.__module__.startswith(f"{config.name}.") and base.__module__ != config.name
        ]
        if before:
            errors.append(
                checks.Error(
                    f"{model._meta.label}: {', '.join(b.__qualname__ for b in before)} "
                    "come(s) before rostra.plugins.PluginPage and would answer before the gate.",
                    hint="Put PluginPage first among the page type's bases.",
                    obj=model,
                    id="rostra.E002",
                )
            )
    return errors


@checks.register()
def consent_purposes(app_configs=None, **kwargs):
    """Each plugin's ``consent_purposes`` are Purpose objects with a code of
    letters, digits and underscores that no one else declares."""
    from rostra.people.purposes import CORE_PURPOSES, Purpose

    owners = {purpose.code: "the core" for purpose in CORE_PURPOSES}
    errors = []
    for config in plugins.installed():
        for purpose in config.consent_purposes:
            if not isinstance(purpose, Purpose) or not _PURPOSE_CODE.fullmatch(purpose.code):
                errors.append(
                    checks.Error(
                        f"the plugin {config.label!r} declares the consent purpose "
                        f"{purpose!r}, which is not a valid Purpose.",
                        hint="Declare rostra.people.purposes.Purpose(code, label), with a code "
                        "of lower-case letters, digits and underscores (64 at most).",
                        obj=config,
                        id="rostra.E003",
                    )
                )
            elif purpose.code in owners:
                errors.append(
                    checks.Error(
                        f"the consent purpose {purpose.code!r} of the plugin {config.label!r} "
                        f"is already declared by {owners[purpose.code]}.",
                        hint="Give the plugin's purpose a code of its own (e.g. prefixed "
                        "with its label).",
                        obj=config,
                        id="rostra.E004",
                    )
                )
            else:
                owners[purpose.code] = f"the plugin {config.label!r}"
    return errors


_PURPOSE_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")


@checks.register(checks.Tags.models)
def records_left_out_of_the_reference_index(app_configs=None, models=None, **kwargs):
    """Wagtail's reference index (the "usage" of a page, image or document)
    queues a task on every save of a model it tracks (pages, snippets, models
    with an admin viewset) that has a foreign key. For the rows
    Rostra keeps by the thousand (gifts, signatures, recipients, RSVPs, door
    visits) that is one task per row and "usage" listings nobody can read, so
    only content stays in it: pages, settings, snippets and models with a
    StreamField or rich text (or whose child rows, in one cluster, have one)."""
    from django.apps import apps
    from wagtail.models import ReferenceIndex

    if models is None:
        models = [
            model
            for model in apps.get_models()
            if isinstance(model._meta.app_config, plugins.PluginConfig)
            or model._meta.app_config.name.startswith("rostra.")
        ]
    return [
        checks.Error(
            f"{model._meta.label} is in Wagtail's reference index: each save of one "
            "queues an index task.",
            hint="Set wagtail_reference_index_ignore = True on the model if its rows are "
            "records rather than content (see rostra/checks.py).",
            obj=model,
            id="rostra.E011",
        )
        for model in models
        if ReferenceIndex.model_is_indexable(model) and not _is_content(model)
    ]


def _is_content(model):
    from modelcluster.models import get_all_child_relations
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    return (
        issubclass(model, (Page, BaseSiteSetting, BaseGenericSetting))
        or model in get_snippet_models()
        or any(hasattr(field, "extract_references") for field in model._meta.get_fields())
        # A cluster whose children hold the content (an automation's messages).
        or any(_is_content(rel.related_model) for rel in get_all_child_relations(model))
    )

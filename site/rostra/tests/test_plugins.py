"""The plugin contract: discovery, per-site switches, signals that respect them."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

from rostra import plugins, signals
from rostra.people import api
from rostra.sitesettings.models import PluginSettings
from rostra.tests.sampleplugin import receivers

SITE_DIR = Path(__file__).resolve().parents[2]


def test_in_tree_plugins_are_found_through_entry_points():
    labels = {config.label for config in plugins.installed()}
    assert {"petitions", "donations", "network"} <= labels
    assert plugins.get("petitions").name == "rostra_petitions"
    names = plugins.discover()
    assert names == sorted(names, key=lambda name: name)  # stable order
    assert {"rostra_petitions", "rostra_donations", "rostra_network"} <= set(names)


def test_a_plugin_can_be_excluded_by_name():
    assert "rostra_petitions" not in plugins.discover(exclude=["petitions"])


@pytest.mark.django_db
def test_switched_off_on_one_site_only(national_site, other_site):
    PluginSettings.objects.update_or_create(
        site=other_site, defaults={"enabled": ["petitions", "donations", "network"]}
    )
    assert plugins.is_enabled("sampleplugin", national_site)
    assert not plugins.is_enabled("sampleplugin", other_site)
    assert plugins.is_enabled("petitions", other_site)


@pytest.mark.django_db
def test_site_signal_reaches_only_plugins_enabled_on_that_site(national_site, other_site):
    PluginSettings.objects.update_or_create(site=other_site, defaults={"enabled": []})
    receivers.received.clear()
    core_calls = []

    def core_receiver(sender, person, site, **kwargs):  # a receiver outside any plugin
        core_calls.append(site.pk)

    signals.person_created.connect(core_receiver)
    try:
        on_national, _ = api.find_or_create(email="a@example.org", site=national_site)
        on_other, _ = api.find_or_create(email="b@example.org", site=other_site)
    finally:
        signals.person_created.disconnect(core_receiver)

    assert ("person_created", on_national.pk, national_site.pk) in receivers.received
    assert all(entry[1] != on_other.pk for entry in receivers.received)
    assert core_calls == [national_site.pk, other_site.pk]


@pytest.mark.django_db
def test_switching_back_on_takes_effect_at_once(national_site):
    PluginSettings.objects.update_or_create(site=national_site, defaults={"enabled": []})
    assert not plugins.is_enabled("sampleplugin", national_site)
    settings_row = PluginSettings.objects.get(site=national_site)
    settings_row.enabled = ["sampleplugin"]
    settings_row.save()
    assert plugins.is_enabled("sampleplugin", national_site)


@pytest.mark.django_db
def test_erasure_reaches_plugins_switched_off_everywhere(national_site):
    PluginSettings.objects.update_or_create(site=national_site, defaults={"enabled": []})
    person, _ = api.find_or_create(email="erase@example.org", site=national_site)
    receivers.received.clear()
    report = api.erase(person)
    assert ("person_erased", person.pk, None) in receivers.received
    assert "sampleplugin: 0 sample records anonymised" in report.done


@pytest.mark.django_db
def test_plugins_command_lists_plugins_and_their_sites(national_site, capsys):
    call_command("plugins")
    output = capsys.readouterr().out
    assert "petitions" in output and "localhost" in output


def _build_distribution(tmp_path, name, module_source):
    """Build a wheel of a one-module plugin and install it into a private folder."""
    project = tmp_path / f"{name}-src"
    package = project / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(textwrap.dedent(module_source))
    (project / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""
            [build-system]
            requires = ["setuptools"]
            build-backend = "setuptools.build_meta"
            [project]
            name = "{name.replace("_", "-")}"
            version = "1.2.3"
            [project.entry-points."rostra.plugins"]
            {name.removeprefix("rostra_")} = "{name}"
            [tool.setuptools]
            packages = ["{name}"]
            """
        )
    )
    return _install(project, tmp_path)


def _install(project, tmp_path):
    """Build the project's wheel and install it into a private folder."""
    wheels, target = tmp_path / "wheels", tmp_path / "installed"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, project], check=True
    )
    wheel = next(wheels.glob("*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", target, wheel], check=True)
    return target


def _manage(target, *args, **env):
    environment = {
        **os.environ,
        "PYTHONPATH": f"{target}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DJANGO_SETTINGS_MODULE": "rostra.settings.test",
        # A database that was never migrated: start-up must not need one.
        "DATABASE_URL": f"sqlite:///{target / 'empty.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, SITE_DIR / "manage.py", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


@pytest.mark.own_database
@pytest.mark.slow
def test_plugin_from_an_installed_distribution_shows_up_without_settings(tmp_path):
    target = _build_distribution(
        tmp_path,
        "rostra_thirdparty",
        """
        from rostra.plugins import PluginConfig

        class ThirdPartyConfig(PluginConfig):
            name = "rostra_thirdparty"
            label = "thirdparty"
            verbose_name = "Third-party plugin"
            version = "1.2.3"
            default = True
        """,
    )
    result = _manage(target, "plugins")
    assert result.returncode == 0, result.stderr
    assert "thirdparty\t1.2.3\trostra_thirdparty" in result.stdout


@pytest.mark.own_database
@pytest.mark.slow
def test_a_plugin_that_fails_to_import_stops_startup_with_its_name(tmp_path):
    target = _build_distribution(tmp_path, "rostra_broken", "raise ImportError('needs libfoo')\n")
    (target / "rostra_broken" / "__init__.py").write_text("import rostra_broken.apps\n")
    result = _manage(target, "check")
    assert result.returncode == 2
    assert "Rostra cannot start: the plugin 'broken'" in result.stderr
    assert "needs libfoo" in result.stderr
    assert "ROSTRA_PLUGINS_EXCLUDE=broken" in result.stderr
    assert "Traceback" not in result.stderr

    excluded = _manage(target, "check", ROSTRA_PLUGINS_EXCLUDE="broken")
    assert excluded.returncode == 0, excluded.stderr


@pytest.mark.django_db
def test_site_signal_uses_the_plugins_its_sender_holds_and_looks_up_nothing(
    national_site, monkeypatch
):
    def no_lookup(site):
        raise AssertionError("the site's plugins were looked up")

    person = api.find_or_create(email="held@example.org")[0]
    monkeypatch.setattr(plugins, "enabled_labels", no_lookup)
    receivers.received.clear()
    signals.person_created.send(sender=None, person=person, site=national_site, enabled=frozenset())
    assert receivers.received == []  # sampleplugin is not among those given
    signals.person_created.send(
        sender=None, person=person, site=national_site, enabled=frozenset({"sampleplugin"})
    )
    assert receivers.received == [("person_created", person.pk, national_site.pk)]
    # A signal nobody listens to costs no lookup either.
    assert (
        signals.SiteSignal("A test signal.", sender="none").send(sender=None, site=national_site)
        == []
    )


TEMPLATE = SITE_DIR.parent / "docs" / "plugin-template"
# What docs/plugins.md says to rename to make a plugin of one's own.
SKILLS = (
    # Page types are named across plugins (Page.<model name>): the organising
    # plugin has a VolunteerPage of its own.
    ("VolunteerPage", "SkillsPage"),
    ("volunteerpage", "skillspage"),
    ("volunteer_contact", "skills_contact"),
    ("volunteers", "skills"),
    ("Volunteers", "Skills"),
)
CONTRACT_TESTS = (
    "test_person_data.py::test_a_merge_moves_the_offer_to_the_person_kept",
    "test_person_data.py::test_the_offer_is_in_the_persons_data_export",
    "test_person_data.py::test_erasure_blanks_the_offer_and_keeps_nothing",
    "test_skills.py::test_switched_off_for_the_site_the_plugin_is_gone",  # test_volunteers.py
    "test_candidate_sites.py::test_a_new_candidate_site_starts_with_a_volunteer_page_in_its_menu",
)


def _copy_renamed(template, project, names):
    """Copy the template as a third party starts a plugin: each name renamed in
    paths and in files; nothing compiled is copied."""
    for source in sorted(template.rglob("*")):
        if "__pycache__" in source.parts or source.suffix == ".mo" or source.is_dir():
            continue
        relative, text = str(source.relative_to(template)), source.read_text()
        for old, new in names:
            relative, text = relative.replace(old, new), text.replace(old, new)
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text)
    for catalogue in project.glob("*/locale/*/LC_MESSAGES/django.po"):
        subprocess.run(
            ["msgfmt", "--check-format", "-o", catalogue.with_suffix(".mo"), catalogue], check=True
        )


@pytest.mark.own_database
@pytest.mark.slow
def test_a_second_plugin_built_from_the_template_keeps_the_contract(tmp_path):
    """A "volunteer skills" plugin made from docs/plugin-template out of the tree,
    built as a wheel and installed: Rostra starts with it, and its tests show its
    person rows merged, exported and erased, its page gated by the plugin's
    switch, and its page on every new candidate site."""
    project = tmp_path / "rostra-skills"
    _copy_renamed(TEMPLATE, project, SKILLS)
    target = _install(project, tmp_path)

    listed = _manage(target, "plugins")
    assert listed.returncode == 0, listed.stderr
    # Its French catalogue ships in the wheel: the command speaks French (LANGUAGE_CODE).
    assert "skills\t1.0.0\trostra_skills\tBénévoles\t" in listed.stdout
    checked = _manage(target, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "System check identified no issues (0 silenced).\n"
    migrations = _manage(target, "makemigrations", "skills", "--check", "--dry-run")
    assert migrations.stdout == "No changes detected in app 'skills'\n", migrations.stderr

    # The plugin's own tests: its page, its purpose, its receiver, and the contract.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-p", "no:randomly"]
        + [str(target / "rostra_skills" / "tests")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": f"{target}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
            "DJANGO_SETTINGS_MODULE": "rostra.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'skills.sqlite3'}",
        },
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "10 passed" in tests.stdout
    for name in CONTRACT_TESTS:
        assert f"rostra_skills/tests/{name} PASSED" in tests.stdout

    # Without the page gate or the declaration of its person rows, Rostra
    # refuses to start and names what to fix.
    package = target / "rostra_skills"
    models, apps_module = package / "models.py", package / "apps.py"
    models.write_text(models.read_text().replace("(PluginPage, ", "("))
    apps_module.write_text(
        apps_module.read_text().replace('["rostra_skills.personal_data.AvailabilityRecords"]', "()")
    )
    refused = _manage(target, "check")
    assert refused.returncode == 1
    assert "skills.SkillsPage: (rostra.E001)" in refused.stderr
    assert "skills.Availability.person points at a person but no plugin declares it" in (
        refused.stderr
    )

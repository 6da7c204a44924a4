"""The person-data contract (rostra.personal_data): an undeclared foreign key
to a person stops start-up; declared rows follow merges, exports and erasure."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rostra import personal_data

SITE_DIR = Path(__file__).resolve().parents[2]

MODELS = """
from django.db import models


class Volunteer(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    skills = models.CharField(max_length=200, blank=True)

    class Meta:
        app_label = "skills"
"""

DECLARATION = """
from rostra.personal_data import PersonRecords


class VolunteerRecords(PersonRecords):
    model = "skills.Volunteer"
    title = "Volunteer skills"
    export_fields = ("skills",)
    erase_fields = ("skills",)
"""


def _install_plugin(folder, *, declared):
    """A plugin installed the way pip leaves one: its package and a dist-info
    folder holding its entry point (no wheel to build: only discovery matters)."""
    package = folder / "rostra_skills"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text(MODELS)
    (package / "personal_data.py").write_text(DECLARATION)
    personal = '["rostra_skills.personal_data.VolunteerRecords"]' if declared else "()"
    (package / "apps.py").write_text(
        textwrap.dedent(
            f"""
            from rostra.plugins import PluginConfig

            class SkillsConfig(PluginConfig):
                name = "rostra_skills"
                label = "skills"
                verbose_name = "Volunteer skills"
                default = True
                personal_data = {personal}
            """
        )
    )
    info = folder / "rostra_skills-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rostra-skills\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[rostra.plugins]\nskills = rostra_skills\n")


def _check(folder):
    environment = {
        **os.environ,
        "PYTHONPATH": f"{folder}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DJANGO_SETTINGS_MODULE": "rostra.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'empty.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, SITE_DIR / "manage.py", "check"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


@pytest.mark.own_database
@pytest.mark.slow
def test_an_undeclared_foreign_key_to_a_person_stops_startup_naming_the_model(tmp_path):
    _install_plugin(tmp_path, declared=False)
    result = _check(tmp_path)
    assert result.returncode != 0
    assert "rostra.E010" in result.stderr
    assert "skills.Volunteer.person points at a person but no plugin declares it" in result.stderr


@pytest.mark.own_database
@pytest.mark.slow
def test_the_same_plugin_starts_once_it_declares_its_model(tmp_path):
    _install_plugin(tmp_path, declared=True)
    result = _check(tmp_path)
    assert result.returncode == 0, result.stderr


def test_every_installed_relation_to_a_person_is_declared():
    assert personal_data.undeclared() == []
    assert personal_data.check_person_relations() == []

from django.db import migrations


def install(apps, schema_editor):
    from rostra_targeting.blocs import install_defaults

    install_defaults(apps.get_model("targeting", "Bloc"), apps.get_model("targeting", "NuanceBloc"))


class Migration(migrations.Migration):
    dependencies = [("targeting", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

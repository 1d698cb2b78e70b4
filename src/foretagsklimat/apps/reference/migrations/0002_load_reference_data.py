"""Load the 290 municipalities, 21 counties and 9 SKR groups shipped with the package."""

from django.db import migrations


def load(apps, schema_editor):
    from foretagsklimat.apps.reference.services import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""The company register's search key (``Company.search_name``), filled in for every
company already stored."""

from django.db import migrations, models

from foretagsklimat.reference.search import search_key


def fill_search_names(apps, schema_editor):
    Company = apps.get_model("workspace", "Company")
    batch = []
    for company in Company.objects.only("pk", "name").iterator(chunk_size=2000):
        company.search_name = search_key(company.name)
        batch.append(company)
        if len(batch) == 2000:
            Company.objects.bulk_update(batch, ["search_name"])
            batch = []
    Company.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("workspace", "0007_invitations")]

    operations = [
        migrations.AddField(
            model_name="company",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]

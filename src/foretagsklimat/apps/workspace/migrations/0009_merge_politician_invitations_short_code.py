"""Joins three branches developed side by side: the politician role, invitations with the
company search column, and the evaluation's short code with the calendar feed."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0007_politician_role"),
        ("workspace", "0007_visit_short_code"),
        ("workspace", "0008_company_search_name"),
    ]

    operations = []

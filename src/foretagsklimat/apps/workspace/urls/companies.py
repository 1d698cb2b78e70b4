"""The company register and its contacts."""

from ..views import companies, contacts
from .converters import workspace_path

urlpatterns = [
    workspace_path("foretag/", companies.company_list, name="companies"),
    workspace_path("foretag/nytt/", companies.company_create, name="company_create"),
    workspace_path("foretag/sok/", companies.company_search, name="company_search"),
    workspace_path("foretag/importera/", companies.company_import, name="company_import"),
    workspace_path(
        "foretag/importera/mall/",
        companies.company_import_template,
        name="company_import_template",
    ),
    workspace_path("foretag/<int:company_id>/", companies.company_detail, name="company"),
    workspace_path("foretag/<int:company_id>/andra/", companies.company_edit, name="company_edit"),
    workspace_path(
        "foretag/<int:company_id>/kontakter/ny/", contacts.contact_create, name="contact_create"
    ),
    workspace_path("kontakter/<int:contact_id>/andra/", contacts.contact_edit, name="contact_edit"),
    workspace_path(
        "kontakter/<int:contact_id>/radera/", contacts.contact_erase, name="contact_erase"
    ),
    workspace_path(
        "kontakter/<int:contact_id>/omnamnanden/ta-bort/",
        contacts.contact_mention_remove,
        name="contact_mention_remove",
    ),
    workspace_path(
        "kontakter/<int:contact_id>/utdrag/", contacts.contact_export, name="contact_export"
    ),
]

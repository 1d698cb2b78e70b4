from django.urls import path, register_converter

from .views import companies, contacts, home, members, visits


class KommunkodConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KommunkodConverter, "kommunkod")

app_name = "workspace"

urlpatterns = [
    path("", home.index, name="index"),
    path("<kommunkod:kommunkod>/", home.home, name="home"),
    path("<kommunkod:kommunkod>/foretag/", companies.company_list, name="companies"),
    path("<kommunkod:kommunkod>/foretag/nytt/", companies.company_create, name="company_create"),
    path(
        "<kommunkod:kommunkod>/foretag/importera/", companies.company_import, name="company_import"
    ),
    path(
        "<kommunkod:kommunkod>/foretag/<int:company_id>/", companies.company_detail, name="company"
    ),
    path(
        "<kommunkod:kommunkod>/foretag/<int:company_id>/andra/",
        companies.company_edit,
        name="company_edit",
    ),
    path(
        "<kommunkod:kommunkod>/foretag/<int:company_id>/kontakter/ny/",
        contacts.contact_create,
        name="contact_create",
    ),
    path(
        "<kommunkod:kommunkod>/kontakter/<int:contact_id>/andra/",
        contacts.contact_edit,
        name="contact_edit",
    ),
    path(
        "<kommunkod:kommunkod>/kontakter/<int:contact_id>/radera/",
        contacts.contact_erase,
        name="contact_erase",
    ),
    path(
        "<kommunkod:kommunkod>/kontakter/<int:contact_id>/utdrag/",
        contacts.contact_export,
        name="contact_export",
    ),
    path("<kommunkod:kommunkod>/medlemmar/", members.member_list, name="members"),
    path(
        "<kommunkod:kommunkod>/medlemmar/<int:membership_id>/roll/",
        members.member_role,
        name="member_role",
    ),
    path(
        "<kommunkod:kommunkod>/medlemmar/<int:membership_id>/ta-bort/",
        members.member_remove,
        name="member_remove",
    ),
    path("<kommunkod:kommunkod>/logg/", home.audit_log, name="audit_log"),
    path("<kommunkod:kommunkod>/besok/", visits.visit_list, name="visits"),
    path("<kommunkod:kommunkod>/besok/nytt/", visits.visit_create, name="visit_create"),
    path("<kommunkod:kommunkod>/besok/<int:visit_id>/", visits.visit_detail, name="visit"),
    path("<kommunkod:kommunkod>/besok/<int:visit_id>/andra/", visits.visit_edit, name="visit_edit"),
    path(
        "<kommunkod:kommunkod>/besok/<int:visit_id>/genomfort/",
        visits.visit_held,
        name="visit_held",
    ),
    path("<kommunkod:kommunkod>/besoksmal/", visits.target_list, name="targets"),
    path("<kommunkod:kommunkod>/besoksmal/nytt/", visits.target_create, name="target_create"),
    path(
        "<kommunkod:kommunkod>/besoksmal/<int:target_id>/ta-bort/",
        visits.target_delete,
        name="target_delete",
    ),
    path("utvardering/<str:token>/", visits.evaluate, name="evaluate"),
]

from .urls_support import urlpatterns as support_urlpatterns  # noqa: E402

urlpatterns += support_urlpatterns

from .urls_goals import urlpatterns as goals_urlpatterns  # noqa: E402

urlpatterns += goals_urlpatterns

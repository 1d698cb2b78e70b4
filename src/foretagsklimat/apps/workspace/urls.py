from django.urls import path, register_converter

from .views import companies, contacts, home, members


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
    path("<kommunkod:kommunkod>/foretag/importera/", companies.company_import,
         name="company_import"),
    path("<kommunkod:kommunkod>/foretag/<int:company_id>/", companies.company_detail,
         name="company"),
    path("<kommunkod:kommunkod>/foretag/<int:company_id>/andra/", companies.company_edit,
         name="company_edit"),
    path("<kommunkod:kommunkod>/foretag/<int:company_id>/kontakter/ny/",
         contacts.contact_create, name="contact_create"),
    path("<kommunkod:kommunkod>/kontakter/<int:contact_id>/andra/", contacts.contact_edit,
         name="contact_edit"),
    path("<kommunkod:kommunkod>/kontakter/<int:contact_id>/radera/", contacts.contact_erase,
         name="contact_erase"),
    path("<kommunkod:kommunkod>/kontakter/<int:contact_id>/utdrag/", contacts.contact_export,
         name="contact_export"),
    path("<kommunkod:kommunkod>/medlemmar/", members.member_list, name="members"),
    path("<kommunkod:kommunkod>/medlemmar/<int:membership_id>/roll/", members.member_role,
         name="member_role"),
    path("<kommunkod:kommunkod>/medlemmar/<int:membership_id>/ta-bort/", members.member_remove,
         name="member_remove"),
    path("<kommunkod:kommunkod>/logg/", home.audit_log, name="audit_log"),
]

from .urls_support import urlpatterns as support_urlpatterns  # noqa: E402

urlpatterns += support_urlpatterns

"""The workspace's URLs (``/arbetsyta/``), one module per feature. Every page but the list
of one's workspaces and the evaluation link starts with the municipality code."""

from . import calendar, companies, dashboard, followups, home, members, procurement, support, visits

app_name = "workspace"

urlpatterns = [
    *home.urlpatterns,
    *companies.urlpatterns,
    *members.urlpatterns,
    *visits.urlpatterns,
    *calendar.urlpatterns,
    *support.urlpatterns,
    *procurement.urlpatterns,
    *followups.urlpatterns,
    *dashboard.urlpatterns,
]

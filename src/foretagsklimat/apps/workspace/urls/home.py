"""The list of one's workspaces, a workspace's home page and its audit log."""

from django.urls import path

from ..views import audit_log, home
from .converters import workspace_path

urlpatterns = [
    path("", home.index, name="index"),
    workspace_path("", home.home, name="home"),
    workspace_path("logg/", audit_log.audit_log, name="audit_log"),
]

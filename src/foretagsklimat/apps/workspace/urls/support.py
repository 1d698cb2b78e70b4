"""The support catalogue and its referrals."""

from ..views import support
from .converters import workspace_path

urlpatterns = [
    workspace_path("stod/", support.offering_list, name="support_offerings"),
    workspace_path("stod/nytt/", support.offering_create, name="support_offering_create"),
    workspace_path("stod/<int:offering_id>/", support.offering_detail, name="support_offering"),
    workspace_path(
        "stod/<int:offering_id>/andra/", support.offering_edit, name="support_offering_edit"
    ),
    workspace_path(
        "stod/<int:offering_id>/ta-bort/", support.offering_delete, name="support_offering_delete"
    ),
    workspace_path(
        "stod/<int:offering_id>/hanvisa/",
        support.referral_create_for_offering,
        name="support_referral_create",
    ),
    workspace_path(
        "stod/hanvisningar/<int:referral_id>/ta-bort/",
        support.referral_delete,
        name="support_referral_delete",
    ),
    workspace_path(
        "foretag/<int:company_id>/stod/ny/",
        support.referral_create_for_company,
        name="company_referral_create",
    ),
]

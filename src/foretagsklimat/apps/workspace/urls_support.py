"""URLs of the support catalogue, the procurement dialogue and the follow-up actions."""

from django.urls import path

from .views import followups, procurement, support

urlpatterns = [
    path("<kommunkod:kommunkod>/stod/", support.offering_list, name="support_offerings"),
    path(
        "<kommunkod:kommunkod>/stod/nytt/", support.offering_create, name="support_offering_create"
    ),
    path(
        "<kommunkod:kommunkod>/stod/<int:offering_id>/",
        support.offering_detail,
        name="support_offering",
    ),
    path(
        "<kommunkod:kommunkod>/stod/<int:offering_id>/andra/",
        support.offering_edit,
        name="support_offering_edit",
    ),
    path(
        "<kommunkod:kommunkod>/stod/<int:offering_id>/hanvisa/",
        support.referral_create_for_offering,
        name="support_referral_create",
    ),
    path(
        "<kommunkod:kommunkod>/foretag/<int:company_id>/stod/ny/",
        support.referral_create_for_company,
        name="company_referral_create",
    ),
    path("<kommunkod:kommunkod>/upphandling/", procurement.item_list, name="procurement"),
    path(
        "<kommunkod:kommunkod>/upphandling/ny/", procurement.item_create, name="procurement_create"
    ),
    path(
        "<kommunkod:kommunkod>/upphandling/<int:item_id>/andra/",
        procurement.item_edit,
        name="procurement_edit",
    ),
    path("<kommunkod:kommunkod>/uppfoljning/", followups.follow_up_list, name="followups"),
    path(
        "<kommunkod:kommunkod>/uppfoljning/ny/", followups.follow_up_create, name="followup_create"
    ),
    path(
        "<kommunkod:kommunkod>/uppfoljning/<int:follow_up_id>/klar/",
        followups.follow_up_done,
        name="followup_done",
    ),
]

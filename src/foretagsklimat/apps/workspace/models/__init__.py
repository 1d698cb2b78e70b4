"""The workspace's models, one module per feature; all importable from here, as Django
and the rest of the app expect.

The tenant is :class:`~foretagsklimat.apps.reference.models.Municipality`. Every model has
a ``for_municipality`` query (:class:`.base.ScopedQuerySet`); views reach objects only
through :mod:`foretagsklimat.apps.workspace.access`, which uses it.
"""

from .audit import AuditEntry
from .base import Audited, ScopedModel, ScopedQuerySet, WorkspaceModel
from .companies import ORGNR_REASONS, Company, Contact, ContactQuerySet, SizeClass, validate_orgnr
from .followups import FollowUp, FollowUpStatus
from .goals import Goal, GoalKind
from .members import Invitation, InvitationKind, InvitationQuerySet, Membership, Role
from .procurement import ProcurementItem, ProcurementKind, ProcurementStatus
from .published import PublishedResult
from .support import (
    ReferralOutcome,
    ReferralQuerySet,
    ReferralType,
    SupportKind,
    SupportOffering,
    SupportReferral,
)
from .visits import (
    CODE_ALPHABET,
    Evaluation,
    TargetKind,
    Topic,
    Visit,
    VisitTarget,
    format_evaluation_code,
    normalise_evaluation_code,
)

__all__ = [
    "CODE_ALPHABET",
    "ORGNR_REASONS",
    "AuditEntry",
    "Audited",
    "Company",
    "Contact",
    "ContactQuerySet",
    "Evaluation",
    "FollowUp",
    "FollowUpStatus",
    "Goal",
    "GoalKind",
    "Invitation",
    "InvitationKind",
    "InvitationQuerySet",
    "Membership",
    "ProcurementItem",
    "ProcurementKind",
    "ProcurementStatus",
    "PublishedResult",
    "ReferralOutcome",
    "ReferralQuerySet",
    "ReferralType",
    "Role",
    "ScopedModel",
    "ScopedQuerySet",
    "SizeClass",
    "SupportKind",
    "SupportOffering",
    "SupportReferral",
    "TargetKind",
    "Topic",
    "Visit",
    "VisitTarget",
    "WorkspaceModel",
    "format_evaluation_code",
    "normalise_evaluation_code",
    "validate_orgnr",
]

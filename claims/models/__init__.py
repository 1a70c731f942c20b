"""The claims app's models, one module per topic; import them from here."""

from claims.models.claim import Claim, ClaimantType, ReviewStatus
from claims.models.dossier import DossierRevision, DossierRevisionQuerySet, RevisionImmutable
from claims.models.evidence import ClaimSource, Source, Stance, Verdict
from claims.models.features import ClaimFeatureKey, ClaimFeatures, ClaimKeyCount
from claims.models.review import Comment, Notification, Transition
from claims.models.story import Fact, FactSource, Story

__all__ = [
    "Claim",
    "ClaimFeatureKey",
    "ClaimFeatures",
    "ClaimKeyCount",
    "ClaimSource",
    "ClaimantType",
    "Comment",
    "DossierRevision",
    "DossierRevisionQuerySet",
    "Fact",
    "FactSource",
    "Notification",
    "ReviewStatus",
    "RevisionImmutable",
    "Source",
    "Stance",
    "Story",
    "Transition",
    "Verdict",
]

"""The petitions plugin's tables: the petition page, signatures, counting and abuse rules."""

from rostra_petitions.models.abuse import AbuseRule, Invalidation, PetitionLimits
from rostra_petitions.models.blueprint import PetitionBlueprint
from rostra_petitions.models.counting import (
    CountDelta,
    PetitionState,
    TerritoryCount,
    ThresholdCrossing,
)
from rostra_petitions.models.petition import PetitionIndexPage, PetitionPage
from rostra_petitions.models.signature import Confirmation, PaperBatch, Signature

__all__ = [
    "AbuseRule",
    "Confirmation",
    "CountDelta",
    "Invalidation",
    "PaperBatch",
    "PetitionBlueprint",
    "PetitionIndexPage",
    "PetitionLimits",
    "PetitionPage",
    "PetitionState",
    "Signature",
    "TerritoryCount",
    "ThresholdCrossing",
]

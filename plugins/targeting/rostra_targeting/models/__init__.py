from rostra_targeting.models.blocs import Bloc, NuanceBloc
from rostra_targeting.models.canvassing import DoorVisit, WalkList
from rostra_targeting.models.elections import (
    CandidateResult,
    Election,
    PollingStation,
    StationResult,
)
from rostra_targeting.models.electoral_list import ElectoralList, ListAccess, Voter
from rostra_targeting.models.imports import ResultsImport
from rostra_targeting.models.outlines import Outline
from rostra_targeting.models.register import RegisterAddress
from rostra_targeting.models.strategies import (
    IndicatorColumn,
    IndicatorSet,
    IndicatorValue,
    Strategy,
)

__all__ = [
    "Bloc",
    "CandidateResult",
    "DoorVisit",
    "Election",
    "ElectoralList",
    "ListAccess",
    "Voter",
    "WalkList",
    "IndicatorColumn",
    "IndicatorSet",
    "IndicatorValue",
    "NuanceBloc",
    "Outline",
    "PollingStation",
    "RegisterAddress",
    "ResultsImport",
    "StationResult",
    "Strategy",
]

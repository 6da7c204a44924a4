from rostra_network.models.batches import ProvisioningBatch
from rostra_network.models.blueprint import LOCKED_FIELDS, Blueprint
from rostra_network.models.candidates import CandidateProfile, CandidateSite
from rostra_network.models.credits import SignatureCredit
from rostra_network.models.pages import CandidateHomePage, NetworkDirectoryPage
from rostra_network.models.syndication import Syndication

__all__ = [
    "LOCKED_FIELDS",
    "Blueprint",
    "CandidateHomePage",
    "CandidateProfile",
    "CandidateSite",
    "NetworkDirectoryPage",
    "ProvisioningBatch",
    "SignatureCredit",
    "Syndication",
]

from .catalogue import SupportPackage, TrainingFormat, TrainingTopic, UniversalOffer
from .pages import OutreachOfferPage, TrainingMenuPage
from .placements import PlacementTerms

__all__ = [
    "OutreachOfferPage",
    "PlacementTerms",
    "SupportPackage",
    "TrainingFormat",
    "TrainingMenuPage",
    "TrainingTopic",
    "UniversalOffer",
]

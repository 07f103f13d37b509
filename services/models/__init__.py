from .catalogue import SupportPackage, TrainingFormat, TrainingTopic, UniversalOffer
from .pages import OutreachOfferPage, TrainingMenuPage

__all__ = [
    "OutreachOfferPage",
    "SupportPackage",
    "TrainingFormat",
    "TrainingMenuPage",
    "TrainingTopic",
    "UniversalOffer",
]

"""Every model of the app, so Django finds them: the catalogue snippets and the pages that show them.

They live in two modules so imports run one way: the pages use the form, the selectors and the pricing
rules, and those use the catalogue, which imports none of them.
"""

from services.catalogue import (
    SupportPackage,
    SupportPackagePriceChange,
    TrainingFormat,
    TrainingTopic,
    UniversalOffer,
)
from services.pages import OutreachOfferPage, TrainingMenuPage

__all__ = [
    "OutreachOfferPage",
    "SupportPackage",
    "SupportPackagePriceChange",
    "TrainingFormat",
    "TrainingMenuPage",
    "TrainingTopic",
    "UniversalOffer",
]

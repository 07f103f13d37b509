import factory
import wagtail_factories
from django.utils.text import slugify

from common.financial_years import FinancialYear
from services.models import (
    OutreachOfferPage,
    SupportPackage,
    TrainingFormat,
    TrainingMenuPage,
    TrainingTopic,
    UniversalOffer,
)


class UniversalOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UniversalOffer

    financial_year_start = factory.LazyFunction(lambda: FinancialYear.current().start_year)
    price_pence = 55_000
    summary = "Keeps the outreach service open to your school for the year."
    what_it_gives = "<ul><li>A telephone advice line</li><li>Behaviour surgeries twice a term</li></ul>"


class SupportPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPackage

    name = factory.Sequence(lambda n: f"Package {n}")
    slug = factory.LazyAttribute(lambda package: slugify(package.name))
    summary = "Specialist-teacher time for a pupil or a class."
    price_pence = 65_000
    hours = 7
    what_is_included = "<ul><li>An observation visit</li><li>A written report</li></ul>"
    who_it_is_for = "Any pupil or class."
    sort_order = factory.Sequence(lambda n: n)

    class Params:
        hourly = factory.Trait(sold_by_the_hour=True, hours=None, price_pence=10_000)


class TrainingFormatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingFormat

    name = "Half day"
    slug = factory.Sequence(lambda n: f"format-{n}")
    duration_minutes = 180
    price_pence = 47_000
    staff_included = 15
    extra_person_price_pence = 2_000
    sort_order = factory.Sequence(lambda n: n)


class TrainingTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingTopic
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: slugify(topic.title))
    summary = "Practical strategies for the classroom."
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def allowed_formats(self, create, extracted, **kwargs):
        if create and extracted:
            self.allowed_formats.set(extracted)


class OutreachOfferPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = OutreachOfferPage

    title = "Outreach support for schools"
    slug = "outreach"
    intro = "Support for mainstream primary schools."


class TrainingMenuPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TrainingMenuPage

    title = "Training for school staff"
    slug = "training"
    intro = "Training shaped to your school."

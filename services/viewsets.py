"""How staff list and edit the catalogue in the Wagtail admin."""

from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from services.models import SupportPackage, TrainingFormat, TrainingTopic, UniversalOffer


class CatalogueViewSet(SnippetViewSet):
    # A catalogue this small is searched best by plain "contains" matching on the database.
    search_backend_name = None


class UniversalOfferViewSet(CatalogueViewSet):
    model = UniversalOffer
    icon = "tick-inverse"
    menu_label = "Universal Support Offer"
    list_display = ["__str__", "price"]
    ordering = ["-financial_year_start"]
    search_fields = ["summary"]


class SupportPackageViewSet(CatalogueViewSet):
    model = SupportPackage
    icon = "list-ul"
    menu_label = "Packages and consultancy"
    list_display = ["name", "price", "hours", "must_follow", "is_active"]
    list_filter = ["is_active", "sold_by_the_hour", "requires_ehc_plan"]
    search_fields = ["name", "summary"]

    def get_queryset(self, request):
        return SupportPackage.objects.select_related("must_follow")


class TrainingFormatViewSet(CatalogueViewSet):
    model = TrainingFormat
    icon = "time"
    menu_label = "Training formats"
    list_display = ["__str__", "price", "staff_included", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class TrainingTopicViewSet(CatalogueViewSet):
    model = TrainingTopic
    icon = "doc-full"
    menu_label = "Training topics"
    list_display = ["title", "formats_label", "is_active"]
    list_filter = ["is_active", "allowed_formats"]
    search_fields = ["title", "summary"]

    def get_queryset(self, request):
        return TrainingTopic.objects.prefetch_related("allowed_formats")


class CatalogueViewSetGroup(SnippetViewSetGroup):
    menu_label = "Outreach catalogue"
    menu_icon = "pick"
    menu_order = 250
    items = (UniversalOfferViewSet, SupportPackageViewSet, TrainingFormatViewSet, TrainingTopicViewSet)

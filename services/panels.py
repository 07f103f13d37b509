"""What the Outreach page's editor shows of the catalogue: its prices and hours live in snippets (so the
portal charges what the page says), and an editor who opens the page to change a price finds each one
here with a link to where it is edited."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import Panel

from common.financial_years import FinancialYear
from services import selectors


def edit_url(snippet):
    return reverse(f"wagtailsnippets_services_{snippet._meta.model_name}:edit", args=[snippet.pk])


class OutreachCataloguePanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "services/admin/outreach_catalogue_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            this_year = FinancialYear.containing(timezone.localdate())
            years = [this_year, this_year.next]
            by_year = selectors.universal_offers_in(years=years)
            offers = [(year, by_year.get(year)) for year in years]
            context.update(
                this_year=this_year,
                offers=[(year, offer, offer and edit_url(offer)) for year, offer in offers],
                packages=[
                    (package, edit_url(package)) for package in selectors.packages_priced(year=this_year)
                ],
                add_offer_url=reverse("wagtailsnippets_services_universaloffer:add"),
                packages_url=reverse("wagtailsnippets_services_supportpackage:list"),
                add_package_url=reverse("wagtailsnippets_services_supportpackage:add"),
            )
            return context

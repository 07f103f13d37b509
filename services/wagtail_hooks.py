from wagtail.snippets.models import register_snippet

from services.viewsets import CatalogueViewSetGroup

register_snippet(CatalogueViewSetGroup)

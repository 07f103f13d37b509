import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

django_application = get_wsgi_application()

from common.page_cache import StoredPublicPages  # noqa: E402  (needs the settings loaded above)
from operations.logs import RequestLogging  # noqa: E402

# Outermost, the request id and the log line, so a page served from the cache is logged too.
application = RequestLogging(StoredPublicPages(django_application))

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from common.page_cache import public_page

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    if query:
        # No hit is counted: a database write on every anonymous visit is a cost and an easy target.
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    return render(
        request,
        "pages/search.html",
        {"search_query": query, "search_results": page_of_results},
    )


@require_GET
@public_page
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /portal/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")

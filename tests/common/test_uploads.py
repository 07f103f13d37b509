"""Uploads dropped as they arrive once a request's files pass the limit (common/uploads.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import ResolverMatch

from common.uploads import refused_uploads, upload_limit


def parsed(request):
    """The request once Django has read its body: its fields, its files, the files it dropped."""
    return request.POST, request.FILES, refused_uploads(request)


def posted(files, **fields):
    return RequestFactory().post("/anywhere/", {**files, **fields})


def test_a_file_over_the_site_s_limit_is_dropped_and_the_fields_after_it_are_read(settings):
    settings.UPLOAD_MAX_BYTES = 1000

    fields, files, refused = parsed(
        posted({"file": SimpleUploadedFile("scan.pdf", b"0" * 1001)}, description="Report")
    )

    assert "file" not in files
    assert refused == {"file"}
    assert fields["description"] == "Report"


def test_files_within_the_limit_together_are_kept(settings):
    settings.UPLOAD_MAX_BYTES = 1000

    _fields, files, refused = parsed(
        posted(
            {
                "first": SimpleUploadedFile("a.pdf", b"0" * 500),
                "second": SimpleUploadedFile("b.pdf", b"0" * 500),
                "third": SimpleUploadedFile("c.pdf", b"0"),
            }
        )
    )

    assert (files["first"].size, files["second"].size) == (500, 500)
    assert "third" not in files
    assert refused == {"third"}


def for_view_with_limit(request, limit):
    """`request` as Django has it once its URL names a view decorated with `upload_limit(limit)`."""
    request.resolver_match = ResolverMatch(upload_limit(limit)(lambda request: None), (), {})
    return request


@pytest.mark.parametrize(
    ("view_limit", "size", "is_kept"),
    [(100, 100, True), (100, 101, False), (5000, 1001, False)],
    ids=["within the view's", "over the view's", "a view's limit never raises the site's"],
)
def test_a_view_s_own_limit(settings, view_limit, size, is_kept):
    settings.UPLOAD_MAX_BYTES = 1000
    request = for_view_with_limit(posted({"file": SimpleUploadedFile("scan.pdf", b"0" * size)}), view_limit)

    _fields, files, refused = parsed(request)

    assert ("file" in files) == is_kept
    assert refused == (set() if is_kept else {"file"})

"""Supporting documents of a placement request: uploading, removing, and downloading them. The files
are in the private storage; this is the only way to them, and each download is recorded."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import posted, refusal_flashed, refusal_shown_on, status_for
from common.uploads import refused_uploads, upload_limit
from portal.placements import selectors
from portal.placements.forms import DocumentForm
from portal.placements.models.requests import AccessKind
from portal.placements.sections import SECTIONS_BY_SLUG
from portal.placements.services import documents as services
from portal.placements.services.requests import request_access_record
from portal.placements.views.requests import context_for, referrer_view, request_of, seen, while_editable

DOCUMENTS = SECTIONS_BY_SLUG["documents"]


@upload_limit(services.MAX_DOCUMENT_BYTES)
@referrer_view
@require_http_methods(["GET", "POST"])
@while_editable
def documents(request, placement_request):
    if request.method == "GET":
        seen(request, placement_request, f"section: {DOCUMENTS.title}")
    form = DocumentForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        refused_uploads=refused_uploads(request),
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            document = services.supporting_document_add(
                placement_request=placement_request,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                user=request.user,
            )
            messages.success(request, f"{document.original_name} is uploaded.")
            return redirect("placement_requests:documents", pk=placement_request.pk)
    return render(
        request,
        "placements/requests/documents.html",
        context_for(
            request,
            placement_request,
            section=DOCUMENTS,
            form=form,
            documents=selectors.supporting_documents_of(placement_request=placement_request),
        ),
        status=status_for(form),
    )


@referrer_view
@require_POST
@while_editable
def document_remove(request, placement_request, document_pk):
    document = get_object_or_404(
        selectors.supporting_documents_of(placement_request=placement_request), pk=document_pk
    )
    with refusal_flashed(request):
        services.supporting_document_remove(document=document, user=request.user)
        messages.success(request, f"{document.original_name} is removed.")
    return redirect("placement_requests:documents", pk=placement_request.pk)


@referrer_view
def document_download(request, pk, document_pk):
    placement_request = request_of(request, pk)
    document = get_object_or_404(
        selectors.supporting_documents_of(placement_request=placement_request), pk=document_pk
    )
    request_access_record(
        placement_request=placement_request,
        user=request.user,
        kind=AccessKind.DOWNLOADED,
        what=f"document: {document.original_name}",
    )
    return file_response(document)


def file_response(document):
    """The document as a download (never shown inline), with the type its content was recognised as."""
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )

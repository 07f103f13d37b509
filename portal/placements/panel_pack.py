"""The panel pack: every request on a meeting's agenda in one printable PDF, made with WeasyPrint from one
HTML template. The safeguarding sections are in it only for someone cleared to see them, so an uncleared
member's copy says they were left out."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from common.pdf import pdf_from_html
from portal.placements import selectors
from portal.placements.answers import answers_of
from portal.placements.models.requests import AccessKind
from portal.placements.services.requests import request_access_record


def panel_pack_html(*, meeting, user) -> str:
    agenda = list(selectors.agenda_of(meeting=meeting))
    return render_to_string(
        "placements/panel_pack.html",
        {
            "meeting": meeting,
            "cleared": selectors.may_see_safeguarding(user=user),
            "requests": [
                (placement_request, answers_of(placement_request, user=user)) for placement_request in agenda
            ],
        },
    )


def panel_pack_response(*, meeting, user) -> HttpResponse:
    """The pack as a download; each request in it is recorded as downloaded by `user`."""
    html = panel_pack_html(meeting=meeting, user=user)
    for placement_request in selectors.agenda_of(meeting=meeting):
        request_access_record(
            placement_request=placement_request,
            user=user,
            kind=AccessKind.DOWNLOADED,
            what="admin: panel pack",
        )
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="panel-pack-{meeting.meeting_date:%Y-%m-%d}.pdf"'
    return response

"""Importing attendance marks from the school information system's CSV, in the admin (MAPP panel >
Import attendance): the upload page, which documents the format and offers an example file; the preview,
which writes nothing; the confirmation, which imports exactly the previewed file; and the result.

The previewed file goes back to the confirmation inside the page, signed with the site's secret and the
person's id (django.core.signing), so it cannot be changed or swapped between the two; its preview's
fingerprint goes with it, and the import is refused if the records changed since.
"""

from dataclasses import asdict

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from common.admin import require_permission
from common.errors import DomainError
from common.forms import add_domain_error, posted, refusal_shown_on, status_for
from common.uploads import refused_uploads, upload_limit
from portal.placements import attendance_import
from portal.placements.forms import AttendanceImportConfirmForm, AttendanceImportForm
from portal.placements.services.attendance_import import NOTHING_TO_IMPORT
from portal.placements.services.attendance_import import attendance_import as import_attendance

IMPORT_ATTENDANCE = "placements.change_placement"
CARRIED_FOR = 60 * 60  # seconds a preview can be confirmed for
RESULT = "placements_attendance_import_result"  # the last import's counts, in the session
EXAMPLE_NAME = "attendance-import-example.csv"

NOT_THE_PREVIEWED_FILE = (
    "The file to import is not the one previewed, or the preview is more than an hour old. Upload the "
    "file again."
)


def _salt(request):
    return f"placements.attendance_import:{request.user.pk}"


def _carried(request, text, preview):
    return signing.dumps({"text": text, "digest": preview.digest}, salt=_salt(request), compress=True)


def _uncarried(request, carried):
    """The previewed file's text and its preview's fingerprint, or None if `carried` was not signed here,
    for this person, within the hour."""
    try:
        value = signing.loads(carried, salt=_salt(request), max_age=CARRIED_FOR)
    except signing.BadSignature:
        return None
    return value["text"], value["digest"]


def _upload_page(request, form, *, problem=""):
    """The format and the upload form; `problem` is a refusal that is about no field of it."""
    return TemplateResponse(
        request,
        "placements/admin/attendance_import.html",
        {
            "form": form,
            "problem": problem,
            "columns": attendance_import.COLUMNS,
            "headings": ",".join(attendance_import.HEADINGS),
        },
        status=400 if problem else status_for(form),
    )


def _preview_page(request, text, preview, *, refusal=None, skip_errors=False):
    """The preview of `text`, with the confirmation; `refusal` is the import's, shown on it."""
    carried = _carried(request, text, preview)
    if refusal is None:
        form = AttendanceImportConfirmForm(initial={"carried": carried})
    else:
        form = AttendanceImportConfirmForm({"carried": carried, "skip_errors": skip_errors})
        form.is_valid()
        add_domain_error(form, refusal)
    return TemplateResponse(
        request,
        "placements/admin/attendance_import_preview.html",
        {"preview": preview, "form": form, "nothing_to_import": NOTHING_TO_IMPORT},
        status=status_for(form),
    )


@upload_limit(attendance_import.MAX_IMPORT_BYTES)
def attendance_import_upload(request):
    """GET: the format and the upload form; POST: the preview of the uploaded file (nothing written)."""
    require_permission(request, IMPORT_ATTENDANCE)
    form = AttendanceImportForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        refused_uploads=refused_uploads(request),
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            text = attendance_import.decoded(form.cleaned_data["file"].read())
            preview = attendance_import.attendance_preview(text, today=timezone.localdate())
            return _preview_page(request, text, preview)
    return _upload_page(request, form)


@require_POST
def attendance_import_confirm(request):
    """Import the previewed file's valid rows; a refusal shows on the preview, drawn again as it is now."""
    require_permission(request, IMPORT_ATTENDANCE)
    form = AttendanceImportConfirmForm(request.POST)
    carried = _uncarried(request, form.cleaned_data["carried"]) if form.is_valid() else None
    if carried is None:
        return _upload_page(request, AttendanceImportForm(), problem=NOT_THE_PREVIEWED_FILE)
    text, digest = carried
    skip_errors = form.cleaned_data["skip_errors"]
    try:
        result = import_attendance(text=text, user=request.user, previewed=digest, skip_errors=skip_errors)
    except DomainError as refusal:
        preview = attendance_import.attendance_preview(text, today=timezone.localdate())
        return _preview_page(request, text, preview, refusal=refusal, skip_errors=skip_errors)
    request.session[RESULT] = asdict(result)
    return redirect("placements_admin_attendance_import_done")


def attendance_import_done(request):
    """How many of the last import's rows were recorded, corrected, unchanged and skipped."""
    require_permission(request, IMPORT_ATTENDANCE)
    result = request.session.get(RESULT)
    if result is None:
        return redirect("placements_admin_attendance_import")
    return TemplateResponse(request, "placements/admin/attendance_import_done.html", {"result": result})


def attendance_import_example(request):
    require_permission(request, IMPORT_ATTENDANCE)
    return HttpResponse(
        attendance_import.example_csv(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{EXAMPLE_NAME}"'},
    )


class AttendanceImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_ATTENDANCE)

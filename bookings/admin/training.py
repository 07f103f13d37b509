"""Training requests in the admin: agree one (date, time, trainer, headcount: the catalogue prices it),
decline one with a reason, cancel one that will not take place with a reason, and record attendance once
it has taken place; each a declared transition."""

from django.contrib.admin import display
from django.utils import timezone
from wagtail_modeladmin.options import ModelAdmin

from bookings import selectors
from bookings.admin.facts import person
from bookings.forms import AgreeTrainingForm, CancelTrainingForm, DeclineTrainingForm, TrainingAttendanceForm
from bookings.models import TrainingRequest
from bookings.services import training
from common.admin import HistoryWithReasonsView, ReadOnlyPermissionHelper, RecordActionsMixin, TransitionView
from common.money import format_pence


class TrainingTransitionView(TransitionView):
    """What staff see of the request above each decision's form."""

    def get_page_title(self):
        return f"{self.submit_label}: {self.instance.reference}"

    def facts(self):
        request = self.instance
        return [
            ("School", request.school.name),
            ("Asked by", person(request.requested_by)),
            ("Format", str(request.training_format)),
            ("Topics", ", ".join(str(topic) for topic in request.topics.all())),
            ("Mode", request.get_mode_display()),
            ("Expected staff", request.staff_count),
            ("Preferred dates", ", ".join(f"{day:%-d %B %Y}" for day in request.preferred_dates)),
            ("Price when requested", format_pence(request.quoted_pence)),
            ("Notes", request.notes or "None"),
        ]


class AgreeTrainingView(TrainingTransitionView):
    transition = "agree"
    form_class = AgreeTrainingForm
    submit_label = "Agree the training"

    def act(self, data):
        agreed = training.training_agree(request=self.instance, user=self.request.user, **data)
        price = format_pence(agreed.agreed_price_pence)
        return f"{agreed.reference} is agreed at {price}. The school has been emailed."


class DeclineTrainingView(TrainingTransitionView):
    transition = "decline"
    form_class = DeclineTrainingForm
    submit_label = "Decline the request"

    def act(self, data):
        request = training.training_decline(
            request=self.instance, user=self.request.user, reason=data["reason"]
        )
        return f"{request.reference} is declined. The school has been emailed."


class CancelTrainingView(TrainingTransitionView):
    transition = "cancel"
    form_class = CancelTrainingForm
    submit_label = "Cancel the training"

    def act(self, data):
        request = training.training_cancel(
            request=self.instance, user=self.request.user, reason=data["reason"]
        )
        return f"{request.reference} is cancelled. The school has been emailed."


class TrainingAttendanceView(TrainingTransitionView):
    transition = "deliver"
    form_class = TrainingAttendanceForm
    submit_label = "Record attendance"

    @classmethod
    def permitted(cls, user, record):
        # Offered from the agreed day on: the service refuses it before then.
        return super().permitted(user, record) and selectors.training_has_taken_place(
            request=record, today=timezone.localdate()
        )

    def act(self, data):
        request = training.training_record_attendance(request=self.instance, user=self.request.user, **data)
        return f"{request.reference} is delivered: {request.attended_count} attended."


class TrainingRequestAdmin(RecordActionsMixin, ModelAdmin):
    model = TrainingRequest
    record_actions = {
        "agree": AgreeTrainingView,
        "decline": DeclineTrainingView,
        "cancel": CancelTrainingView,
        "attendance": TrainingAttendanceView,
    }
    menu_label = "Training requests"
    menu_icon = "doc-full"
    list_display = ["reference", "school", "training_format", "staff_count", "status", "agreed_date", "price"]
    list_filter = ["status", "mode", "school"]
    search_fields = ["school__name", "trainer"]
    ordering = ["status", "-created_at"]
    inspect_view_enabled = True
    history_view_class = HistoryWithReasonsView
    permission_helper_class = ReadOnlyPermissionHelper
    list_select_related = ["school", "training_format"]

    @display(description="price")
    def price(self, request):
        if request.agreed_price_pence is not None:
            return format_pence(request.agreed_price_pence)
        return f"{format_pence(request.quoted_pence)} (estimate)"

"""Training that will not take place: the school withdraws its request (or agreed training, before the day),
staff cancel one with a reason the school is emailed; neither while an order for it stands."""

import pytest
from django.urls import reverse

from bookings.models import TrainingRequest, TrainingStatus
from bookings.services import training
from common.errors import DomainError
from common.workflows import action_of
from portal.orders.services import cancellations
from records.rules import TrainingRequestRule
from tests.bookings.conftest import agree, ask, days_from_today

pytestmark = pytest.mark.django_db


def withdraw_page(request):
    return reverse("bookings:training_withdraw", args=[request.pk])


def detail_page(request):
    return reverse("bookings:training_request", args=[request.pk])


def test_the_person_who_asked_withdraws_the_request(riverside, menu, logged_changes):
    request = ask(riverside.teacher, menu)

    withdrawn = training.training_withdraw(request=request, membership=riverside.teacher)

    assert withdrawn.status == TrainingStatus.CANCELLED
    assert withdrawn.cancelled_at is not None
    assert logged_changes(withdrawn)[-1] == (
        action_of(TrainingRequest, "withdraw"),
        riverside.teacher.user,
        {"from": "Awaiting agreement", "to": "Cancelled"},
    )


def test_only_the_person_who_asked_or_an_administrator_may_withdraw(riverside, oakfield, menu):
    request = ask(riverside.teacher, menu)

    for someone_else in (riverside.colleague, oakfield.teacher):
        with pytest.raises(DomainError, match="Only the person who asked for this training"):
            training.training_withdraw(request=request, membership=someone_else)
    training.training_withdraw(request=request, membership=riverside.admin)

    request.refresh_from_db()
    assert request.status == TrainingStatus.CANCELLED


def test_agreed_training_is_withdrawn_until_its_day(riverside, menu, staff_user, time_machine):
    request = agree(ask(riverside.teacher, menu), staff_user, final_staff_count=20)

    time_machine.move_to(days_from_today(30))
    with pytest.raises(DomainError, match="The training day has passed"):
        training.training_withdraw(request=request, membership=riverside.teacher)

    request.refresh_from_db()
    assert request.status == TrainingStatus.AGREED


def test_ordered_training_stays_until_its_order_is_cancelled(riverside, menu, staff_user):
    request = agree(ask(riverside.teacher, menu), staff_user, final_staff_count=20)
    order = training.training_order(request=request, membership=riverside.admin, payment_method="card")

    with pytest.raises(DomainError, match=f"ordered \\({order.reference}\\), so it cannot be withdrawn"):
        training.training_withdraw(request=request, membership=riverside.admin)
    with pytest.raises(DomainError, match=f"ordered \\({order.reference}\\). Cancel that order first"):
        training.training_cancel(request=request, user=staff_user, reason="The trainer is ill.")

    cancellations.order_cancel_unpaid(order=order, cancelled_by=staff_user, why="Training cancelled.")
    cancelled = training.training_cancel(request=request, user=staff_user, reason="The trainer is ill.")

    assert cancelled.status == TrainingStatus.CANCELLED


def test_staff_cancel_with_a_reason_the_school_is_emailed(riverside, menu, staff_user, sent):
    request = agree(ask(riverside.teacher, menu), staff_user, final_staff_count=20)

    with pytest.raises(DomainError, match="Enter the reason"):
        training.training_cancel(request=request, user=staff_user, reason="  ")
    with sent() as emails:
        training.training_cancel(request=request, user=staff_user, reason="The trainer is ill that week.")

    request.refresh_from_db()
    assert (request.status, request.cancel_reason) == (
        TrainingStatus.CANCELLED,
        "The trainer is ill that week.",
    )
    (message,) = emails.messages
    assert message.to == ["teacher@riverside.test"]
    assert message.subject.endswith(f"Training {request.reference} cancelled")
    assert "Reason: The trainer is ill that week." in message.body


@pytest.mark.parametrize("ended", ["declined", "cancelled"])
def test_training_that_has_ended_is_not_cancelled_again(riverside, menu, staff_user, ended):
    request = ask(riverside.teacher, menu)
    if ended == "declined":
        training.training_decline(request=request, user=staff_user, reason="No trainer is free.")
    else:
        training.training_withdraw(request=request, membership=riverside.teacher)

    with pytest.raises(DomainError, match=f"already been {ended}, so it cannot be cancelled"):
        training.training_cancel(request=request, user=staff_user, reason="Again.")
    with pytest.raises(DomainError, match=f"already been {ended}, so it cannot be withdrawn"):
        training.training_withdraw(request=request, membership=riverside.teacher)


def test_the_reason_goes_when_the_record_is_kept_no_longer(riverside, menu, staff_user):
    request = ask(riverside.teacher, menu)
    training.training_cancel(request=request, user=staff_user, reason="Asked by phone to cancel.")

    TrainingRequestRule().dispose(request)

    request.refresh_from_db()
    assert request.cancel_reason == ""


# --- The pages --------------------------------------------------------------------------------------------


def test_withdrawing_through_the_pages(riverside, menu, signed_in):
    request = ask(riverside.teacher, menu)
    client = signed_in(riverside.teacher)
    assert withdraw_page(request) in client.get(detail_page(request)).text

    confirm = client.get(withdraw_page(request))
    withdrawn = client.post(withdraw_page(request))

    assert confirm.status_code == 200
    assert f"Withdraw training request {request.reference}?" in confirm.text
    assert withdrawn.url == detail_page(request)
    page = client.get(withdrawn.url).text
    assert f"Training request {request.reference} is withdrawn." in page
    assert "<dd>Cancelled</dd>" in page
    assert withdraw_page(request) not in page


def test_a_colleague_is_not_offered_the_withdrawal_and_is_refused(riverside, menu, signed_in):
    request = ask(riverside.teacher, menu)
    client = signed_in(riverside.colleague)

    page = client.get(detail_page(request)).text
    refused = client.post(withdraw_page(request))

    assert withdraw_page(request) not in page
    assert refused.status_code == 400
    assert training.WITHDRAW_NOT_ALLOWED in refused.text
    request.refresh_from_db()
    assert request.status == TrainingStatus.REQUESTED


def test_a_refusal_shows_at_the_top_of_the_page(riverside, menu, staff_user, signed_in):
    request = agree(ask(riverside.teacher, menu), staff_user, final_staff_count=20)
    order = training.training_order(request=request, membership=riverside.admin, payment_method="card")
    client = signed_in(riverside.admin)
    assert withdraw_page(request) not in client.get(detail_page(request)).text

    response = client.post(withdraw_page(request))

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert f"This training is ordered ({order.reference}), so it cannot be withdrawn here." in response.text
    request.refresh_from_db()
    assert request.status == TrainingStatus.AGREED


def test_another_schools_request_cannot_be_withdrawn(riverside, oakfield, menu, signed_in):
    theirs = ask(oakfield.teacher, menu)
    client = signed_in(riverside.admin)

    assert client.get(withdraw_page(theirs)).status_code == 404
    assert client.post(withdraw_page(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == TrainingStatus.REQUESTED


def test_staff_cancel_in_the_admin(staff_client, riverside, menu, staff_user):
    request = agree(ask(riverside.teacher, menu), staff_user, final_staff_count=20)
    url = reverse("bookings_trainingrequest_modeladmin_cancel", args=[request.pk])

    missing = staff_client.post(url, {"reason": ""})
    cancelled = staff_client.post(url, {"reason": "The trainer is ill that week."})

    assert missing.status_code == 400
    assert "Enter the reason: the school is told it." in missing.text
    assert cancelled.status_code == 302
    request.refresh_from_db()
    assert request.status == TrainingStatus.CANCELLED

"""Training requests: the school asks (topics only in formats they allow, a sensible headcount, two or
three future dates) and sees the calculator's price before sending; staff agree at the catalogue's price
for the final headcount, or decline with a reason, and the school is emailed; attendance after delivery."""

import pytest
from django.urls import reverse

from bookings.forms import TrainingRequestForm
from bookings.models import TrainingMode, TrainingRequest, TrainingStatus
from bookings.services import training
from common.errors import DomainError
from common.workflows import action_of
from portal.orders import selectors as orders_selectors
from portal.orders.models import Order, OrderStatus
from portal.orders.services import cancellations
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from services import pricing
from services.factories import TrainingFormatFactory
from tests.bookings.conftest import agree, ask, days_from_today, give_universal_offer
from tests.portal.orders.conftest import invoice_details
from tests.query_counts import OTHER_SCHOOLS, queries_of

pytestmark = pytest.mark.django_db


def test_a_request_is_priced_by_the_calculators_function(riverside, menu, logged_changes):
    request = ask(riverside.teacher, menu)

    expected = pricing.training_quote(training_format=menu["twilight"], staff_count=20).total_pence
    assert request.quoted_pence == expected == 35_000 + 5 * 2_000
    assert request.status == TrainingStatus.REQUESTED
    assert request.preferred_dates == [days_from_today(30), days_from_today(37)]
    assert logged_changes(request) == [
        (training.TRAINING_REQUESTED, riverside.teacher.user, {"to": "Awaiting agreement"})
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"staff_count": 0}, "staff"),
        ({"staff_count": 1000}, "staff"),
        ({"topics": []}, "topics"),
        ({"preferred_dates": [days_from_today(30), None, None]}, "preferred_date_1"),
        ({"preferred_dates": [days_from_today(0), days_from_today(5), None]}, "preferred_date_1"),
        ({"preferred_dates": [days_from_today(9), days_from_today(9), None]}, "preferred_date_2"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(riverside, menu, changes, field):
    with pytest.raises(DomainError) as refused:
        ask(riverside.teacher, menu, **changes)

    assert refused.value.field == field
    assert not TrainingRequest.objects.exists()


def test_a_format_the_topic_does_not_allow_is_refused(riverside, menu):
    with pytest.raises(DomainError) as refused:
        ask(riverside.teacher, menu, topics=[menu["any"], menu["long_only"]])

    assert refused.value.message.startswith("Trauma-informed practice is offered only as")
    assert refused.value.field == "format"
    assert not TrainingRequest.objects.exists()


def test_staff_agree_at_the_price_for_the_final_headcount_and_the_school_is_emailed(
    riverside, menu, staff_user, sent, logged_changes
):
    request = ask(riverside.teacher, menu)

    with sent() as emails:
        agreed = agree(request, staff_user, final_staff_count=25)

    assert (agreed.status, agreed.agreed_price_pence) == (TrainingStatus.AGREED, 35_000 + 10 * 2_000)
    (message,) = emails.messages
    assert message.to == ["teacher@riverside.test"]
    assert "Price: £550" in message.body
    assert logged_changes(agreed)[-1] == (
        action_of(TrainingRequest, "agree"),
        staff_user,
        {"from": "Awaiting agreement", "to": "Agreed"},
    )
    with pytest.raises(DomainError, match="already been agreed"):
        training.training_decline(request=agreed, user=staff_user, reason="Too late.")


def test_staff_decline_with_a_reason_the_school_is_told(riverside, menu, staff_user, sent):
    request = ask(riverside.teacher, menu)

    with pytest.raises(DomainError):
        training.training_decline(request=request, user=staff_user, reason=" ")
    with sent() as emails:
        training.training_decline(request=request, user=staff_user, reason="No trainer is free that week.")

    request.refresh_from_db()
    assert request.status == TrainingStatus.DECLINED
    assert "No trainer is free that week." in emails.messages[0].body


def test_attendance_is_recorded_after_delivery_only(riverside, menu, staff_user, time_machine):
    request = agree(ask(riverside.teacher, menu), staff_user, final_staff_count=20)
    with pytest.raises(DomainError, match="once the training has taken place"):
        training.training_record_attendance(request=request, user=staff_user, attended_count=18)

    time_machine.move_to(days_from_today(31))
    delivered = training.training_record_attendance(
        request=request, user=staff_user, attended_count=18, attendance_note="Teachers and TAs"
    )

    assert (delivered.status, delivered.attended_count) == (TrainingStatus.DELIVERED, 18)


# --- The pages --------------------------------------------------------------------------------------------


def form_data(menu, **changes):
    return {
        "training_format": menu["twilight"].pk,
        "topics": [menu["any"].pk],
        "staff_count": "20",
        "mode": TrainingMode.ONLINE,
        "preferred_date_1": days_from_today(30).isoformat(),
        "preferred_date_2": days_from_today(37).isoformat(),
        "preferred_date_3": "",
        "notes": "",
        **changes,
    }


def test_the_school_sees_the_price_before_sending_then_follows_the_request(riverside, menu, signed_in):
    client = signed_in(riverside.teacher)

    check = client.post(reverse("bookings:training_new"), form_data(menu))
    assert check.status_code == 200
    assert "£450" in check.text
    assert not TrainingRequest.objects.exists()

    sent_request = client.post(reverse("bookings:training_new"), {**form_data(menu), "confirmed": "yes"})
    request = TrainingRequest.objects.get()
    assert sent_request.url == reverse("bookings:training_request", args=[request.pk])
    assert "Training requested" in client.get(sent_request.url).text
    assert "Awaiting agreement" in client.get(reverse("bookings:training")).text


def test_a_disallowed_format_shows_on_the_form(riverside, menu, signed_in):
    response = signed_in(riverside.teacher).post(
        reverse("bookings:training_new"), form_data(menu, topics=[menu["long_only"].pk], confirmed="yes")
    )

    assert response.status_code == 400
    assert "Trauma-informed practice is offered only as Half day" in response.text
    assert not TrainingRequest.objects.exists()


def test_another_schools_request_is_not_found(riverside, oakfield, menu, signed_in):
    theirs = ask(oakfield.teacher, menu)

    assert (
        signed_in(riverside.admin).get(reverse("bookings:training_request", args=[theirs.pk])).status_code
        == 404
    )


# The user (the session comes from the cache) and the membership (which says whether the email is verified),
# then the request with its topics, and whether it has been ordered.
TRAINING_REQUEST_QUERIES = 4


def test_a_request_makes_as_many_queries_beside_many_schools_as_alone(riverside, menu, signed_in):
    ours = [ask(riverside.teacher, menu) for _ in range(3)]
    url = reverse("bookings:training_request", args=[ours[1].pk])
    alone = queries_of(signed_in(riverside.teacher), url)

    for _ in range(OTHER_SCHOOLS):
        other = MembershipFactory(roles=[Role.MEMBER])
        give_universal_offer(other.school)
        for _ in range(3):
            ask(other, menu)

    assert queries_of(signed_in(riverside.teacher), url) == alone == TRAINING_REQUEST_QUERIES


def test_staff_agree_in_the_admin(staff_client, riverside, menu):
    request = ask(riverside.teacher, menu)

    response = staff_client.post(
        reverse("bookings_trainingrequest_modeladmin_agree", args=[request.pk]),
        {
            "agreed_date": days_from_today(30).isoformat(),
            "agreed_time": "15:30",
            "trainer": "Specialist teacher",
            "final_staff_count": "15",
        },
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.agreed_price_pence) == (TrainingStatus.AGREED, 35_000)
    assert "Agreed" in staff_client.get(reverse("bookings_trainingrequest_modeladmin_index")).text


# --- Ordering agreed training -----------------------------------------------------------------------------


def training_orders():
    """Orders with a training line (the school also holds a Universal Offer order)."""
    return Order.objects.filter(lines__kind="training")


@pytest.fixture
def agreed(riverside, menu, staff_user):
    return agree(ask(riverside.teacher, menu), staff_user, final_staff_count=25)


def test_agreed_training_ordered_by_invoice_is_an_invoiced_order_at_the_agreed_price(riverside, agreed, sent):
    with sent() as emails:
        order = training.training_order(
            request=agreed,
            membership=riverside.admin,
            payment_method="invoice",
            invoice_details=invoice_details(),
        )

    (line,) = order.lines.all()
    assert (order.status, order.total_pence, order.school) == (OrderStatus.INVOICED, 55_000, riverside.school)
    assert (line.kind, line.training_format, line.net_pence) == ("training", agreed.training_format, 55_000)
    assert line.description.startswith("Training: Twilight")
    agreed.refresh_from_db()
    assert agreed.order == order
    assert order.invoice.finance_contact_email == "finance@riverside.test"
    assert {message.to[0] for message in emails.messages} == {"head@riverside.test", "finance@riverside.test"}
    assert orders_selectors.holdings_for(school=riverside.school, year=order.financial_year).packages == []


def test_agreed_training_ordered_by_card_awaits_its_payment(riverside, agreed):
    order = training.training_order(request=agreed, membership=riverside.admin, payment_method="card")

    assert (order.status, order.payment_method, order.total_pence) == (
        OrderStatus.AWAITING_PAYMENT,
        "card",
        55_000,
    )


def test_training_is_ordered_once_and_only_once_agreed(riverside, menu, agreed):
    training.training_order(request=agreed, membership=riverside.admin, payment_method="card")

    with pytest.raises(DomainError, match="already ordered"):
        training.training_order(request=agreed, membership=riverside.admin, payment_method="card")
    with pytest.raises(DomainError, match="Only agreed training"):
        training.training_order(
            request=ask(riverside.teacher, menu), membership=riverside.admin, payment_method="card"
        )
    with pytest.raises(DomainError, match="administrator or finance role"):
        training.training_order(request=agreed, membership=riverside.teacher, payment_method="card")
    assert training_orders().count() == 1


def test_a_cancelled_unpaid_card_order_can_be_ordered_again(riverside, agreed, staff_user):
    first = training.training_order(request=agreed, membership=riverside.admin, payment_method="card")
    cancellations.order_cancel_unpaid(order=first, cancelled_by=staff_user, why="Never paid.")

    second = training.training_order(request=agreed, membership=riverside.admin, payment_method="card")

    assert second != first
    agreed.refresh_from_db()
    assert agreed.order == second


def test_ordering_through_the_pages(riverside, agreed, signed_in):
    client = signed_in(riverside.admin)
    assert (
        "Order and pay for this training"
        in client.get(reverse("bookings:training_request", args=[agreed.pk])).text
    )

    choose = client.post(reverse("bookings:training_pay", args=[agreed.pk]), {"payment_method": "invoice"})
    assert choose.url == reverse("bookings:training_pay_invoice", args=[agreed.pk])
    assert "£550" in client.get(choose.url).text
    placed = client.post(
        choose.url,
        {
            "purchase_order_number": "PO-77",
            "finance_contact_name": "Pat Okafor",
            "finance_contact_email": "a@riverside.test",
        },
    )

    order = training_orders().get()
    assert placed.url == reverse("orders:confirmation", args=[order.pk])
    assert order.invoice.purchase_order_number == "PO-77"
    assert order.reference in client.get(placed.url).text
    for page in [
        reverse("orders:order", args=[order.pk]),
        reverse("orders:invoice", args=[order.invoice.pk]),
    ]:
        assert "Training: Twilight" in client.get(page).text


def test_paying_by_card_goes_to_the_orders_pay_page(riverside, agreed, signed_in):
    response = signed_in(riverside.admin).post(
        reverse("bookings:training_pay", args=[agreed.pk]), {"payment_method": "card"}
    )

    assert response.url == reverse("orders:pay_by_card", args=[training_orders().get().pk])


def test_ordering_needs_the_buying_role_and_the_schools_own_request(
    riverside, oakfield, menu, agreed, signed_in
):
    theirs = ask(oakfield.teacher, menu)

    assert (
        signed_in(riverside.teacher).post(reverse("bookings:training_pay", args=[agreed.pk])).status_code
        == 403
    )
    assert (
        signed_in(riverside.admin).get(reverse("bookings:training_pay", args=[theirs.pk])).status_code == 404
    )
    assert not training_orders().exists()


def test_the_format_field_says_how_many_staff_a_price_covers_as_the_catalogue_does(db):
    TrainingFormatFactory(name="Twilight", staff_included=20, extra_person_price_pence=2_500)

    help_text = TrainingRequestForm().fields["training_format"].help_text

    assert help_text == "Each price covers up to 20 staff, then £25 for each extra person."


# --- Paying for agreed training, as the page offers it ----------------------------------------------------


def test_someone_without_the_buying_role_is_told_who_can_order(riverside, agreed, signed_in):
    page = signed_in(riverside.teacher).get(reverse("bookings:training_request", args=[agreed.pk])).text

    assert "Someone with the administrator or finance role" in page
    assert reverse("bookings:training_pay", args=[agreed.pk]) not in page


def test_a_card_order_waiting_for_its_payment_is_paid_on_its_page(riverside, agreed, signed_in):
    order = training.training_order(request=agreed, membership=riverside.admin, payment_method="card")

    page = signed_in(riverside.admin).get(reverse("bookings:training_request", args=[agreed.pk])).text

    assert f'href="{reverse("orders:pay_by_card", args=[order.pk])}">Pay £550 by card' in page
    assert reverse("bookings:training_pay", args=[agreed.pk]) not in page


def test_invoiced_training_offers_nothing_more_to_pay(riverside, agreed, signed_in):
    training.training_order(
        request=agreed,
        membership=riverside.admin,
        payment_method="invoice",
        invoice_details=invoice_details(),
    )

    page = signed_in(riverside.admin).get(reverse("bookings:training_request", args=[agreed.pk])).text

    assert reverse("bookings:training_pay", args=[agreed.pk]) not in page
    assert "by card" not in page


def test_delivered_training_not_yet_ordered_may_still_be_ordered(
    riverside, agreed, staff_user, signed_in, time_machine
):
    time_machine.move_to(days_from_today(31))
    training.training_record_attendance(request=agreed, user=staff_user, attended_count=20)

    page = signed_in(riverside.admin).get(reverse("bookings:training_request", args=[agreed.pk])).text

    assert "Delivered" in page
    assert reverse("bookings:training_pay", args=[agreed.pk]) in page

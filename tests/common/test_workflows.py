"""The one way a state changes (`common.workflows.transition_apply`): it checks the state and the person,
what the change needs and the domain's own rules on the locked row, records who, when, from, to and why,
and notifies only once the change is committed. Shown on an order, whose transitions are declared on
`portal.orders.models.Order`; each domain's tests walk its own transitions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common import workflows
from common.errors import DomainError
from portal.orders.factories import OrderFactory
from portal.orders.models import CardPayment, Order, OrderStatus
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import UserFactory
from tests.workflows import logged_changes, staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced():
    return OrderFactory(status=OrderStatus.INVOICED, reference="ORD-00042")


@pytest.fixture
def finance_officer():
    """Staff who may use the admin and change orders, and nothing more."""
    return staff_with("orders.change_order")


def test_a_state_cannot_be_assigned_by_hand(invoiced):
    with pytest.raises(AttributeError):
        invoiced.status = OrderStatus.PAID

    invoiced.refresh_from_db()  # reading it again is allowed
    assert invoiced.status == OrderStatus.INVOICED


def test_a_transition_sets_the_state_and_records_who_from_to_and_why(invoiced, finance_officer):
    order = workflows.transition_apply(
        invoiced,
        "mark_paid",
        by=finance_officer,
        why="  Seen on the statement ",
        about="payment reference BACS 9",
        changes={"paid_by_reference": "BACS 9"},
    )

    assert (order.status, order.paid_by_reference) == (OrderStatus.PAID, "BACS 9")
    invoiced.refresh_from_db()
    assert invoiced.status == OrderStatus.PAID
    assert logged_changes(order) == [
        (
            "orders.order_mark_paid",
            finance_officer,
            {
                "from": "Invoiced, awaiting payment",
                "to": "Paid",
                "about": "payment reference BACS 9",
                "why": "Seen on the statement",
            },
        )
    ]


def test_a_transition_from_another_state_is_refused_with_its_declared_message(finance_officer):
    order = OrderFactory(paid=True, reference="ORD-00043")

    with pytest.raises(DomainError, match=r"Only an invoice still awaiting payment .* ORD-00043 is paid"):
        workflows.transition_apply(order, "cancel_with_credit_note", by=finance_officer, why="Twice")

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert logged_changes(order) == []


@pytest.mark.parametrize("who", ["staff without the permission", "the school's finance", "the system"])
def test_a_person_the_declaration_does_not_name_is_refused(invoiced, who):
    actor = {
        "staff without the permission": lambda: UserFactory(is_staff=True),
        "the school's finance": lambda: MembershipFactory(school=invoiced.school, roles=[Role.FINANCE]),
        "the system": lambda: None,
    }[who]()

    with pytest.raises(PermissionDenied):
        workflows.transition_apply(invoiced, "mark_paid", by=actor, changes={"paid_by_reference": "BACS 1"})

    invoiced.refresh_from_db()
    assert invoiced.status == OrderStatus.INVOICED
    assert logged_changes(invoiced) == []


def test_what_a_transition_needs_is_asked_for_beside_its_field(invoiced, finance_officer):
    with pytest.raises(DomainError) as refused:
        workflows.transition_apply(
            invoiced, "mark_paid", by=finance_officer, changes={"paid_by_reference": " "}
        )

    assert refused.value.field == "paid_by_reference"
    assert refused.value.message == "Enter the payment's reference, such as the bank transfer's reference."


def test_the_domain_s_own_check_runs_on_the_locked_row_and_refuses(invoiced, finance_officer):
    seen = []

    def check(order):
        seen.append(order.status)
        raise DomainError("Not today.")

    with pytest.raises(DomainError, match=r"Not today\."):
        workflows.transition_apply(
            invoiced, "cancel_with_credit_note", by=finance_officer, why="Twice", check=check
        )

    assert seen == [OrderStatus.INVOICED]
    invoiced.refresh_from_db()
    assert invoiced.status == OrderStatus.INVOICED


def test_notifications_wait_for_the_commit(invoiced, finance_officer, django_capture_on_commit_callbacks):
    told = []

    with django_capture_on_commit_callbacks(execute=True):
        workflows.transition_apply(
            invoiced,
            "mark_paid",
            by=finance_officer,
            changes={"paid_by_reference": "BACS 1"},
            notify=lambda order: told.append(order.status),
        )
        assert told == []

    assert told == [OrderStatus.PAID]


def test_what_a_person_may_do_is_read_from_the_declaration(invoiced, finance_officer):
    offered = [
        declared.name for declared in workflows.allowed_transitions(invoiced, finance_officer, where="admin")
    ]
    assert offered == ["mark_paid", "cancel_with_credit_note"]
    assert workflows.allowed_transitions(invoiced, UserFactory(is_staff=True), where="admin") == []
    # The card payment's confirmation is the system's alone, and offered nowhere.
    awaiting = OrderFactory(status=OrderStatus.AWAITING_PAYMENT)
    assert workflows.may(awaiting, "card_paid", None)
    assert not workflows.may(awaiting, "card_paid", finance_officer)
    for where in ("admin", "portal"):
        for actor in (None, finance_officer):
            offered = [
                declared.name for declared in workflows.allowed_transitions(awaiting, actor, where=where)
            ]
            assert "card_paid" not in offered


@pytest.mark.parametrize(
    ("name", "source"),
    [
        (declared.name, declared.source)
        for model in (Order,)
        for declared in workflows.declared_transitions(model)
    ],
)
def test_every_order_transition_is_recorded(name, source, finance_officer):
    order = OrderFactory(status=source)
    declared = workflows.transition_named(Order, name)
    actor = None if declared.permission is workflows.system else finance_officer
    needs = declared.custom["needs"]

    order = workflows.transition_apply(
        order,
        name,
        by=actor,
        why="Because" if "why" in needs else "",
        changes={field: "X1" for field in needs if field != "why"},
    )

    assert order.status == declared.target
    action, user, data = logged_changes(order)[-1]
    assert action == workflows.action_of(Order, name)
    assert user == actor
    assert (data["from"], data["to"]) == (OrderStatus(source).label, OrderStatus(declared.target).label)


@pytest.mark.parametrize(
    ("name", "source"),
    [(declared.name, declared.source) for declared in workflows.declared_transitions(CardPayment)],
)
def test_every_card_payment_transition_is_recorded(name, source):
    payment = CardPayment.objects.create(
        order=OrderFactory(status=OrderStatus.AWAITING_PAYMENT),
        stripe_customer_id="cus_1",
        setup_intent_id=f"seti_{name}_{source}",
        status=source,
    )

    payment = workflows.transition_apply(payment, name, by=None)

    action, user, data = logged_changes(payment)[-1]
    assert (action, user) == (workflows.action_of(CardPayment, name), None)
    assert data["to"] == payment.get_status_display()


def test_a_record_with_a_state_is_validated_without_assigning_its_state(invoiced):
    invoiced.full_clean()

    unsaved = Order(school=invoiced.school, financial_year_start=2026, status="lost")
    with pytest.raises(ValidationError) as invalid:
        unsaved.full_clean(
            exclude=["reference", "payment_method", "subtotal_pence", "vat_pence", "total_pence"]
        )
    assert list(invalid.value.message_dict) == ["status"]


def test_the_transition_s_screen_is_guarded_by_the_person_whatever_the_state(finance_officer):
    paid = OrderFactory(paid=True)

    assert not workflows.may(paid, "mark_paid", finance_officer)
    assert workflows.permitted(paid, "mark_paid", finance_officer)
    assert not workflows.permitted(paid, "mark_paid", UserFactory(is_staff=True))


def test_where_a_transition_is_offered_follows_from_who_may_make_it():
    assert workflows.transition_named(Order, "mark_paid").custom["offered"] == workflows.ADMIN
    assert workflows.transition_named(Order, "card_paid").custom["offered"] == workflows.NOWHERE
    either = workflows.either(workflows.staff("orders.change_order"), workflows.school("can_buy"))
    assert either.offered == workflows.Offered(admin=True, portal=True)

    def anyone(record, actor):
        return True

    def open_anyway(self):
        """A transition whose `allowed` says nothing of where it is offered."""

    with pytest.raises(TypeError, match=r"Say where .*open_anyway is offered"):
        workflows.transition(source="draft", target="open", label="Open", allowed=anyone)(open_anyway)

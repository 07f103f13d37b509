"""The renewal reminder: from the advance-purchase date, schools holding this year's Universal Offer are
emailed once that next year's can be bought; not before, not twice, not to schools that need not renew."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from common.financial_years import FinancialYear
from portal.orders import selectors
from portal.orders.factories import OrderFactory
from portal.orders.models import OrderStatus, RenewalReminder
from portal.orders.services import renewals
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import School

pytestmark = pytest.mark.django_db

THIS_YEAR = FinancialYear.current()


@pytest.fixture
def opens(db):
    """The day advance purchase opens this year (1 March by default)."""
    return selectors.advance_purchase_opens_on(year=THIS_YEAR)


def holding(name, *, year=THIS_YEAR, status=OrderStatus.PAID):
    school = SchoolFactory(name=name, finance_email=f"finance@{name.split()[0].lower()}.test")
    OrderFactory(
        school=school, financial_year_start=year.start_year, includes_universal_offer=True, status=status
    )
    return school


def send(today, capture):
    with capture(execute=True):
        return renewals.renewal_reminders_send(today=today)


def test_from_the_date_the_finance_contact_is_told_renewal_is_open(opens, django_capture_on_commit_callbacks):
    school = holding("Riverside Primary")

    assert send(opens, django_capture_on_commit_callbacks) == 1

    (email,) = mail.outbox
    assert email.to == ["finance@riverside.test"]
    assert THIS_YEAR.next.label in email.subject
    assert "Riverside Primary holds this year's Universal Offer" in email.body
    assert "http://localhost/" in email.body
    reminder = RenewalReminder.objects.get()
    assert (reminder.school, reminder.financial_year_start) == (school, THIS_YEAR.next.start_year)


def test_members_with_the_finance_role_are_told_too_each_address_once(
    opens, django_capture_on_commit_callbacks
):
    school = holding("Riverside Primary")
    MembershipFactory(school=school, is_finance=True, user__email="bursar@riverside.test")
    MembershipFactory(school=school, is_finance=True, user__email="finance@riverside.test")  # the contact too
    MembershipFactory(
        school=school, is_finance=True, user__email="left@riverside.test", user__is_active=False
    )
    MembershipFactory(school=school, is_referrer=True, user__email="senco@riverside.test")

    assert send(opens, django_capture_on_commit_callbacks) == 1

    assert sorted(email.to[0] for email in mail.outbox) == ["bursar@riverside.test", "finance@riverside.test"]
    assert RenewalReminder.objects.get().sent_to == "finance@riverside.test, bursar@riverside.test"


def test_a_school_without_a_finance_contact_address_is_told_through_its_finance_members(
    opens, django_capture_on_commit_callbacks
):
    school = holding("Brook Infants")
    School.objects.filter(pk=school.pk).update(finance_email="")
    MembershipFactory(school=school, is_finance=True, user__email="bursar@brook.test")

    assert send(opens, django_capture_on_commit_callbacks) == 1

    assert [email.to for email in mail.outbox] == [["bursar@brook.test"]]


def test_nothing_is_sent_before_the_date(opens, django_capture_on_commit_callbacks):
    holding("Riverside Primary")

    assert send(opens - datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []
    assert not RenewalReminder.objects.exists()


def test_it_sends_once_however_often_it_runs(opens, django_capture_on_commit_callbacks):
    holding("Riverside Primary")
    holding("Brook Infants", status=OrderStatus.INVOICED)

    sent = [
        send(opens + datetime.timedelta(days=day), django_capture_on_commit_callbacks) for day in (0, 0, 1, 5)
    ]

    assert sent == [2, 0, 0, 0]
    assert sorted(email.to[0] for email in mail.outbox) == ["finance@brook.test", "finance@riverside.test"]


def test_schools_without_this_year_s_offer_or_with_next_year_s_are_not_told(
    opens, django_capture_on_commit_callbacks
):
    SchoolFactory(name="Oakfield Primary", finance_email="finance@oakfield.test")  # holds nothing
    holding("Cancelled Primary", status=OrderStatus.CANCELLED)
    holding("Lastyear Primary", year=FinancialYear(THIS_YEAR.start_year - 1))
    renewed = holding("Renewed Primary")
    OrderFactory(
        school=renewed, financial_year_start=THIS_YEAR.next.start_year, includes_universal_offer=True
    )

    assert send(opens, django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []


def test_the_command_queues_the_task_which_sends(opens, django_capture_on_commit_callbacks, settings):
    holding("Riverside Primary")
    # The test settings run tasks at once; cron runs the command daily, the worker runs the task.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_renewal_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert RenewalReminder.objects.count() == int(datetime.date.today() >= opens)

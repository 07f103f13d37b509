"""Email goes out through the `send_email` task: queued on commit, one-line subjects, retried on failure.

The test settings run tasks with Django's ImmediateBackend, so a queued email is sent (and lands in
mail.outbox) as soon as it is queued; every run's result is collected from the `task_finished` signal.
"""

import logging
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.urls import reverse

from common.email import SEND_ATTEMPTS, send_after_commit, send_email

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "email/welcome_subject.txt": "Welcome to {{ school }}\n",
    "email/welcome.txt": "You have joined {{ school }}.",
    "email/note_subject.txt": "A note for {{ school }}",
    "email/note.txt": "{% autoescape off %}{{ note }}{% endautoescape %}",
    "email/receipt_subject.txt": "Your receipt",
    "email/receipt.txt": "You paid {{ amount }}.",
    "email/receipt.html": (
        '{% extends "email/message.html" %}'
        '{% block content %}<p class="amount">{{ amount }}</p>{% endblock %}'
    ),
}


@pytest.fixture
def email_templates(settings):
    """A subject and body template of the tests' own, so these tests do not depend on any app's wording."""
    site_templates = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **site_templates,
            "APP_DIRS": False,
            "OPTIONS": {
                **site_templates["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", TEMPLATES),
                    "django.template.loaders.filesystem.Loader",  # the site's email frame
                ],
            },
        }
    ]


@pytest.fixture
def email_runs():
    """The results of every `send_email` run, in the order they finished."""
    runs = []

    def collect(sender, task_result, **kwargs):
        if task_result.task.module_path == send_email.module_path:
            runs.append(task_result)

    task_finished.connect(collect)
    yield runs
    task_finished.disconnect(collect)


@pytest.fixture
def mail_server_down():
    """Every send fails the way an unreachable or refusing SMTP server makes it fail."""
    with mock.patch.object(
        EmailMultiAlternatives, "send", autospec=True, side_effect=SMTPException("421 Service not available")
    ) as send:
        yield send


def send_welcome(school="Oakfield Primary School"):
    send_after_commit("email/welcome", to="senco@oakfield-primary.test", context={"school": school})


def change_that_fails():
    with transaction.atomic():
        send_welcome()
        raise RuntimeError("the change failed")


def email_log(caplog):
    """(level, message) of what common.email logged."""
    records = [record for record in caplog.records if record.name == "common.email"]
    return [(record.levelno, record.getMessage()) for record in records]


def test_allauths_sign_up_confirmation_goes_through_the_task(client, email_runs, fresh_rate_limits):
    password = "three random words 42"

    client.post(
        reverse("account_signup"),
        {"email": "senco@oakfield-primary.test", "password1": password, "password2": password},
    )

    assert [run.status for run in email_runs] == [TaskResultStatus.SUCCESSFUL]
    assert email_runs[0].kwargs["to"] == ["senco@oakfield-primary.test"]
    assert [message.subject for message in mail.outbox] == [email_runs[0].kwargs["subject"]]
    assert mail.outbox[0].subject.startswith("Stepping Stones: Confirm your email address")


def test_send_after_commit_queues_the_email_once_the_change_is_committed(
    email_templates, email_runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            send_welcome()
        assert mail.outbox == [], "nothing is sent before the change is committed"

    assert len(email_runs) == 1
    assert [(message.to, message.body) for message in mail.outbox] == [
        (["senco@oakfield-primary.test"], "You have joined Oakfield Primary School.")
    ]


def test_send_after_commit_sends_nothing_when_the_change_is_rolled_back(
    email_templates, email_runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        change_that_fails()

    assert callbacks == []
    assert email_runs == []
    assert mail.outbox == []


def test_a_line_break_in_the_subjects_context_is_sent_on_one_line(
    email_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_welcome(school="Oakfield Primary School\nand Nursery")

    message = mail.outbox[0]
    assert message.subject == "Welcome to Oakfield Primary School and Nursery"
    assert message.message()["Subject"] == "Welcome to Oakfield Primary School and Nursery"


def test_a_subject_queued_with_a_line_break_is_sent_on_one_line():
    send_email.enqueue(subject="Your request\r\nto join", body="Hello.", to=["senco@oakfield-primary.test"])

    assert mail.outbox[0].subject == "Your request to join"


def test_a_failing_mail_server_is_retried_then_given_up_on_without_an_error_for_the_caller(
    email_templates, email_runs, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.WARNING, logger="common.email"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_welcome()  # raises nothing

    assert mail_server_down.call_count == SEND_ATTEMPTS
    assert mail.outbox == []
    records = email_log(caplog)
    assert [level for level, _ in records] == [logging.WARNING] * (SEND_ATTEMPTS - 1) + [logging.ERROR]
    assert not any("senco@oakfield-primary.test" in message or "Welcome" in message for _, message in records)
    assert f"after {SEND_ATTEMPTS} attempts" in records[-1][1]
    # Each attempt but the last succeeded in queueing the next one; the last one failed.
    by_attempt = {run.kwargs.get("attempt", 1): run for run in email_runs}
    assert sorted(by_attempt) == list(range(1, SEND_ATTEMPTS + 1))
    last = by_attempt[SEND_ATTEMPTS]
    assert last.status == TaskResultStatus.FAILED
    assert last.errors[0].exception_class is SMTPException
    earlier = [by_attempt[attempt].status for attempt in range(1, SEND_ATTEMPTS)]
    assert earlier == [TaskResultStatus.SUCCESSFUL] * (SEND_ATTEMPTS - 1)


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_every_email_also_goes_out_as_html_in_the_units_frame_with_the_text_escaped_and_links_kept(
    email_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(
            "email/note",
            to="senco@oakfield-primary.test",
            context={"school": "Oakfield", "note": "Oak & Ash <Primary>\n\nSee https://example.test/portal/"},
        )

    message = mail.outbox[0]
    assert message.body == "Oak & Ash <Primary>\n\nSee https://example.test/portal/"
    html = html_of(message)
    assert "<title>A note for Oakfield</title>" in html
    assert "Stepping Stones Short Stay School" in html
    assert "<p>Oak &amp; Ash &lt;Primary&gt;</p>" in html, "paragraphs kept, text escaped"
    assert (
        '<p>See <a href="https://example.test/portal/" rel="nofollow">https://example.test/portal/</a></p>'
        in html
    )
    assert "<Primary>" not in html


def test_an_email_with_an_html_template_of_its_own_uses_it_inside_the_frame(
    email_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit("email/receipt", to="finance@oakfield-primary.test", context={"amount": "£550.00"})

    message = mail.outbox[0]
    assert message.body == "You paid £550.00."
    html = html_of(message)
    assert '<p class="amount">£550.00</p>' in html
    assert '#073f43;">Your receipt</h1>' in html, "the frame's heading is the subject"
    assert "You paid" not in html, "the text body is not repeated in the HTML"


def test_allauths_emails_go_out_as_html_too(client, fresh_rate_limits):
    password = "three random words 42"

    client.post(
        reverse("account_signup"),
        {"email": "senco@oakfield-primary.test", "password1": password, "password2": password},
    )

    html = html_of(mail.outbox[0])
    assert "Confirm your email address" in html
    link = next(word for word in mail.outbox[0].body.split() if word.startswith("http"))
    assert f'<a href="{link}"' in html


@pytest.fixture
def send_fails_once():
    """Sending fails with a temporary SMTP error the first time and works after; the fixture's value
    is the list of messages each attempt was given."""
    really_send = EmailMultiAlternatives.send
    attempts = []

    def fail_the_first_time(message, *args, **kwargs):
        attempts.append(message)
        if len(attempts) == 1:
            raise SMTPException("451 Try again later")
        return really_send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=fail_the_first_time):
        yield attempts


def test_a_send_that_fails_once_then_succeeds_delivers_one_email(send_fails_once, caplog):
    with caplog.at_level(logging.WARNING, logger="common.email"):
        send_email.enqueue(subject="Welcome", body="Hello.", to=["senco@oakfield-primary.test"])

    assert len(send_fails_once) == 2
    assert [message.to for message in mail.outbox] == [["senco@oakfield-primary.test"]]
    assert [level for level, _ in email_log(caplog)] == [logging.WARNING]


def test_an_attachment_is_sent_with_the_email_and_kept_for_a_retry(
    email_templates, send_fails_once, django_capture_on_commit_callbacks
):
    calendar = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(
            "email/welcome",
            to="senco@oakfield-primary.test",
            context={"school": "Oakfield"},
            attachments=[("surgery.ics", calendar, "text/calendar")],
        )

    assert len(send_fails_once) == 2
    assert mail.outbox[0].attachments == [("surgery.ics", calendar, "text/calendar")]

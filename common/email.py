"""Email goes out through the task worker, never inside a request.

`send_after_commit` renders a message from templates while the request runs, then queues it once the
change that caused it is committed (a rolled-back change sends nothing). `queue_message` queues a
message someone else built (allauth's). The worker sends it; a failure is logged and tried again
later, so a slow or failing mail server never turns a saved change into an error page.

Every message goes out as plain text and as HTML in the unit's look (`email/message.html`). The HTML
is the text body laid out in that frame, unless the message has an HTML template of its own
(`<prefix>.html`, extending `email/message.html`), for what reads better as a table.
"""

import logging
from datetime import timedelta
from functools import partial
from smtplib import SMTPException

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string, select_template
from django.utils import timezone

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 5
FIRST_RETRY_AFTER = timedelta(minutes=1)  # doubled after each further failure


def one_line(text):
    """A subject is one line: a line break in a school's name must not end the header early."""
    return " ".join(str(text).split())


@task()
def send_email(*, subject, body, to, html_body="", attachments=(), attempt=1):
    """`attachments` are [filename, text, mimetype] lists: task arguments must be JSON, so text only."""
    message = EmailMultiAlternatives(subject=one_line(subject), body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except (SMTPException, OSError) as error:
        # Neither the address nor the subject, which may name a child; the error's class, since its
        # text may quote the address. The task's own log line and request id say which email it was.
        if attempt >= SEND_ATTEMPTS:
            logger.error("Gave up sending an email after %d attempts: %s", attempt, type(error).__name__)
            raise
        logger.warning("Sending an email failed, attempt %d: %s", attempt, type(error).__name__)
        retry = send_email
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + FIRST_RETRY_AFTER * 2 ** (attempt - 1))
        retry.enqueue(
            subject=subject,
            body=body,
            to=to,
            html_body=html_body,
            attachments=attachments,
            attempt=attempt + 1,
        )


def html_version(*, subject, body, template_prefix=None, context=None):
    """The message as HTML in the unit's look: `<prefix>.html` when the message has one, otherwise the
    text body with its paragraphs, line breaks and links kept."""
    names = [f"{template_prefix}.html"] if template_prefix else []
    template = select_template([*names, "email/message.html"])
    # render_to_string marks the text body safe, but it is plain text: unmark it so the frame escapes it.
    return template.render({**(context or {}), "subject": subject, "body": str.__str__(body)})


def queue_message(message):
    """Queue an already built EmailMessage (plain text, with an optional HTML alternative)."""
    html_body = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
    )
    if message.content_subtype == "html":
        html_body, body = message.body, ""
    else:
        body = message.body
    subject = one_line(message.subject)
    html_body = html_body or html_version(subject=subject, body=body)
    send_email.enqueue(subject=subject, body=body, to=list(message.to), html_body=html_body)


def send_after_commit(template_prefix, *, to, context, attachments=()):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and its HTML version now; queue the email once the
    transaction commits. `attachments`: (filename, text, mimetype) each, such as a calendar file."""
    subject = one_line(render_to_string(f"{template_prefix}_subject.txt", context))
    body = render_to_string(f"{template_prefix}.txt", context)
    html_body = html_version(subject=subject, body=body, template_prefix=template_prefix, context=context)
    transaction.on_commit(
        partial(
            send_email.enqueue,
            subject=subject,
            body=body,
            to=[to],
            html_body=html_body,
            attachments=[list(attachment) for attachment in attachments],
        )
    )

"""The restore drill: load the demo, back it up, restore it into a new database and new storage, and the
restored site serves the same records: orders, invoices (and the next invoice number follows on),
placement requests and their documents, byte for byte, and the images of the public pages.

Run on PostgreSQL when the suite is (pg_dump and pg_restore), on SQLite otherwise (its backup API). The
README's "Backups" section gives the same steps by hand."""

import io
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.models import Rendition

from common.signals import records_replaced
from config.settings.base import file_storages
from portal.orders.models import Invoice, NumberSequence, Order
from portal.orders.services import basket as basket_services
from portal.placements.models import PlacementRequest, SupportingDocument
from portal.schools.models import Membership
from portal.users.models import User
from tests.backups.test_backup_and_restore import KEY

# It commits the demo, for pg_dump to see, and restores beside the test database.
pytestmark = pytest.mark.django_db(transaction=True)

RIVERSIDE_HEAD = "head@riverside-primary.test"
OAKFIELD_SENCO = "senco@oakfield-primary.test"
REPORT = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
PLAN = b"\x89PNG\r\n\x1a\n" + bytes(reversed(range(256))) * 32


@pytest.fixture
def store_files_in(settings, monkeypatch):
    """`store_files_in(folder)`: the site's media and placement documents in that folder from now on."""

    def store(folder):
        settings.MEDIA_ROOT = folder / "media"
        settings.STORAGES = {
            **settings.STORAGES,
            **file_storages(
                media_bucket="", private_bucket="", private_root=folder / "private", connection={}
            ),
        }
        monkeypatch.setattr(SupportingDocument._meta.get_field("file"), "storage", storages["private"])

    return store


@contextmanager
def new_database(folder):
    """The site's database is a new, empty one inside the block: a database beside the test's own on
    PostgreSQL, a new file on SQLite."""
    original = connections["default"]
    postgresql = original.vendor == "postgresql"
    name = f"{original.settings_dict['NAME']}_drill" if postgresql else str(folder / "restored.sqlite3")
    if postgresql:
        with original._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {original.ops.quote_name(name)}")
            cursor.execute(f"CREATE DATABASE {original.ops.quote_name(name)}")
    restored = original.__class__({**original.settings_dict, "NAME": name}, alias="default")
    connections["default"] = restored
    try:
        yield
    finally:
        restored.close()
        connections["default"] = original
        if postgresql:
            with original._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {original.ops.quote_name(name)} WITH (FORCE)")


def records():
    """Every row of the records the drill compares, as the database holds them."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Order, Invoice, NumberSequence, PlacementRequest, SupportingDocument)
    }


def signed_in(client, email):
    client.force_login(User.objects.get(email=email))
    return client


def test_the_demo_restored_into_a_new_database_and_storage_serves_the_same_records(
    settings, tmp_path, store_files_in, client, wagtail_roots
):
    # The demo's schools, orders and requests are made only with DEBUG on; two-factor has tests of its own.
    settings.DEBUG = True
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    settings.BACKUP_LOCATION = str(tmp_path / "backups")
    settings.BACKUP_ENCRYPTION_KEY = KEY
    store_files_in(tmp_path / "site")
    # The worker's work (emails, and renditions in every size, which would take most of the time) is not
    # what the drill checks: it is queued and left; each image gets one small rendition instead.
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        call_command("load_demo_content", stdout=io.StringIO())
    for image in get_image_model().objects.all():
        image.get_rendition("width-120|format-png")
    requests = list(PlacementRequest.objects.order_by("pk"))
    for placement_request, (name, content, content_type) in zip(
        requests[:2],
        [("report.pdf", REPORT, "application/pdf"), ("plan.png", PLAN, "image/png")],
        strict=True,
    ):
        document = SupportingDocument(
            request=placement_request, original_name=name, content_type=content_type, size=len(content)
        )
        document.file.save(name, ContentFile(content))
    documents = {
        document.pk: document.file.open("rb").read() for document in SupportingDocument.objects.all()
    }
    images = {
        served.url: default_storage.open(served.name).read()
        for served in [
            *(rendition.file for rendition in Rendition.objects.all()),
            *(image.file for image in get_image_model().objects.all()),
        ]
    }
    before = records()
    assert Order.objects.count() >= 4
    assert Invoice.objects.exists()
    assert len(requests) >= 4
    assert len(images) >= 10
    call_command("backup", stdout=io.StringIO())

    with new_database(tmp_path):
        store_files_in(tmp_path / "restored")
        out = io.StringIO()
        replaced = []

        def note_replaced(sender, **kwargs):
            replaced.append(sender)

        records_replaced.connect(note_replaced)
        call_command("restore", stdout=out)
        records_replaced.disconnect(note_replaced)

        assert "is restored" in out.getvalue()
        assert replaced, "what was worked out from the old records (figures kept in the cache) is told"
        assert records() == before
        # The images and their renditions, from the new storage.
        for url, content in images.items():
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"".join(response.streaming_content) == content
        # A school's orders and invoices, as its finance person sees them.
        riverside = signed_in(client, RIVERSIDE_HEAD)
        listed = riverside.get(reverse("orders:orders")).text
        for order in Order.objects.filter(school__name__startswith="Riverside"):
            assert order.reference in listed
        for invoice in Invoice.objects.filter(order__school__name__startswith="Riverside"):
            assert invoice.display_number in riverside.get(reverse("orders:invoice", args=[invoice.pk])).text
        # The documents, byte for byte, through the view that checks who is asking.
        for document in SupportingDocument.objects.select_related("request__school"):
            referrer = Membership.objects.filter(school=document.request.school, is_referrer=True).first()
            signed_in(client, referrer.user.email)
            download = client.get(
                reverse("placement_requests:document", args=[document.request_id, document.pk])
            )
            assert download.status_code == 200
            assert b"".join(download.streaming_content) == documents[document.pk]
        # The next invoice takes the next number.
        last_number = Invoice.objects.order_by("-number").first().number
        oakfield = signed_in(client, OAKFIELD_SENCO)
        buyer = Membership.objects.get(user__email=OAKFIELD_SENCO)
        basket_services.basket_add_universal_offer(
            basket=basket_services.basket_open(school=buyer.school, user=buyer.user)
        )
        placed = oakfield.post(
            reverse("orders:checkout_invoice"),
            {
                "purchase_order_number": "PO-DRILL",
                "finance_contact_name": "Sam Finance",
                "finance_contact_email": "finance@oakfield-primary.test",
            },
        )
        assert placed.status_code == 302
        invoice = Invoice.objects.get(order__school=buyer.school, purchase_order_number="PO-DRILL")
        assert invoice.number == last_number + 1
        assert invoice.display_number in oakfield.get(placed.url).text

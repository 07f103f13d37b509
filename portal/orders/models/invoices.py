"""Invoices and credit notes, each numbered from its own gapless sequence.

A number comes from `NumberSequence`, whose row is locked (SELECT ... FOR UPDATE) and incremented in the
same transaction that saves the invoice: if that transaction rolls back, so does the number, and the
next invoice gets it (`portal.orders.services.numbering`). Invoices and credit notes are never deleted.
The school's and the unit's details are copied on when they are issued: a document, once sent, says
what it said.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NumberSequence(models.Model):
    name = models.CharField(max_length=30, primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.last_number}"


class Invoice(models.Model):
    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="invoice")
    number = models.PositiveIntegerField(unique=True, editable=False)
    issued_on = models.DateField()
    due_on = models.DateField()
    purchase_order_number = models.CharField("PO number", max_length=50, blank=True)
    has_no_purchase_order = models.BooleanField("the school has no PO number", default=False)
    finance_contact_name = models.CharField(max_length=150)
    finance_contact_email = models.EmailField()
    # Copied when issued.
    school_name = models.CharField(max_length=200)
    school_address = models.TextField()
    seller_name = models.CharField(max_length=150)
    seller_address = models.TextField(blank=True)
    seller_email = models.EmailField(blank=True)
    seller_phone = models.CharField(max_length=30, blank=True)
    seller_vat_number = models.CharField(max_length=30, blank=True)
    bank_details = models.TextField(blank=True)
    payment_terms_days = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(purchase_order_number="") & Q(has_no_purchase_order=False))
                | (Q(purchase_order_number="") & Q(has_no_purchase_order=True)),
                name="orders_invoice_po_number_or_none",
            )
        ]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self):
        return f"INV-{self.number:05d}"

    display_number.fget.short_description = "invoice"

    @property
    def purchase_order_label(self):
        return self.purchase_order_number or "No PO number"

    @property
    def school_address_lines(self):
        return [line.strip() for line in self.school_address.splitlines() if line.strip()]

    @property
    def seller_address_lines(self):
        return [line.strip() for line in self.seller_address.splitlines() if line.strip()]

    @property
    def bank_details_lines(self):
        return [line.strip() for line in self.bank_details.splitlines() if line.strip()]


class CreditNote(models.Model):
    """Cancels an invoice in full."""

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
    number = models.PositiveIntegerField(unique=True, editable=False)
    issued_on = models.DateField()
    amount_pence = models.PositiveIntegerField("amount (pence)")
    reason = models.TextField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self):
        return f"CN-{self.number:05d}"

    display_number.fget.short_description = "credit note"

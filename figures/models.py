"""The figures app keeps no data of its own: every figure is worked out from the domains' records when
asked for. The model below exists only to carry the permission to see them."""

from django.db import models


class FiguresAccess(models.Model):
    """No table: Django creates the "Can view figures" permission from this model's Meta, and Wagtail's
    group editor lists it (figures/wagtail_hooks.py) so administrators give it to staff groups."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_figures", "Can view figures")]
        verbose_name = "access to figures"

    def __str__(self):
        return "Access to figures"

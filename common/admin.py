"""Admin plumbing every domain's wagtail_hooks use."""

from django.urls import re_path
from wagtail_modeladmin.helpers import PermissionHelper


class ReadOnlyPermissionHelper(PermissionHelper):
    """List and inspect only: these records change through their services' rules, never a raw form."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RecordActionsMixin:
    """A ModelAdmin with changes to one record beyond editing it (approve, cancel, mark paid...).

    `record_actions` maps each action's name to its view class (a wagtail-modeladmin
    `InstanceSpecificView`); each gets modeladmin's usual address and URL name for an action on a record,
    such as `orders_order_modeladmin_mark_paid`.
    """

    record_actions = {}

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                self._record_action_view(view_class),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view_class in self.record_actions.items()
        )

    def _record_action_view(self, view_class):
        def view(request, instance_pk):
            return view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

        return view

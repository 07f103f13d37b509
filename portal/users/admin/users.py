"""The admin's Users screen, with the email address changed through the one rule that keeps allauth's
address records in step (services.user_change_email).

Wagtail builds the Users screen from the `user_viewset` of its "wagtailusers" app config;
`portal.users.apps.WagtailUsersConfig` (in INSTALLED_APPS in place of "wagtail.users") points it here.
"""

from wagtail.users.views.users import EditView, UserViewSet

from common.errors import DomainError
from common.forms import add_domain_error
from portal.users import services
from portal.users.forms import StaffUserEditForm


class StaffUserEditView(EditView):
    def save_instance(self):
        new_email = self.form.cleaned_data["email"]
        old_email = self.form.initial["email"]
        changing = new_email != old_email.lower()
        if changing:
            # Wagtail saves the other fields; the address changes only through the service below.
            self.form.instance.email = old_email
        user = super().save_instance()
        if changing:
            services.user_change_email(user=user, email=new_email, changed_by=self.request.user)
        return user

    def form_valid(self, form):
        # Wagtail saves inside a transaction, so a refusal by the service leaves nothing half changed.
        try:
            return super().form_valid(form)
        except DomainError as refused:
            add_domain_error(form, refused)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class StaffUserViewSet(UserViewSet):
    edit_view_class = StaffUserEditView
    pk_path_converter = "id"  # common.urls.RecordIdConverter: a number no account can have is a 404

    def get_form_class(self, for_update=False):
        if for_update:
            return StaffUserEditForm
        return super().get_form_class(for_update)

from django.urls import path

from portal.schools.views import invitations, joining, people

app_name = "schools"

urlpatterns = [
    path("join/", joining.join_start, name="join_start"),
    path("join/school/", joining.join_find_school, name="join_find_school"),
    path("join/new-school/", joining.join_new_school, name="join_new_school"),
    path("join/role/", joining.join_role, name="join_role"),
    path("join/check/", joining.join_check, name="join_check"),
    path("join/requests/<id:pk>/", joining.join_request, name="join_request"),
    path("people/", people.people, name="people"),
    path("people/invite/", people.invite, name="invite"),
    path("people/requests/<id:pk>/approve/", people.approve_join_request, name="approve_join_request"),
    path("people/requests/<id:pk>/decline/", people.decline_join_request, name="decline_join_request"),
    path("people/<id:pk>/roles/", people.change_roles, name="change_roles"),
    path("people/<id:pk>/remove/", people.remove, name="remove"),
    path("people/invitations/<id:pk>/resend/", people.resend_invitation, name="resend_invitation"),
    path("people/invitations/<id:pk>/cancel/", people.cancel_invitation, name="cancel_invitation"),
    path("invitations/<str:token>/", invitations.accept_invitation, name="invitation_accept"),
]

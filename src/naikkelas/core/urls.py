from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from naikkelas.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="core/password_reset.html",
            email_template_name="core/email/password_reset.txt",
            subject_template_name="core/email/password_reset_subject.txt",
            success_url=reverse_lazy("core:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("core:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("language/", views.set_language, name="set_language"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/", views.account, name="account"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="core/password_change.html",
            success_url=reverse_lazy("core:account"),
        ),
        name="password_change",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("regions/", views.regions_page, name="regions"),
    path("regions/search/", views.region_search_partial, name="region_search"),
    path("regions/<str:code>/", views.regions_page, name="region"),
    path("o/<slug:slug>/", views.org_dashboard, name="org_dashboard"),
    path("o/<slug:slug>/members/", views.org_members, name="org_members"),
    path(
        "o/<slug:slug>/members/<int:user_id>/role/", views.org_member_role, name="org_member_role"
    ),
    path(
        "o/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.org_invitation_revoke,
        name="org_invitation_revoke",
    ),
    path("o/<slug:slug>/settings/", views.org_settings, name="org_settings"),
    path("o/<slug:slug>/audit/", views.org_audit, name="org_audit"),
]

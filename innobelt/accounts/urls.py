from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from innobelt.accounts import data_views, two_factor_views, views
from innobelt.accounts.forms import SignInForm

app_name = "accounts"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=SignInForm), name="login"),
    path("login/sms/", views.sms_login, name="sms_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/profile/", views.profile, name="profile"),
    path("settings/password/", views.change_password, name="change_password"),
    path("settings/notifications/", views.notification_preferences, name="notifications"),
    path("settings/sessions/", views.sessions, name="sessions"),
    path("settings/data/", data_views.personal_data_page, name="personal_data"),
    path("settings/data/download/", data_views.personal_data_download, name="personal_data_download"),
    path("settings/sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
    path("settings/sessions/<str:ref>/end/", views.end_session, name="end_session"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("two-factor/", two_factor_views.setup, name="two_factor"),
    path("two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("privacy/", views.privacy, name="privacy"),
    path("password/reset/", views.RateLimitedPasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
         name="password_reset_complete"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from innobelt.accounts import views
from innobelt.accounts.forms import SignInForm

app_name = "accounts"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=SignInForm), name="login"),
    path("login/sms/", views.sms_login, name="sms_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("privacy/", views.privacy, name="privacy"),
]

from django.urls import path

from innobelt.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark_read"),
    path("<int:pk>/read/", views.mark_one_read, name="mark_one_read"),
]

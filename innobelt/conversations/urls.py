from django.urls import path

from innobelt.conversations import views

app_name = "conversations"
urlpatterns = [
    path("", views.thread_list, name="list"),
    path("new/", views.start, name="start"),
    path("<int:thread_id>/", views.thread, name="thread"),
    path("<int:thread_id>/attachments/<int:message_id>/", views.attachment, name="attachment"),
]

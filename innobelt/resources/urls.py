from django.urls import path

from innobelt.resources.views import bookings, pricing, register, requests

app_name = "resources"
urlpatterns = [
    path("", register.register, name="register"),
    path("new/", register.create, name="create"),
    path("import/", register.import_view, name="import"),
    path("owner/", register.owner, name="owner"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/approve/", requests.approve, name="approve"),
    path("requests/<int:pk>/decline/", requests.decline, name="decline"),
    path("requests/<int:pk>/ask/", requests.ask_more, name="ask_more"),
    path("requests/<int:pk>/answer/", requests.answer, name="answer"),
    path("requests/<int:pk>/accept/", requests.accept, name="accept"),
    path("requests/<int:pk>/withdraw/", requests.withdraw, name="withdraw"),
    path("requests/<int:pk>/outcome/", requests.outcome, name="outcome"),
    path("bookings/", bookings.bookings, name="bookings"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/cancel/", bookings.cancel_booking, name="cancel_booking"),
    path("closures/<int:pk>/remove/", bookings.remove_closure, name="remove_closure"),
    path("calendar/rotate/", bookings.rotate_feed, name="rotate_feed"),
    path("calendar/<str:token>.ics", bookings.person_feed, name="person_feed"),
    path("<int:pk>/", register.detail, name="detail"),
    path("<int:pk>/edit/", register.edit, name="edit"),
    path("<int:pk>/photo/", register.photo, name="photo"),
    path("<int:pk>/photo/change/", register.change_photo, name="change_photo"),
    path("<int:pk>/publish/", register.publish, name="publish"),
    path("<int:pk>/unpublish/", register.unpublish, name="unpublish"),
    path("<int:pk>/request/", requests.ask, name="ask"),
    path("<int:pk>/book/", bookings.book, name="book"),
    path("<int:pk>/closures/", bookings.closures, name="closures"),
    path("<int:pk>/prices/", pricing.prices, name="prices"),
    path("<int:pk>/calendar.ics", bookings.resource_feed, name="resource_feed"),
]

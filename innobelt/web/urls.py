from django.urls import path

from innobelt.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.workbench, name="workbench"),
    path("search/", views.search, name="search"),
]

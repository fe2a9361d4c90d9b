from django.contrib import admin
from django.urls import include, path

from tracker.views import pages

tracker_patterns = [
    path("", pages.overview, name="overview"),
]

urlpatterns = [
    path("", include((tracker_patterns, "tracker"))),
    path("admin/", admin.site.urls),
]

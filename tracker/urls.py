from django.contrib import admin
from django.urls import include, path

from tracker.views import exports, health, matrix, pages, search

tracker_patterns = [
    path("", pages.overview, name="overview"),
    path("provisions/<slug:slug>/", pages.provision, name="provision"),
    path("parties/<str:code>/", pages.party, name="party"),
    path("sources/<int:pk>/", pages.source, name="source"),
    path("matrix/", matrix.matrix, name="matrix"),
    path("matrix/cell/<str:code>/<slug:slug>/", matrix.matrix_cell, name="matrix-cell"),
    path("search/", search.search_page, name="search"),
    path("export/matrix.csv", exports.matrix_csv, name="export-matrix-csv"),
    path("export/matrix.json", exports.matrix_json, name="export-matrix-json"),
    path("export/positions.csv", exports.positions_csv, name="export-positions-csv"),
    path("export/positions.json", exports.positions_json, name="export-positions-json"),
    path("feeds/positions.atom", exports.positions_feed, name="feed-positions"),
]

urlpatterns = [
    path("", include((tracker_patterns, "tracker"))),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tracker.views import (
    adding,
    changing,
    exports,
    health,
    history,
    matrix,
    methodology,
    pages,
    review,
    revising,
    scoping,
    search,
    suggestions,
    texts,
    votes,
)

# The pages of one negotiation, under /negotiations/<slug>/ (tracker/views/scoping.py).
negotiation_patterns = [
    path("", pages.overview, name="overview"),
    path("parties/<str:code>/", pages.party, name="party"),
    path("matrix/", matrix.matrix, name="matrix"),
    path("drafts/", texts.drafts, name="drafts"),
    path("drafts/<slug:draft>/versions/<int:number>/", texts.version, name="version"),
    path(
        "drafts/<slug:draft>/versions/<int:number>.akn.xml",
        texts.version_akn,
        name="version-akn",
    ),
    path("drafts/<slug:draft>/compare/", texts.compare, name="compare"),
    # Editors keep the texts (revising.py).
    path("drafts/<slug:draft>/versions/new/", revising.version_new, name="version-new"),
    path(
        "drafts/<slug:draft>/versions/<int:number>/changes/new/",
        revising.reported_change_new,
        name="reported-change-new",
    ),
    path(
        "drafts/<slug:draft>/versions/<int:number>/paragraphs/<str:eid>/",
        revising.paragraph_edit,
        name="paragraph-edit",
    ),
    path("crosswalk/", texts.crosswalk, name="crosswalk"),
    path("timeline/", votes.negotiation_timeline, name="timeline"),
    path("projection/", votes.projection, name="projection"),
    path("votes/<int:pk>/", votes.vote, name="vote"),
]

tracker_patterns = [
    # Today's addresses, which name no negotiation: to the default one's pages.
    path("", scoping.home, name="home"),
    path("matrix/", scoping.matrix_default, name="matrix-default"),
    path("parties/<str:code>/", scoping.party_default, name="party-default"),
    path("negotiations/<slug:negotiation>/", include(negotiation_patterns)),
    # A provision, a matrix cell and a source belong to their negotiation already.
    path("provisions/<slug:slug>/", pages.provision, name="provision"),
    path("sources/", pages.sources, name="sources"),
    path("sources/<int:pk>/", pages.source, name="source"),
    path("matrix/cell/<str:code>/<slug:slug>/", matrix.matrix_cell, name="matrix-cell"),
    path("search/", search.search_page, name="search"),
    path("export/matrix.csv", exports.matrix_csv, name="export-matrix-csv"),
    path("export/matrix.json", exports.matrix_json, name="export-matrix-json"),
    path("export/positions.csv", exports.positions_csv, name="export-positions-csv"),
    path("export/positions.json", exports.positions_json, name="export-positions-json"),
    path("export/drafts.json", exports.drafts_json, name="export-drafts-json"),
    path("export/votes.json", exports.votes_json, name="export-votes-json"),
    path("export/popolo.json", exports.popolo_json, name="export-popolo-json"),
    path("export/annotations.jsonld", exports.annotations, name="export-annotations"),
    path("feeds/positions.atom", exports.positions_feed, name="feed-positions"),
    # Editors: entering sources and positions (adding.py, suggestions.py).
    path("sources/new/", adding.source_new, name="source-new"),
    path("sources/new/preview/", adding.source_preview, name="source-preview"),
    path("sources/<int:pk>/positions/new/", adding.position_new, name="position-new"),
    path("suggestions/", suggestions.suggestions, name="suggestions"),
    path("suggestions/dismiss/", suggestions.suggestion_dismiss, name="suggestion-dismiss"),
    path(
        "suggestions/dismiss-ticked/",
        suggestions.suggestions_dismiss_ticked,
        name="suggestions-dismiss-ticked",
    ),
    # Editors and reviewers: review, edits, retraction, history (review.py, changing.py,
    # history.py).
    path("review/", review.queue, name="review"),
    path("review/positions/<int:pk>/", review.review_position, name="review-position"),
    path("review/sources/<int:pk>/", review.review_source, name="review-source"),
    path("positions/<int:pk>/edit/", changing.position_edit, name="position-edit"),
    path("sources/<int:pk>/edit/", changing.source_edit, name="source-edit"),
    path("sources/<int:pk>/revise/", revising.source_revise, name="source-revise"),
    path("positions/<int:pk>/retract/", changing.position_retract, name="position-retract"),
    path("excerpts/<int:pk>/retract/", changing.excerpt_retract, name="excerpt-retract"),
    path("sources/<int:pk>/retract/", changing.source_retract, name="source-retract"),
    path("history/<str:kind>/<int:pk>/", history.record_history, name="history"),
    path("changes/", history.recent_changes, name="recent-changes"),
    path("methodology/", methodology.methodology, name="methodology"),
    path("orphans/", texts.orphans, name="orphans"),
]

# Django's own views; their templates are in templates/registration/. Logging out is a POST.
account_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
]

urlpatterns = [
    path("", include((tracker_patterns, "tracker"))),
    path("accounts/", include(account_patterns)),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

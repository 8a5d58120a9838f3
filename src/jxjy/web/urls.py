"""Page URLs. Each audience's views live in their own module; other parts of the platform
and the browser tests rely on these names and paths."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from jxjy.web import (
    views_employer,
    views_home,
    views_imports,
    views_learner,
    views_people,
    views_provider,
    views_reviewer,
)

urlpatterns = [
    path("", views_home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="web/password_change.html",
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    # The learner.
    path("me/", views_learner.home, name="learner-home"),
    path("me/years/", views_learner.years, name="learner-years"),
    path("me/audit/<str:target>/", views_learner.audit, name="learner-audit"),
    path("me/<int:year>/", views_learner.year, name="learner-year"),
    # Anyone but the learner, within their scope.
    path("people/<int:pk>/<int:year>/", views_people.person_year, name="person-year"),
    # The employer.
    path("employer/people/", views_employer.people, name="employer-people"),
    path("employer/people.xlsx", views_employer.people_export, name="employer-people-export"),
    # The provider.
    path("provider/records/", views_provider.records, name="provider-records"),
    path("provider/records/new/", views_provider.register, name="provider-register"),
    # Roster imports (providers, employers running their own training, operators).
    path("provider/imports/", views_imports.batches, name="imports"),
    path("provider/imports/upload/", views_imports.upload, name="imports-upload"),
    path(
        "provider/imports/template.xlsx",
        views_imports.template_download,
        {"fmt": "xlsx"},
        name="imports-template-xlsx",
    ),
    path(
        "provider/imports/template.csv",
        views_imports.template_download,
        {"fmt": "csv"},
        name="imports-template-csv",
    ),
    path("provider/imports/<int:pk>/", views_imports.detail, name="imports-detail"),
    path("provider/imports/<int:pk>/status/", views_imports.status, name="imports-status"),
    path("provider/imports/<int:pk>/commit/", views_imports.commit, name="imports-commit"),
    path("provider/imports/<int:pk>/report.xlsx", views_imports.report, name="imports-report"),
    # The HR reviewer.
    path("reviewer/", views_reviewer.overview_page, name="reviewer-overview"),
    path("reviewer/queue/", views_reviewer.queue, name="reviewer-queue"),
    path("reviewer/queue/verify/", views_reviewer.verify_bulk, name="reviewer-verify-bulk"),
    path("reviewer/records/<int:pk>/verify/", views_reviewer.verify, name="reviewer-verify"),
    path("reviewer/records/<int:pk>/reject/", views_reviewer.reject, name="reviewer-reject"),
]

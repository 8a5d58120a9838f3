"""Page URLs. Each audience's views live in their own module; other parts of the platform
and the browser tests rely on these names and paths."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from jxjy.web import (
    views_disputes,
    views_employer,
    views_evidence,
    views_home,
    views_learner,
    views_people,
    views_provider,
    views_records,
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
    # One record, its history, evidence and correction; evidence files; disputes.
    path("provider/records/<int:pk>/", views_records.record, name="provider-record"),
    path("evidence/new/", views_evidence.upload, name="evidence-upload"),
    path("evidence/<int:pk>/", views_evidence.download, name="evidence-download"),
    path("evidence/<int:pk>/remove/", views_evidence.remove, name="evidence-remove"),
    path("evidence/projects/<int:pk>/", views_evidence.project, name="project-evidence"),
    path("me/records/<int:pk>/dispute/", views_disputes.open_dispute, name="dispute-open"),
    path("disputes/", views_disputes.disputes, name="disputes"),
    path("disputes/<int:pk>/", views_disputes.dispute, name="dispute"),
    path("disputes/<int:pk>/answer/", views_disputes.answer, name="dispute-answer"),
    path("disputes/<int:pk>/close/", views_disputes.close, name="dispute-close"),
    # The HR reviewer.
    path("reviewer/", views_reviewer.overview_page, name="reviewer-overview"),
    path("reviewer/queue/", views_reviewer.queue, name="reviewer-queue"),
    path("reviewer/queue/verify/", views_reviewer.verify_bulk, name="reviewer-verify-bulk"),
    path("reviewer/records/<int:pk>/verify/", views_reviewer.verify, name="reviewer-verify"),
    path("reviewer/records/<int:pk>/reject/", views_reviewer.reject, name="reviewer-reject"),
]

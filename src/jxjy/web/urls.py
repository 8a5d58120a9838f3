"""Page URLs. Each audience's views live in their own module; other parts of the platform
and the browser tests rely on these names and paths."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from jxjy.web import (
    views_catalogue,
    views_disputes,
    views_employer,
    views_evidence,
    views_filings,
    views_home,
    views_imports,
    views_learner,
    views_people,
    views_projects,
    views_provider,
    views_records,
    views_reviewer,
    views_sessions,
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
    # Training: the public catalogue and the learner's side.
    path("catalogue/", views_catalogue.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/", views_catalogue.catalogue_project, name="catalogue-project"),
    path("catalogue/<int:pk>/enrol/", views_catalogue.enrol, name="catalogue-enrol"),
    path("bases/", views_catalogue.bases, name="bases"),
    path("me/training/", views_catalogue.my_training, name="learner-training"),
    path("me/training/<int:pk>/withdraw/", views_catalogue.withdraw, name="learner-withdraw"),
    path("checkin/<int:pk>/", views_catalogue.learner_checkin, name="learner-checkin"),
    # Training: the organiser (a training base, or an employer's own training).
    path("projects/", views_projects.projects, name="projects"),
    path("projects/new/", views_projects.project_new, name="project-new"),
    path("projects/<int:pk>/", views_projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views_projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/file/", views_projects.project_file, name="project-file"),
    path("projects/<int:pk>/sessions/", views_projects.session_add, name="session-add"),
    path(
        "projects/<int:pk>/sessions/<int:session_pk>/remove/",
        views_projects.session_remove,
        name="session-remove",
    ),
    path(
        "projects/<int:pk>/participants/",
        views_projects.participants,
        name="project-participants",
    ),
    path("projects/<int:pk>/enrol/", views_projects.enrol_bulk, name="project-enrol"),
    path("projects/<int:pk>/results/", views_projects.results_save, name="project-results"),
    path("projects/<int:pk>/register/", views_projects.results_register, name="project-register"),
    path("sessions/<int:pk>/", views_sessions.session_live, name="session-live"),
    path("sessions/<int:pk>/code/", views_sessions.session_code, name="session-code"),
    path("sessions/<int:pk>/attendance/", views_sessions.attendance_add, name="session-attendance"),
    path("sessions/<int:pk>/sheet/", views_sessions.session_sheet, name="session-sheet"),
    # Training: the HR bureau's filings.
    path("reviewer/filings/", views_filings.filings, name="filings"),
    path("reviewer/filings/<int:pk>/", views_filings.filing, name="filing"),
    path("reviewer/filings/<int:pk>/approve/", views_filings.filing_approve, name="filing-approve"),
    path("reviewer/filings/<int:pk>/return/", views_filings.filing_return, name="filing-return"),
]

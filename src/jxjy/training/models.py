"""Training projects and what happens in them: filing with the HR bureau (宁夏 三（一）),
sessions, enrolment, attendance and the assessment result (宁波 第九条; 宁夏 三（四）).

Only an approved project produces records that count where a policy requires filing: the
ledger's `approved` flag for a project's records comes from here, never from a checkbox.
Enrolments and attendance hold personal data by reference (the person), nothing more.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.orgs.models import Organisation
from jxjy.people.models import Person
from jxjy.policy.records import Kind, Level, Subject
from jxjy.regions.models import Region, Talent

#: The kinds of activity a provider runs as a project with sessions and attendance. Other
#: kinds (publications, awards, degrees, transfers...) are registered as single records.
#: Which kinds must be filed for their hours to count is not decided here: each policy's
#: `approval` gate says so (宁夏 三（一） names online courses too, so they can be filed).
PROJECT_KINDS = (
    Kind.ONLINE_COURSE,
    Kind.OFFLINE_THEORY,
    Kind.OFFLINE_PRACTICE,
    Kind.TRAINING_CLASS,
    Kind.HIGH_LEVEL_BASE_TRAINING,
    Kind.CONFERENCE,
    Kind.SEMINAR_PROGRAM,
    Kind.STUDY_TOUR,
    Kind.PUBLIC_COURSE,
    Kind.EXAM_PREP_TRAINING,
)


AMOUNT = {"max_digits": 8, "decimal_places": 2, "validators": [MinValueValidator(0)]}


def new_secret() -> str:
    return secrets.token_hex(16)


class Project(models.Model):
    """A training project filed by a training base, or by an employer for its own training
    (宁波 第十七条). It is approved by the HR bureau of `region` or one above it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FILED = "filed", _("Filed, awaiting approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    provider = models.ForeignKey(
        Organisation, models.PROTECT, related_name="projects", verbose_name=_("organiser")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=32, choices=[(k.value, k.value) for k in PROJECT_KINDS]
    )
    subject = models.CharField(
        _("subject"),
        max_length=16,
        choices=[(s.value, s.value) for s in Subject],
        default=Subject.PROFESSIONAL.value,
    )
    level = models.CharField(
        _("level"), max_length=16, blank=True, choices=[(v.value, v.value) for v in Level]
    )
    talent = models.CharField(_("talent type"), max_length=16, choices=Talent.choices)
    occupation = models.CharField(_("occupation or title series"), max_length=64, blank=True)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="projects", verbose_name=_("filed with")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    planned_hours = models.DecimalField(_("planned hours"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    planned_credits = models.DecimalField(_("planned credits"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    teachers = models.TextField(_("teachers"), blank=True)
    fees = models.CharField(_("fees"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    enrol_until = models.DateField(_("enrolment closes"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    filing_number = models.CharField(_("filing number"), max_length=32, blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["status", "region"]),
            models.Index(fields=["status", "start_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["filing_number"],
                condition=~models.Q(filing_number=""),
                name="unique_filing_number",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="project_dates_in_order",
            ),
        ]
        verbose_name = _("training project")
        verbose_name_plural = _("training projects")

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        """A draft or a returned project may be changed; a filed or approved one may not."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def covers(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date


class ProjectSession(models.Model):
    """One sitting of a project: a day, a time, a place, and the hours it is worth.
    `secret` keys the rotating check-in code; it never leaves the server."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    hours = models.DecimalField(_("hours"), **AMOUNT)  # type: ignore[arg-type]
    secret = models.CharField(max_length=32, default=new_secret, editable=False)

    class Meta:
        ordering = ["date", "starts", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="session_ends_after_start"
            )
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.date} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Enrolment(models.Model):
    """A person on a project's roster, and their assessment result (考试考核结果)."""

    class Source(models.TextChoices):
        SELF = "self", _("Enrolled themself")
        PROVIDER = "provider", _("Enrolled by the organiser")

    class Result(models.TextChoices):
        PENDING = "", _("Not assessed yet")
        PASSED = "passed", _("Passed the assessment")
        FAILED = "failed", _("Failed the assessment")

    project = models.ForeignKey(Project, models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, models.PROTECT, related_name="enrolments")
    source = models.CharField(_("enrolled by"), max_length=8, choices=Source.choices)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    result = models.CharField(
        _("assessment result"), max_length=8, choices=Result.choices, blank=True, default=""
    )
    result_note = models.CharField(_("note on the result"), max_length=200, blank=True)
    granted_at = models.DateTimeField(_("hours registered at"), null=True, blank=True)

    class Meta:
        ordering = ["project", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="enrol_once")]
        indexes = [models.Index(fields=["person", "project"])]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.project_id}/{self.person_id}"


class Attendance(models.Model):
    """A participant present at a session: by the rotating code, or recorded by the
    organiser (with a reason), or entered afterwards from a paper sign-in sheet."""

    class Method(models.TextChoices):
        CODE = "code", _("Checked in with the session code")
        MANUAL = "manual", _("Recorded by the organiser")
        SHEET = "sheet", _("Entered from the paper sign-in sheet")

    session = models.ForeignKey(ProjectSession, models.PROTECT, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, models.PROTECT, related_name="attendance")
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="attend_once")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrolment_id}"

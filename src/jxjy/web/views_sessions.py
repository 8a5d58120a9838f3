"""A session, for its organiser: the live check-in screen with the rotating code and its QR
code, who is present, attendance recorded by hand or from the paper sheet, and the
printable sign-in sheet for rooms without a network."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jxjy.training import checkin, selectors, services
from jxjy.training.models import Attendance, ProjectSession
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_training import AttendanceForm
from jxjy.web.views_projects import ORGANISERS, project_line


def _code_now(request: HttpRequest, session: ProjectSession) -> dict[str, object]:
    """The code of this moment, the link its QR code opens, and when it changes."""
    moment = timezone.now()
    code = checkin.code_at(session, moment)
    path = reverse("learner-checkin", args=[session.pk])
    link = request.build_absolute_uri(f"{path}?code={code}")
    svg = io.BytesIO()
    segno.make(link, error="m").save(
        svg, kind="svg", border=2, omitsize=True, xmldecl=False, title=_("Check-in QR code")
    )
    qr: SafeString = mark_safe(svg.getvalue().decode())  # segno's own SVG: no user text
    return {
        "code": code,
        "link": link,
        "qr": qr,
        "seconds": checkin.seconds_to_next_code(moment),
        "open": checkin.is_open(session, moment),
    }


def _session_page(
    request: HttpRequest, session: ProjectSession, form: AttendanceForm, status: int = 200
) -> HttpResponse:
    present = list(
        session.attendance.select_related("enrolment__person", "recorded_by").order_by("at")
    )
    opens, closes = checkin.window(session)
    return render(
        request,
        "web/training_session.html",
        {
            **project_line(session.project),
            "session": session,
            "present": present,
            "enrolled": session.project.enrolments.count(),
            "form": form,
            "opens": opens,
            "closes": closes,
            "now": _code_now(request, session),
        },
        status=status,
    )


@never_cache
@role_required(*ORGANISERS)
def session_live(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = selectors.session_managed_get(user=user, pk=pk)
    return _session_page(request, session, AttendanceForm(session=session))


@never_cache
@role_required(*ORGANISERS)
def session_code(request: HttpRequest, pk: int) -> JsonResponse:
    """The current code for the live screen's script, which polls it."""
    user = acting_user(request)
    session = selectors.session_managed_get(user=user, pk=pk)
    now = _code_now(request, session)
    return JsonResponse(
        {
            "code": now["code"],
            "qr": str(now["qr"]),
            "seconds": now["seconds"],
            "open": now["open"],
            "present": session.attendance.count(),
        }
    )


@require_POST
@role_required(*ORGANISERS)
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = selectors.session_managed_get(user=user, pk=pk)
    form = AttendanceForm(request.POST, session=session)
    if form.is_valid():
        try:
            made = services.attendance_record(
                actor=user,
                session=session,
                enrolments=form.cleaned_data["enrolments"],
                method=Attendance.Method(form.cleaned_data["method"]),
                reason=form.cleaned_data["reason"],
            )
        except services.TrainingRefused as refused:
            form.add_error(None, refused.text())
        else:
            messages.success(request, _("Recorded %(count)s as present.") % {"count": len(made)})
            return redirect("session-live", session.pk)
    return _session_page(request, session, form, status=400)


@role_required(*ORGANISERS)
def session_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper sign-in sheet: every participant, masked ID number, a box to sign."""
    user = acting_user(request)
    session = selectors.session_managed_get(user=user, pk=pk)
    roster = session.project.enrolments.select_related("person").order_by("person__name", "id")
    return render(
        request,
        "web/training_sheet.html",
        {**project_line(session.project), "session": session, "roster": roster},
    )

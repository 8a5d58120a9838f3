"""Evidence files on the pages: upload one to a record, a project or a session, download
one, remove one. The only way a stored file leaves the server is `download`, which first
finds it through the acting user's scope (404 otherwise)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jxjy.accounts.models import Role, User
from jxjy.accounts.scope import EvidenceTarget
from jxjy.downloads import file_response
from jxjy.ledger.evidence import (
    EvidenceInvalid,
    evidence_attach,
    evidence_may,
    evidence_remove,
    target_key,
)
from jxjy.ledger.models import Evidence
from jxjy.ledger.selectors import (
    TARGET_KINDS,
    evidence_get,
    evidence_of,
    evidence_project_get,
    evidence_target_get,
)
from jxjy.uploads import too_large
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_records import EvidenceForm

EVERY_ROLE = tuple(Role)
ATTACHING = (Role.PROVIDER, Role.EMPLOYER, Role.OPERATOR)


@dataclass(frozen=True)
class EvidenceLine:
    evidence: Evidence
    removable: bool
    other_record: int | None  # another version of the record it is attached to


@dataclass(frozen=True)
class EvidenceBox:
    """What `web/_evidence.html` shows of one target: its files, and the upload form if
    the user may attach to it now."""

    target: str  # "record:12", "project:3", "session:8"
    lines: list[EvidenceLine]
    may_attach: bool
    form: EvidenceForm


def evidence_box(user: User, target: EvidenceTarget, shown: Iterable[Evidence]) -> EvidenceBox:
    """The box of `target` with the evidence `shown` (which the caller's selector chose:
    the target's own, or those of a whole history of corrections)."""
    key = target_key(target)
    may_remove = evidence_may(user, target, removing=True)
    lines = []
    for evidence in shown:
        own = getattr(evidence, f"{key}_id") == target.pk
        other = evidence.record_id if key == "record" and not own else None
        lines.append(EvidenceLine(evidence, may_remove and own, other))
    return EvidenceBox(
        f"{key}:{target.pk}", lines, evidence_may(user, target, removing=False), EvidenceForm()
    )


@require_GET
@role_required(*EVERY_ROLE)
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    return file_response(evidence_get(user=acting_user(request), pk=pk), request)


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)


def _parse_target(value: str) -> tuple[str, int] | None:
    kind, _sep, pk = value.partition(":")
    if kind not in TARGET_KINDS or not pk.isdigit():
        return None
    return kind, int(pk)


@require_POST
@role_required(*ATTACHING)
def upload(request: HttpRequest) -> HttpResponse:
    """Attach the posted file to the `target` ("record:12", "project:3", "session:8")."""
    user = acting_user(request)
    parsed = _parse_target(request.POST.get("target", ""))
    if parsed is None:
        return _back(request, reverse("home"))
    target = evidence_target_get(user=user, kind=parsed[0], pk=parsed[1])
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        if too_large(request) is not None:
            messages.error(request, EvidenceInvalid.too_large().message())
        else:
            messages.error(request, _("Choose a file to upload."))
        return _back(request, reverse("home"))
    upload = form.cleaned_data["file"]
    try:
        evidence = evidence_attach(
            actor=user,
            target=target,
            file=upload,
            name=upload.name or "",
            description=form.cleaned_data["description"],
        )
    except EvidenceInvalid as invalid:
        messages.error(request, invalid.message())
    except PermissionDenied:
        messages.error(request, _("You may not attach evidence to this."))
    else:
        messages.success(request, _("Evidence %(id)s is attached.") % {"id": evidence.pk})
    return _back(request, reverse("home"))


@require_POST
@role_required(*ATTACHING)
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    evidence = evidence_get(user=user, pk=pk)
    try:
        evidence_remove(actor=user, evidence=evidence)
    except EvidenceInvalid as invalid:
        messages.error(request, invalid.message())
    except PermissionDenied:
        messages.error(request, _("You may not remove this evidence."))
    else:
        messages.success(request, _("Evidence %(id)s is removed.") % {"id": pk})
    return _back(request, reverse("home"))


@require_GET
@role_required(Role.PROVIDER, Role.EMPLOYER, Role.REVIEWER, Role.OPERATOR)
def project(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's evidence and each of its sessions': for its organiser (who uploads),
    the HR bureaus over its region and operators."""
    user = acting_user(request)
    found = evidence_project_get(user=user, pk=pk)
    sessions = list(found.sessions.all())
    shown = list(evidence_of(user=user, targets=[found, *sessions]))
    return render(
        request,
        "web/project_evidence.html",
        {
            "project": found,
            "box": evidence_box(user, found, [e for e in shown if e.project_id == found.pk]),
            "sessions": [
                (s, evidence_box(user, s, [e for e in shown if e.session_id == s.pk]))
                for s in sessions
            ],
        },
    )

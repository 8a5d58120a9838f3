"""Evidence files on the pages: upload one to a record, a project or a session, download
one, remove one. The only way a stored file leaves the server is `download`, which first
finds it through the acting user's scope (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jxjy.accounts.models import Role
from jxjy.ledger.evidence import ACCEPTED, EvidenceInvalid, evidence_attach, evidence_remove
from jxjy.ledger.models import Evidence, evidence_storage
from jxjy.ledger.selectors import TARGET_KINDS, evidence_get, evidence_target_get
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_records import EvidenceForm

EVERY_ROLE = tuple(Role)
ATTACHING = (Role.PROVIDER, Role.EMPLOYER, Role.OPERATOR)


def file_response(evidence: Evidence) -> FileResponse:
    """The stored file as a download: its own checked type, never sniffed; photos and video
    shown in the browser, scans saved; a file name of the evidence's number only."""
    extension = ACCEPTED[evidence.content_type][1] if evidence.content_type in ACCEPTED else ""
    response = FileResponse(
        evidence_storage().open(evidence.file.name, "rb"),
        content_type=evidence.content_type,
        as_attachment=evidence.kind == Evidence.Kind.SCAN,
        filename=f"evidence-{evidence.pk}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
@role_required(*EVERY_ROLE)
def download(request: HttpRequest, pk: int) -> FileResponse:
    return file_response(evidence_get(user=acting_user(request), pk=pk))


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

"""Writes of evidence files (金华（八）: photos and video of the training, and scans):
attach one to a record, a project or a session, and remove one.

A file is accepted by what it is, read from its first bytes (`filetype`), never by its
name or the browser's word: JPEG, PNG and WebP photos, MP4 and WebM video, PDF scans, each
kind up to its size in `settings.JXJY_EVIDENCE_MAX_BYTES`. It is stored under a random name
in `STORAGES["evidence"]`; the uploader's file name is kept nowhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.audit.models import audit_log
from jxjy.ledger.models import CreditRecord, Evidence, Status, evidence_name, evidence_storage
from jxjy.refusals import Refusal, Refused, deferred
from jxjy.training.models import Project, ProjectSession
from jxjy.uploads import upload_limit

Kind = Evidence.Kind

#: What is accepted, by the type its content shows: the kind and the stored extension.
ACCEPTED: dict[str, tuple[Evidence.Kind, str]] = {
    "image/jpeg": (Kind.PHOTO, ".jpg"),
    "image/png": (Kind.PHOTO, ".png"),
    "image/webp": (Kind.PHOTO, ".webp"),
    "video/mp4": (Kind.VIDEO, ".mp4"),
    "video/webm": (Kind.VIDEO, ".webm"),
    "application/pdf": (Kind.SCAN, ".pdf"),
}

#: The `accept` attribute of upload inputs (a hint to the browser; the content decides).
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED)

#: How much of a file the type is read from.
HEAD_BYTES = 8192


class EvidenceInvalid(Refused):
    """A file or its target is refused; `message()` says which file and why, in the
    active language. `field` is "file" or "target"."""

    def __init__(self, field: str, code: str, **params: object) -> None:
        self.field = field
        self.code = code
        self.params = params
        super().__init__([Refusal(code, deferred(self.message), field)])

    @classmethod
    def too_large(cls) -> EvidenceInvalid:
        """A file dropped while it arrived, being over the largest any upload may be."""
        return cls("file", "too_large", limit=filesizeformat(upload_limit()))

    def message(self) -> str:
        texts = {
            "empty": _("File “%(name)s” is empty (0 bytes)."),
            "too_large": _(
                "The file is larger than %(limit)s, the most any upload may be: nothing was kept."
            ),
            "unsupported": _(
                "File “%(name)s” is not a JPEG, PNG or WebP photo, an MP4 or WebM video, or a"
                " PDF scan: its content was checked, not its name."
            ),
            "too_large_photo": _("File “%(name)s” is %(size)s; a photo may be at most %(limit)s."),
            "too_large_video": _("File “%(name)s” is %(size)s; a video may be at most %(limit)s."),
            "too_large_scan": _("File “%(name)s” is %(size)s; a scan may be at most %(limit)s."),
            "record_closed": _(
                "Record %(id)s is %(status)s: evidence is attached to a record that stands"
                " (registered or verified)."
            ),
            "record_decided": _(
                "Record %(id)s has been decided on: the evidence it was decided with stays."
            ),
            "project_not_approved": _(
                "Project %(id)s is not approved: evidence is of training that was filed,"
                " approved and held."
            ),
        }
        return texts[self.code] % self.params


@dataclass(frozen=True)
class Checked:
    kind: Evidence.Kind
    content_type: str
    extension: str
    size: int
    sha256: str


def evidence_check(*, file: File[bytes], name: str) -> Checked:
    """What `file` is, by its content, or `EvidenceInvalid` naming it (`name`, as the
    uploader called it) and the reason. Reads the file; leaves it at its start."""
    size = file.size or 0
    if size == 0:
        raise EvidenceInvalid("file", "empty", name=name)
    file.seek(0)
    guess = filetype.guess(file.read(HEAD_BYTES))
    accepted = ACCEPTED.get(guess.mime) if guess is not None else None
    if accepted is None:
        raise EvidenceInvalid("file", "unsupported", name=name)
    kind, extension = accepted
    limit = settings.JXJY_EVIDENCE_MAX_BYTES[kind.value]
    if size > limit:
        raise EvidenceInvalid(
            "file",
            f"too_large_{kind.value}",
            name=name,
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return Checked(kind, guess.mime, extension, size, digest.hexdigest())


def target_key(target: scope.EvidenceTarget) -> str:
    """The field of `Evidence` that points to `target`."""
    if isinstance(target, CreditRecord):
        return "record"
    return "session" if isinstance(target, ProjectSession) else "project"


def _check_open(target: scope.EvidenceTarget, *, removing: bool) -> None:
    """Evidence goes on a record that stands, or on an approved project and its sessions;
    it comes off a record only while the record waits for its decision."""
    if isinstance(target, CreditRecord):
        if target.status not in (Status.REGISTERED, Status.VERIFIED):
            label = Status(target.status).label
            raise EvidenceInvalid("target", "record_closed", id=target.pk, status=label)
        if removing and target.status != Status.REGISTERED:
            raise EvidenceInvalid("target", "record_decided", id=target.pk)
        return
    project: Project = target.project if isinstance(target, ProjectSession) else target
    if not project.approved:
        raise EvidenceInvalid("target", "project_not_approved", id=project.pk)


def evidence_may(actor: User, target: scope.EvidenceTarget, *, removing: bool) -> bool:
    """Whether `actor` may attach evidence to `target` now (or remove evidence from it):
    the same checks as the writes, for pages to offer only what will succeed."""
    if not scope.can_attach_evidence(actor, target):
        return False
    try:
        _check_open(target, removing=removing)
    except EvidenceInvalid:
        return False
    return True


def evidence_attach(
    *,
    actor: User,
    target: scope.EvidenceTarget,
    file: File[bytes],
    name: str,
    description: str = "",
) -> Evidence:
    """Attach `file` (called `name` by the uploader) to `target`. The file is stored
    first, under a random name, and removed again if the row cannot be written."""
    if not scope.can_attach_evidence(actor, target):
        raise PermissionDenied
    _check_open(target, removing=False)
    checked = evidence_check(file=file, name=name)
    storage = evidence_storage()
    stored = storage.save(evidence_name(None, f"evidence{checked.extension}"), file)
    try:
        with transaction.atomic():
            row = Evidence.objects.create(
                **{target_key(target): target},
                file=stored,
                kind=checked.kind,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                description=description.strip()[:200],
                uploaded_by=actor,
            )
            audit_log(
                actor,
                "evidence.attach",
                row,
                kind=checked.kind.value,
                size=checked.size,
                sha256=checked.sha256,
                **{f"{target_key(target)}_id": target.pk},
            )
    except BaseException:
        storage.delete(stored)
        raise
    return row


def evidence_target(evidence: Evidence) -> scope.EvidenceTarget:
    target = evidence.record or evidence.session or evidence.project
    assert target is not None  # the evidence_has_one_target constraint
    return target


def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    """Remove an evidence file: the row in one transaction with its audit row (which
    keeps the file's kind, size and SHA-256), the stored file once that has committed."""
    with transaction.atomic():
        row = Evidence.objects.select_for_update().get(pk=evidence.pk)
        target = evidence_target(row)
        if not scope.can_attach_evidence(actor, target):
            raise PermissionDenied
        _check_open(target, removing=True)
        stored = row.file.name
        audit_log(
            actor,
            "evidence.remove",
            row,
            kind=row.kind,
            size=row.size,
            sha256=row.sha256,
            **{f"{target_key(target)}_id": target.pk},
        )
        row.delete()
        transaction.on_commit(lambda: evidence_storage().delete(stored))

"""Reads of the ledger, always through the acting user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from jxjy.accounts.models import Role, User
from jxjy.accounts.scope import EvidenceTarget, evidence_q, project_evidence_q, records_q
from jxjy.ledger.models import CreditRecord, Evidence, Status
from jxjy.training.models import Project, ProjectSession


def record_list(*, user: User) -> QuerySet[CreditRecord]:
    return CreditRecord.objects.filter(records_q(user)).select_related(
        "person", "registered_by"
    )


def records_registered(*, user: User) -> QuerySet[CreditRecord]:
    """The records the user's organisation registered (all of them, for an operator)."""
    records = record_list(user=user)
    if user.role == Role.OPERATOR:
        return records
    return records.filter(registered_by_id=user.organisation_id)


def record_get(*, user: User, pk: int) -> CreditRecord:
    record = record_list(user=user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def record_list_for_person(*, user: User, person_id: int) -> QuerySet[CreditRecord]:
    return record_list(user=user).filter(person_id=person_id).order_by("date", "id")


def verification_queue(*, user: User) -> QuerySet[CreditRecord]:
    """Records waiting for verification that `user` may decide, oldest first."""
    return record_list(user=user).filter(status=Status.REGISTERED).order_by("created", "id")


@dataclass(frozen=True)
class Version:
    """One record of a history chain, and the correction that replaced it (if any):
    who made it, when and why (the correction's own reason, which rejecting it keeps)."""

    record: CreditRecord
    replaced_by: CreditRecord | None
    correction_reason: str


def record_history(*, user: User, record: CreditRecord) -> list[Version]:
    """The chain of corrections `record` belongs to, first registration first: each
    version `user` may see (a correction keeps its registrant, so the whole chain)."""
    chain = [record]
    while chain[0].supersedes_id is not None:
        chain.insert(0, record_get(user=user, pk=chain[0].supersedes_id))
    while True:
        later = record_list(user=user).filter(supersedes_id=chain[-1].pk).first()
        if later is None:
            break
        chain.append(later)
    return [
        Version(old, new, new.reason if new is not None else "")
        for old, new in zip(chain, [*chain[1:], None], strict=True)
    ]


def evidence_list(*, user: User) -> QuerySet[Evidence]:
    """The evidence files `user` may see, oldest first."""
    return Evidence.objects.filter(evidence_q(user)).select_related("uploaded_by")


def evidence_get(*, user: User, pk: int) -> Evidence:
    evidence = evidence_list(user=user).filter(pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence


def evidence_of(*, user: User, targets: list[EvidenceTarget]) -> QuerySet[Evidence]:
    """The evidence on any of `targets` that `user` may see."""
    ids: dict[str, list[int]] = {"record": [], "project": [], "session": []}
    for target in targets:
        if isinstance(target, CreditRecord):
            ids["record"].append(target.pk)
        elif isinstance(target, ProjectSession):
            ids["session"].append(target.pk)
        else:
            ids["project"].append(target.pk)
    return evidence_list(user=user).filter(
        Q(record_id__in=ids["record"])
        | Q(project_id__in=ids["project"])
        | Q(session_id__in=ids["session"])
    )


#: The kinds of target evidence is attached to, as the API and pages name them.
TARGET_KINDS = ("record", "project", "session")


def evidence_project_get(*, user: User, pk: int) -> Project:
    """A project whose evidence `user` may see (`scope.project_evidence_q`), or 404."""
    project = Project.objects.filter(project_evidence_q(user), pk=pk).first()
    if project is None:
        raise Http404
    return project


def evidence_target_get(*, user: User, kind: str, pk: int) -> EvidenceTarget:
    """The record, project or session `pk` whose evidence `user` may see, or 404."""
    if kind == "record":
        return record_get(user=user, pk=pk)
    if kind == "project":
        return evidence_project_get(user=user, pk=pk)
    if kind == "session":
        session = (
            ProjectSession.objects.select_related("project")
            .filter(project_evidence_q(user, "project__"), pk=pk)
            .first()
        )
        if session is not None:
            return session
    raise Http404

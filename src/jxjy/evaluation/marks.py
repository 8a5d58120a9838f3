"""Standings marked 待更新 when something all of a region's standings depend on changes
(the policy assigned there, a policy file's version), and their refresh queued for the
worker (`jxjy.evaluation.tasks`), which runs `services.stale_refresh`. Above both: the
services never queue, so the worker's task and the work it runs import one way."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from jxjy.evaluation.bridge import engine
from jxjy.evaluation.models import PersonYear
from jxjy.evaluation.tasks import refresh_stale
from jxjy.people.models import Person
from jxjy.policy.loader import PolicyError
from jxjy.regions.models import Region


def standings_mark_stale(*, region: Region, talent: str | None = None) -> int:
    """Something every standing of the people of `region` and below (of `talent`, or of
    every talent type) depends on has changed, such as the policy assigned there: mark
    them 待更新 and queue their refresh once the caller's transaction commits. One
    UPDATE, however many people: a region of 100,000 is not recomputed in the request.
    The number of standings marked."""
    people = Person.objects.filter(region__path__startswith=region.path)
    if talent is not None:
        people = people.filter(talent=talent)
    marked = PersonYear.objects.filter(person__in=people.values("pk"), stale=False).update(
        stale=True
    )
    if marked:
        _queue_refresh()
    return marked


def standings_mark_outdated() -> int:
    """Mark 待更新 every standing computed under another version of its policy file than
    the one loaded now, and queue their refresh; the number marked."""
    marked = PersonYear.objects.filter(outdated_q(), stale=False).update(stale=True)
    if marked:
        _queue_refresh()
    return marked


def outdated_q() -> Q:
    """Standings stored under a version of their policy other than the loaded one."""
    outdated = Q(pk__in=[])
    used = PersonYear.objects.values_list("policy", flat=True).distinct().order_by()
    for policy_id in used:
        try:
            version = engine(policy_id).policy.version
        except PolicyError:  # a policy no longer shipped: every standing under it is old
            outdated |= Q(policy=policy_id)
            continue
        outdated |= Q(policy=policy_id) & ~Q(policy_version=version)
    return outdated


def _queue_refresh() -> None:
    transaction.on_commit(lambda: refresh_stale.enqueue())

"""Which engine applies to whom; ledger rows become its records by `jxjy.ledger.codec`."""

from __future__ import annotations

import datetime as dt
import functools

from jxjy.ledger.codec import to_record, to_records
from jxjy.people.models import Person
from jxjy.policy.engine import Engine
from jxjy.policy.loader import load_policy
from jxjy.regions.models import policy_for

#: Ledger rows become engine records by `jxjy.ledger.codec`; named here for the callers.
__all__ = ["engine", "policy_id_for", "to_record", "to_records"]


@functools.cache
def engine(policy_id: str) -> Engine:
    return Engine(load_policy(policy_id))


def policy_id_for(person: Person, year: int) -> str | None:
    """The policy for the person's region and talent type in force at the end of `year`."""
    return policy_for(person.region, person.talent, dt.date(year, 12, 31))

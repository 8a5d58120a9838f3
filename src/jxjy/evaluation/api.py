"""What other apps may call of evaluation (OEP-49): which policy applies to a person in a
year and its compiled engine, and keeping the stored standings of the people whose records
they change current."""

from jxjy.evaluation.bridge import engine, policy_id_for
from jxjy.evaluation.services import person_years_refresh, person_years_refresh_many

__all__ = ["engine", "person_years_refresh", "person_years_refresh_many", "policy_id_for"]

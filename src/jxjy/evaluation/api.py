"""What other apps may call of evaluation (OEP-49): keeping the stored standings of the
people whose records they change current."""

from jxjy.evaluation.services import person_years_refresh, person_years_refresh_many

__all__ = ["person_years_refresh", "person_years_refresh_many"]

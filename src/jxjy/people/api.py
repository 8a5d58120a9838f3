"""What other apps may call of people (OEP-49): one person, as the acting user may see them.
`jxjy.people.id_number` (checking and masking resident ID numbers) is plain domain code that
any layer may use."""

from jxjy.people.selectors import person_get

__all__ = ["person_get"]

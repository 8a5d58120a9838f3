"""The audit trail: one row for every write, with who, when, what and why."""

"""Evaluation: the policy engine applied to the ledger, and each person-year's standing."""

"""The ledger of credit records: one row per activity, never edited in place."""

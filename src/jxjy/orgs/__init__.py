"""Organisations: HR bureaus, the platform operator, training bases, employers, industry
authorities."""

"""Resident consultation: roster import, rule sets, tally, review."""

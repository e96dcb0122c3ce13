"""The Time Bank's REST API: every operation of the pages, under /api/timebank/."""

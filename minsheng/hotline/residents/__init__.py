"""Residents' own pages (``/12345/report/``, ``/12345/track/``): no account needed."""

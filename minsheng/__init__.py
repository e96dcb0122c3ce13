"""Minsheng (民生): Beijing's Time Bank and the 12345 hotline with "One issue per month"."""

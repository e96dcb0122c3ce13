"""Every change in the Time Bank: permission check, one transaction, audit row in it.

Grouped by sub-domain: ``orders`` and ``settlement`` (the standard procedure), ``funding``
(grants, budgets, gifts, donations, pool, reversals), ``registration`` (volunteers, elders,
care needs, stations), ``activities`` (group activities), ``administration`` (policies,
catalogue, grant rules).
"""

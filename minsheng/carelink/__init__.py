"""Care needs from the 12345 hotline become Time Bank service.

The hotline and the Time Bank are neighbours that never import each other; this module sits
above both. It holds the link between a case and the service request made from it (with the
elder's consent), answers the case when the service is settled, and shows the link on both
pages through ``core.modules.add_panel``.
"""

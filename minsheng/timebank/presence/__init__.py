"""Verified presence at the elder's door and the volunteers' phone app.

A volunteer signs in and out at the elder's place by scanning the QR code the station printed for
the elder's door (a signed token that names no one); the phone's position may be checked against a
fence around the door. A sign without a code, or outside the fence, is kept but flagged for the
station, which confirms it (or takes the elder's spoken code over the phone) or rejects it. The
ledger settles only orders whose every presence check is verified or confirmed by the station;
the minutes themselves still move only through the Time Bank's own actions.
"""

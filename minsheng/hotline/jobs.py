"""The hotline's periodic work run by ``minsheng worker`` (or ``minsheng run-periodic``)."""

from __future__ import annotations

from minsheng.hotline import stats
from minsheng.jobs.schedule import every


@every(name="hotline.refresh_stats", minutes=10, commits=True)
def refresh_stats() -> None:
    """The monthly figures of the months that changed (``update-hotline-stats``), each month
    committed as soon as it is computed: cases received meanwhile never wait for the whole
    refresh, only, at most, for their own month's."""
    stats.update_changed_stats()

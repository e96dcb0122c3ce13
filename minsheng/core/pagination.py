"""A paginator that stops counting: a search over millions of rows shows "10,000+", not a count
that reads every matching row."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_BOUND = 10_000


class BoundedPaginator(Paginator):
    """Counts at most ``bound`` + 1 rows (``SELECT count(*) FROM (… LIMIT bound + 1)``).

    Past the bound, ``capped`` is true and the pages run to the bound's last page and one more;
    a narrower search counts in full again.
    """

    def __init__(self, object_list: Any, per_page: int, *, bound: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.bound = COUNT_BOUND if bound is None else bound

    @cached_property
    def count(self) -> int:
        # Without the order: the first bound + 1 matching rows in any order, not the bound + 1
        # first in the page's order (which sorts every match). A QuerySet: counted by the database.
        counted: Any = self.object_list
        return int(counted.order_by()[: self.bound + 1].count())

    @property
    def capped(self) -> bool:
        """Whether there are more rows than were counted."""
        return self.count > self.bound

    @property
    def shown_count(self) -> str:
        """The count as a page shows it: exact, or the bound and a plus ("10,000+")."""
        return f"{self.bound:,}+" if self.capped else f"{self.count:,}"

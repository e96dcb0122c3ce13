"""Which cases belong to a problem: its saved definition, applied to new cases as they arrive.

A case matches a problem's definition when every part the definition gives holds: its category
is one of the problem's categories or below one, it lies in one of its places, and its title or
request contains one of its key phrases. Cases of the selection candidate the problem came from
belong to it too. Matching is incremental: each problem remembers the highest case id it has
seen, and the periodic job (or ``minsheng match-problems``) links only the cases after it, in one
``INSERT … SELECT`` so that the rows never travel through Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce
from operator import and_, or_

from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet

from minsheng.hotline.models import Case, Status
from minsheng.monthly.models import Problem, ProblemCase

NUMBERS_PER_QUERY = 5000


def definition(problem: Problem) -> Q | None:
    """The filter of the problem's saved definition, or ``None`` when it defines nothing."""
    parts = []
    codes = list(problem.categories.values_list("code", flat=True))
    if codes:
        parts.append(_any(Q(category__code__startswith=code) for code in codes))
    paths = list(problem.places.values_list("path", flat=True))
    if paths:
        parts.append(_any(Q(region_path__startswith=path) for path in paths))
    phrases = [phrase for phrase in problem.key_phrases if phrase]
    if phrases:
        parts.append(_any(Q(content__contains=p) | Q(title__contains=p) for p in phrases))
    return reduce(and_, parts) if parts else None


def _any(conditions: Iterable[Q]) -> Q:
    return reduce(or_, conditions)


def match_new(problem: Problem) -> int:
    """Link the cases that arrived since the last match; return how many were linked."""
    with transaction.atomic():
        locked = Problem.objects.select_for_update().get(pk=problem.pk)
        newest = Case.objects.aggregate(newest=Max("id"))["newest"] or 0
        condition = definition(locked)
        linked = 0
        if condition is not None and newest > locked.matched_up_to:
            cases = Case.objects.filter(condition, id__gt=locked.matched_up_to, id__lte=newest)
            counted = cases.exclude(status=Status.MERGED)
            linked = _link(locked, counted, ProblemCase.Reason.DEFINITION)
        Problem.objects.filter(pk=locked.pk).update(matched_up_to=newest)
    problem.matched_up_to = newest
    return linked


def rematch(problem: Problem) -> int:
    """Match every case again (after the definition changed); cluster links stay."""
    with transaction.atomic():
        ProblemCase.objects.filter(problem=problem, reason=ProblemCase.Reason.DEFINITION).delete()
        Problem.objects.filter(pk=problem.pk).update(matched_up_to=0)
        problem.matched_up_to = 0
        return match_new(problem)


def link_cluster(problem: Problem, numbers: list[str]) -> int:
    """Link the cases of a selection candidate that are in the database (by case number)."""
    linked = 0
    for start in range(0, len(numbers), NUMBERS_PER_QUERY):
        chunk = numbers[start : start + NUMBERS_PER_QUERY]
        linked += _link(problem, Case.objects.filter(number__in=chunk), ProblemCase.Reason.CLUSTER)
    return linked


def _link(problem: Problem, cases: QuerySet[Case], reason: str) -> int:
    """``INSERT … SELECT`` the ids of ``cases``; a case already linked keeps its first reason."""
    select_sql, params = cases.values("id").query.sql_with_params()
    table = ProblemCase._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (problem_id, case_id, reason, matched_at) "
            f"SELECT %s, matched.id, %s, now() FROM ({select_sql}) AS matched "
            "ON CONFLICT (problem_id, case_id) DO NOTHING",
            [problem.pk, reason, *params],
        )
        return cursor.rowcount


def match_all(
    problems: Iterable[Problem] | None = None, *, on_progress: Callable[[int], object] | None = None
) -> dict[int, int]:
    """Match new cases for every problem (or the given ones); new links per problem id."""
    chosen = list(problems) if problems is not None else list(Problem.objects.order_by("pk"))
    linked = {}
    for problem in chosen:
        linked[problem.pk] = match_new(problem)
        if on_progress:
            on_progress(1)
    return linked

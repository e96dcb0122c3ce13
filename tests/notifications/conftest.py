"""The notifications' test world: the Time Bank's world and the hotline's fixtures, and a way to
run a block as if it committed and then let the worker do what it queued."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

from minsheng.jobs import runner
from minsheng.notifications.models import Delivery, Message, OutboxMessage
from tests.hotline.conftest import (  # noqa: F401  (fixtures)
    categories,
    dispatched_case,
    handled_case,
    housing,
    jinsong,
    jinsong_office,
    lift_category,
    new_case,
)
from tests.monthly.programme.conftest import plan, problem, theme  # noqa: F401  (fixtures)
from tests.timebank.conftest import TimebankWorld, build_world, register_cast


@pytest.fixture
def tb(cast) -> TimebankWorld:  # type: ignore[no-untyped-def]
    world = build_world(cast)
    register_cast(world)
    return world


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks,
) -> Callable[[], AbstractContextManager[None]]:  # type: ignore[no-untyped-def]
    """``with committed():`` runs the block's after-commit work, then the jobs it queued (the
    worker's part), until none is left."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield
        for _round in range(10):
            with django_capture_on_commit_callbacks(execute=True):
                ran = runner.run_pending()
            if not ran:
                break

    return run


def inbox_of(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(recipient=person).order_by("pk").values_list("title", flat=True)
    )


def verified_family(elder, relative, kind: str = "child") -> None:  # type: ignore[no-untyped-def]
    """``relative`` is a verified relative of ``elder`` (the cast's son already is recorded)."""
    from django.utils import timezone

    from minsheng.people.models import Relationship

    Relationship.objects.update_or_create(
        person=elder,
        relative=relative,
        kind=kind,
        defaults={"verified_by_id": elder.pk, "verified_at": timezone.now()},
    )


def channels_to(person, kind: str) -> set[str]:  # type: ignore[no-untyped-def]
    return set(
        Delivery.objects.filter(recipient=person, event__kind=kind).values_list(
            "channel", flat=True
        )
    )


def outbox_texts() -> list[str]:
    return list(OutboxMessage.objects.order_by("pk").values_list("text", flat=True))

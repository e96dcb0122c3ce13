"""The base of Minsheng's own management commands: language choice and progress bars."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from tqdm import tqdm

T = TypeVar("T")


class MinshengCommand(BaseCommand):
    """Messages in Chinese by default, English with ``--language en`` or MINSHENG_LANGUAGE=en."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser("minsheng", subcommand.replace("_", "-"), **kwargs)
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            default=os.environ.get("MINSHENG_LANGUAGE", settings.LANGUAGE_CODE),
            help="Language of the messages (zh-hans or en).",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> str | None:
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            return super().execute(*args, **options)

    def progress(
        self,
        iterable: Iterable[T],
        *,
        total: int | None = None,
        description: str = "",
        unit: str = "rows",
    ) -> Iterator[T]:
        """Iterate with a progress bar (see :meth:`progress_bar`)."""
        with self.progress_bar(total=total, description=description, unit=unit) as bar:
            for item in iterable:
                yield item
                bar.update(1)

    def progress_bar(
        self, *, total: int | None = None, description: str = "", unit: str = "rows"
    ) -> tqdm:
        """A progress bar on standard error when it is a terminal (or MINSHENG_PROGRESS=1)."""
        show = sys.stderr.isatty() or os.environ.get("MINSHENG_PROGRESS") == "1"
        return tqdm(
            total=total, desc=description, disable=not show, unit=f" {unit}", file=sys.stderr
        )

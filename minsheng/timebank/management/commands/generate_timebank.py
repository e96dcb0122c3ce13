"""``minsheng generate-timebank``: a district-sized Time Bank for benchmarks and dashboards."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from minsheng.core.commands import MinshengCommand
from minsheng.timebank.generator import Generator, Plan


class Command(MinshengCommand):
    help = "Generate volunteers, elders and settled orders, posted through the ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--volunteers", type=int, default=10_000)
        parser.add_argument("--elders", type=int, default=5_000)
        parser.add_argument("--orders", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data set.")
        parser.add_argument("--district", default="110105", help="Region code of the district.")
        parser.add_argument("--days", type=int, default=365, help="Length of the history.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["volunteers"] < 1 or options["elders"] < 1:
            raise CommandError("At least one volunteer and one elder are needed.")
        plan = Plan(
            volunteers=options["volunteers"],
            elders=options["elders"],
            orders=options["orders"],
            seed=options["seed"],
            district=options["district"],
            days=options["days"],
        )
        try:
            made = Generator(plan, self.progress_bar).run()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Generated {made['volunteers']} volunteers, {made['elders']} elders and "
            f"{made['orders']} settled orders (seed {plan.seed})."
        )

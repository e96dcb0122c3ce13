"""``minsheng train-classifier``: learn categories (or units) from labelled cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.cases import classifier
from minsheng.cases.casefile import COLUMNS, CaseFileError, read_cases
from minsheng.core.commands import MinshengCommand


class Command(MinshengCommand):
    help = (
        "Train the intake classifier on labelled cases (a case file, or the database): prints "
        "cross-validated accuracy and F1 per class, ending with a line macro_f1=<value>, and "
        "saves the model (default var/monthly/classifier-<label column>.joblib)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", help="A case file (CSV or XLSX); default: the database.")
        parser.add_argument(
            "--label-column",
            default="category",
            help="The column to learn (default category; handling_unit for units).",
        )
        parser.add_argument("--folds", type=int, default=5, help="Cross-validation folds.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--model", help="Where to save the model.")

    def handle(self, *args: Any, **options: Any) -> None:
        column = options["label_column"]
        if column not in COLUMNS and not options["input"]:
            raise CommandError(_("Unknown label column %(column)s.") % {"column": column})
        if options["folds"] < 2:
            raise CommandError(_("--folds must be at least 2."))
        self.folds = options["folds"]
        records = self._records(options)
        with self.progress_bar(description=_("Reading cases"), unit=_("cases")) as bar:
            try:
                documents, labels, unlabelled = classifier.read_labelled(
                    records, column, progress=lambda done: bar.update(done - bar.n)
                )
            except CaseFileError as error:
                raise CommandError(str(error)) from error
        try:
            model, report = classifier.train(
                documents,
                labels,
                label=column,
                folds=options["folds"],
                seed=options["seed"],
                unlabelled=unlabelled,
            )
        except ValueError as error:
            raise CommandError(
                _("Too few labelled cases to train on: %(reason)s") % {"reason": error}
            ) from error
        path = Path(options["model"]) if options["model"] else classifier.model_path(column)
        classifier.save(model, path)
        self._print(report, path)

    def _records(self, options: dict[str, Any]) -> Any:
        if options["input"]:
            path = Path(options["input"])
            if not path.is_file():
                raise CommandError(_("There is no file %(path)s.") % {"path": path})
            return read_cases(path)
        from minsheng.monthly.management.commands._selection import all_database_records

        return all_database_records()

    def _print(self, report: classifier.Report, path: Path) -> None:
        write = self.stdout.write
        write(
            _(
                "%(cases)s cases in %(classes)s classes, cross-validated in %(folds)s folds; left "
                "out: %(unlabelled)s without a label, %(coarse)s with only a broader category, "
                "%(rare)s of classes too rare to learn."
            )
            % {
                "cases": report.cases,
                "classes": report.classes,
                "folds": self.folds,
                "unlabelled": report.unlabelled,
                "coarse": report.coarse,
                "rare": report.skipped_rare,
            }
        )
        write(f"{'label':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}  name")
        for row in report.per_class:
            write(
                f"{row['label']:<12} {row['precision']:9.3f} {row['recall']:7.3f} "
                f"{row['f1']:6.3f} {row['support']:8d}  {row['name']}"
            )
        write(_("Model saved to %(path)s.") % {"path": path})
        write(f"accuracy={report.accuracy:.4f}")
        write(f"macro_f1={report.macro_f1:.4f}")

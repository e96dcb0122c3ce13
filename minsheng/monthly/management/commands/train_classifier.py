"""``minsheng train-classifier``: learn categories (or units) from labelled cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.cases import classifier
from minsheng.cases.casefile import COLUMNS, CaseFileError
from minsheng.cases.partitions import CaseFile
from minsheng.core.commands import MinshengCommand


class Command(MinshengCommand):
    help = (
        "Train the intake classifier on labelled cases (a case file, or the database): chooses "
        "the model by nested cross-validation on the file (up to 5,000 cases), prints accuracy, "
        "F1 per class and a confusion table from held-out folds, ending with a line "
        "macro_f1=<value>, and saves the model (default "
        "var/monthly/classifier-<label column>.joblib)."
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
        parser.add_argument(
            "--search",
            choices=["auto", "nested", "none"],
            default="auto",
            help="Model choice: nested cross-validation (auto: up to 5,000 cases) or none.",
        )

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
                nested={"auto": None, "nested": True, "none": False}[options["search"]],
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
            return CaseFile(path)  # read by the workers when on Dask
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
        self._print_confusion(report)
        if report.nested:
            write(
                _("Chosen by nested cross-validation: %(model)s (per outer fold: %(folds)s).")
                % {"model": report.chosen, "folds": "; ".join(report.chosen_per_fold)}
            )
        else:
            write(_("Model (no search): %(model)s.") % {"model": report.chosen})
        write(_("Model saved to %(path)s.") % {"path": path})
        write(f"accuracy={report.accuracy:.4f}")
        write(f"macro_f1={report.macro_f1:.4f}")

    def _print_confusion(self, report: classifier.Report) -> None:
        """Rows: the true label; columns: the predicted one, numbered as the rows."""
        write = self.stdout.write
        write(_("Confusion (rows: true label, columns: predicted, held-out folds):"))
        numbers = range(1, len(report.labels) + 1)
        write(" " * 16 + "".join(f"{n:>6}" for n in numbers))
        for n, (value, row) in enumerate(zip(report.labels, report.confusion, strict=True), 1):
            write(f"{n:>3} {value[:12]:<12}" + "".join(f"{count:>6}" for count in row))

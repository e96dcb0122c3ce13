"""``minsheng classify``: add predicted labels and confidence to a case file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.cases import classifier
from minsheng.cases.casefile import CaseFileError, CaseWriter, read_cases
from minsheng.core.commands import MinshengCommand


class Command(MinshengCommand):
    help = (
        "Add predicted labels and their confidence to every case of a file (columns "
        "predicted_<label> and predicted_<label>_confidence), with the model that "
        "train-classifier saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="A case file (CSV or XLSX).")
        parser.add_argument("--out", required=True, help="The file to write (CSV or XLSX).")
        parser.add_argument("--label-column", default="category", help="Which model to use.")
        parser.add_argument("--model", help="A model file (default: the saved one).")

    def handle(self, *args: Any, **options: Any) -> None:
        label = options["label_column"]
        path = Path(options["model"]) if options["model"] else classifier.model_path(label)
        if not path.is_file():
            raise CommandError(
                _("No model at %(path)s: run minsheng train-classifier first.") % {"path": path}
            )
        model = classifier.load(path)
        source = Path(options["input"])
        if not source.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": source})
        out = Path(options["out"])
        names = (f"predicted_{model.label}", f"predicted_{model.label}_confidence")
        written = 0
        try:
            with (
                CaseWriter(out, xlsx=out.suffix.lower() == ".xlsx", extra_columns=names) as writer,
                self.progress_bar(description=_("Classifying"), unit=_("cases")) as bar,
            ):
                for record, value, confidence in classifier.classify(model, read_cases(source)):
                    row = record.as_row()
                    row[names[0]], row[names[1]] = value, confidence
                    writer.write(row)
                    written += 1
                    bar.update(1)
        except CaseFileError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            _("%(count)s cases classified into %(path)s.") % {"count": written, "path": out}
        )

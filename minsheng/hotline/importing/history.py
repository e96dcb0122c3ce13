"""The history a file row stands for, kept as one ``imported`` event per import of a case.

A case file tells a case's history in a few columns: when it was received, how often it was
dispatched and returned, when the caller was contacted, the result, the call-back and the
closing. The importer appends that account as it is, in one event row whose ``data`` holds it
(:func:`history_of`), instead of one row per step: a year of cases is millions of steps. The
steps are read back from it with :func:`history_steps` (the case page, the API).

Counting a case's dispatches, returns and reopenings (``records.case_records``) reads the latest
imported account and adds the steps recorded here after it. The same row imported again appends
nothing (the importer skips rows identical to the last import of the case); a changed row
appends the new account, which supersedes the earlier one.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from minsheng.cases.casefile import BEIJING, CaseRecord
from minsheng.hotline.models import Status

# The step kinds, as CaseEvent kinds, in the order a history takes them.
STEP_KINDS = (
    "received",
    "dispatched",
    "returned",
    "responded",
    "handled",
    "reopened",
    "surveyed",
    "closed",
)


def status_of(record: CaseRecord) -> str:
    """Closed if closed; then the last step taken; without a unit or a result, awaiting dispatch.

    A result without a unit is the hotline's own answer on the call: handled (by the hotline
    centre), awaiting the call-back, not a case to dispatch.
    """
    if record.closed_at:
        return Status.CLOSED
    if not record.handling_unit:
        return Status.HANDLED if record.handled_at else Status.RECEIVED
    if record.handled_at:
        return Status.HANDLED
    if record.responded_at:
        return Status.RESPONDED
    return Status.DISPATCHED


def dispatches_of(record: CaseRecord) -> int:
    """The file's dispatch count; if it does not say, a case with a unit was dispatched once."""
    if record.dispatch_count is not None:
        return record.dispatch_count
    return 1 if record.handling_unit else 0


def history_of(
    record: CaseRecord,
    *,
    status: str,
    unit: str,
    dispatches: int,
    times: tuple[str, str, str, str] | None = None,
) -> str:
    """The account a row gives, as the JSON text of the ``imported`` event's data.

    ``times`` are the received, responded, handled and closed times as JSON values, when the
    caller has them at hand (a time without an offset is Beijing time). Written by hand rather than by ``json.dumps``: every value is a
    number, a boolean, a time, a choice or an organisation code (escaped by the caller), and a
    bulk import builds millions.
    """
    received, responded, handled, closed = times or (
        _time(record.received_at),
        _time(record.responded_at),
        _time(record.handled_at),
        _time(record.closed_at),
    )
    return (
        f'{{"status":"{status}","unit":{unit},"dispatch_count":{dispatches},'
        f'"return_count":{record.return_count or 0},'
        f'"reopened":{"true" if record.reopened else "false"},'
        f'"received_at":{received},"responded_at":{responded},'
        f'"handled_at":{handled},"closed_at":{closed},'
        f'"result":"{record.result or ""}",'
        f'"resolved":{_boolean(record.resolved)},"satisfaction":"{record.satisfied or ""}"}}'
    )


def _time(value: dt.datetime | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


def _boolean(value: bool | None) -> str:
    return "null" if value is None else ("true" if value else "false")


def unit_json(code: str | None) -> str:
    return "null" if not code else json.dumps(code, ensure_ascii=False)


def history_steps(data: dict[str, Any]) -> list[tuple[str, dt.datetime | None, dict[str, Any]]]:
    """The steps an imported account stands for: (kind, time or None, details), in order.

    The file dates only some steps: dispatches and returns happen, as far as it tells, when the
    case was received; a reopening right after the last dated step before it.
    """
    received = _parse(data.get("received_at"))
    unit = data.get("unit")
    steps: list[tuple[str, dt.datetime | None, dict[str, Any]]] = [("received", received, {})]
    dispatches = int(data.get("dispatch_count") or 0)
    returns = int(data.get("return_count") or 0)
    for index in range(max(dispatches, returns)):
        if index < dispatches:
            last = index == dispatches - 1
            steps.append(("dispatched", received, {"unit": unit} if last else {}))
        if index < returns:
            steps.append(("returned", received, {}))
    responded, handled = _parse(data.get("responded_at")), _parse(data.get("handled_at"))
    if responded:
        steps.append(("responded", responded, {"unit": unit}))
    if handled:
        steps.append(("handled", handled, {"unit": unit, "result": data.get("result") or ""}))
    if data.get("reopened"):
        steps.append(("reopened", steps[-1][1], {"unit": unit}))
    closed = _parse(data.get("closed_at"))
    if closed:
        if data.get("resolved") is not None or data.get("satisfaction"):
            answers = {"resolved": data.get("resolved"), "satisfaction": data.get("satisfaction")}
            steps.append(("surveyed", closed, answers))
        steps.append(("closed", closed, {}))
    return steps


def _parse(value: str | None) -> dt.datetime | None:
    """Times without an offset are Beijing time, as in case files."""
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)

"""Two years of generated hotline cases, written by PostgreSQL itself.

Each month of cases is one ``INSERT … SELECT`` over ``generate_series``: ids in time order (as
cases arrive), received evenly over the month with a few minutes of jitter, every district and
sub-district of the bundled region list, its sub-district office, district government or a
municipal department leading, every leaf category, the kinds and channels in realistic shares.
Cases older than a month are nearly all closed (a few merged, a few still open and overdue); the
last month is still being worked on. Then each case's history events and, for a few, a
cooperating unit. Secondary indexes are dropped during the load and built again after it.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from minsheng.core.database.roles import as_owner

TABLES = ("hotline_case", "hotline_caseevent", "hotline_cohandler")

PLACES = """
CREATE TEMP TABLE bench_place AS
SELECT row_number() OVER (ORDER BY s.path) - 1 AS n, s.id AS subdistrict_id, d.id AS district_id,
       s.path, s.name, office.id AS office_id, government.id AS government_id
  FROM regions_region s
  JOIN regions_region d ON d.level = 2 AND s.path LIKE d.path || '%'
  JOIN people_organisation office ON office.code = 'SD-' || s.code
  JOIN people_organisation government ON government.code = 'DG-' || d.code
 WHERE s.level = 3;
CREATE TEMP TABLE bench_category AS
SELECT row_number() OVER (ORDER BY code) - 1 AS n, id, name FROM hotline_category WHERE level = 3;
CREATE TEMP TABLE bench_department AS
SELECT row_number() OVER (ORDER BY code) - 1 AS n, id FROM people_organisation
 WHERE kind IN ('department', 'company');
"""

# One month of cases: ids first..last, received from start to end. %(now)s is the build time.
CASES = """
INSERT INTO hotline_case (
    id, number, received_at, channel, kind, urgency,
    caller_key_hash, caller_key_masked, caller_name, caller_name_masked, caller_phone,
    caller_phone_hash, caller_phone_masked, title, content,
    district_id, subdistrict_id, community_id, community_name, region_path, address,
    category_id, lead_unit_id, status, response_due, handling_due, dispatched_at, responded_at,
    handled_at, closed_at, waiting_since, result, resolution, callback_resolved, satisfaction,
    master_id, excluded, exclusion_reason, anonymous, extra, source, open311_token,
    import_digest, created_at, updated_at)
SELECT id, 'G' || lpad(id::text, 10, '0'), received_at, channel, kind, urgency,
       '', '', '', '', '', '', '', category_name, '市民来电反映：' || category_name || '，请尽快处理。',
       district_id, subdistrict_id, NULL, '第' || (1 + floor(r_community * 12))::int || '社区',
       path, place_name || (1 + floor(r_community * 300))::int || '号',
       category_id,
       CASE WHEN status IN ('received', 'returned', 'merged') THEN NULL ELSE lead_unit_id END,
       status, received_at + interval '1 day', handling_due, dispatched_at,
       -- LEAST ignores nulls: a case not yet responded to or handled keeps its null.
       CASE WHEN responded_at IS NOT NULL THEN LEAST(responded_at, %(now)s) END,
       CASE WHEN handled_at IS NOT NULL THEN LEAST(handled_at, %(now)s) END,
       CASE WHEN status = 'closed' THEN LEAST(handled_at + r_close * interval '2 days', %(now)s) END,
       CASE WHEN status IN ('accepted', 'responded') AND r_wait < 0.03 THEN received_at END,
       CASE WHEN handled_at IS NULL THEN ''
            WHEN r_result < 0.70 THEN 'resolved' WHEN r_result < 0.85 THEN 'partly_resolved'
            WHEN r_result < 0.90 THEN 'not_resolved' ELSE 'explained' END,
       CASE WHEN handled_at IS NULL THEN '' ELSE '已处理并答复来电人。' END,
       CASE WHEN satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')
            THEN r_resolved < 0.78 END,
       satisfaction,
       CASE WHEN status = 'merged' THEN id - 1 END,
       r_excluded < 0.005, CASE WHEN r_excluded < 0.005 THEN '诉求不合理' ELSE '' END,
       false, '{}'::jsonb, 'hotline', NULL, '', received_at, received_at
  FROM (
    SELECT *,
           CASE WHEN status IN ('responded', 'handled', 'closed')
                THEN received_at + r_respond * interval '30 hours' END AS responded_at,
           CASE WHEN status IN ('handled', 'closed')
                THEN received_at + r_handle * (handling_due - received_at) * 1.15 END AS handled_at,
           CASE WHEN status = 'closed' AND r_survey < 0.70 THEN
                CASE WHEN r_answer < 0.55 THEN 'satisfied' WHEN r_answer < 0.77
                     THEN 'basically_satisfied' WHEN r_answer < 0.88 THEN 'dissatisfied'
                     ELSE 'no_answer' END
                ELSE '' END AS satisfaction
      FROM (
        SELECT *,
               received_at + (3 + floor(r_due * 12)) * interval '1 day' AS handling_due,
               CASE WHEN status IN ('received', 'merged') THEN NULL
                    ELSE received_at + (10 + r_dispatch * 110) * interval '1 minute'
               END AS dispatched_at
          FROM (
            SELECT *,
                   CASE WHEN id = 1 THEN 'closed'  -- the first case has none to merge into
                        WHEN received_at < %(now)s - interval '30 days' THEN
                        CASE WHEN r_status < 0.977 THEN 'closed' WHEN r_status < 0.997 THEN 'merged'
                             WHEN r_status < 0.998 THEN 'accepted'
                             WHEN r_status < 0.999 THEN 'responded' ELSE 'handled' END
                   ELSE
                        CASE WHEN r_status < 0.50 THEN 'closed' WHEN r_status < 0.65 THEN 'handled'
                             WHEN r_status < 0.75 THEN 'responded'
                             WHEN r_status < 0.85 THEN 'accepted'
                             WHEN r_status < 0.93 THEN 'dispatched'
                             WHEN r_status < 0.97 THEN 'received' WHEN r_status < 0.98 THEN 'returned'
                             ELSE 'merged' END
                   END AS status
              FROM (
                SELECT g AS id,
                       %(start)s + (g - %(first)s + random()) * (%(end)s - %(start)s)
                         / %(count)s AS received_at,
                       CASE WHEN r.channel < 0.70 THEN 'phone' WHEN r.channel < 0.80 THEN 'app'
                            WHEN r.channel < 0.90 THEN 'web' ELSE 'mini_program' END AS channel,
                       CASE WHEN r.kind < 0.40 THEN 'complaint' WHEN r.kind < 0.65 THEN 'help'
                            WHEN r.kind < 0.85 THEN 'consultation' WHEN r.kind < 0.93 THEN 'report'
                            WHEN r.kind < 0.98 THEN 'suggestion' ELSE 'praise' END AS kind,
                       CASE WHEN r.urgency < 0.95 THEN 'normal' WHEN r.urgency < 0.995
                            THEN 'urgent' ELSE 'emergency' END AS urgency,
                       p.district_id, p.subdistrict_id, p.path, p.name AS place_name,
                       c.id AS category_id, c.name AS category_name,
                       CASE WHEN r.unit < 0.70 THEN p.office_id WHEN r.unit < 0.80
                            THEN p.government_id ELSE d.id END AS lead_unit_id,
                       random() AS r_status, random() AS r_due, random() AS r_dispatch,
                       random() AS r_respond, random() AS r_handle, random() AS r_close,
                       random() AS r_survey, random() AS r_answer, random() AS r_resolved,
                       random() AS r_result, random() AS r_wait, random() AS r_excluded,
                       random() AS r_community
                  FROM generate_series(%(first)s::bigint, %(last)s::bigint) g
                  CROSS JOIN LATERAL (
                    SELECT g AS id, random() AS place, random() AS category, random() AS unit,
                           random() AS channel, random() AS kind, random() AS urgency
                  ) r
                  JOIN bench_place p
                    ON p.n = floor(r.place * (SELECT count(*) FROM bench_place))
                  JOIN bench_category c
                    ON c.n = floor(r.category * (SELECT count(*) FROM bench_category))
                  JOIN bench_department d
                    ON d.n = floor(r.unit * 997)::int %% (SELECT count(*) FROM bench_department)
              ) drawn
          ) statused
      ) timed
  ) cases
"""

# The history the case's columns imply, one event per milestone.
EVENTS = """
INSERT INTO hotline_caseevent (case_id, kind, at, actor_id, unit_id, from_status, to_status,
                               note, data)
SELECT c.id, e.kind, e.at, NULL, e.unit_id, e.from_status, e.to_status, '', e.data
  FROM hotline_case c
 CROSS JOIN LATERAL (VALUES
    ('received', c.received_at, NULL::bigint, '', 'received', '{}'::jsonb),
    ('dispatched', c.dispatched_at, c.lead_unit_id, 'received', 'dispatched', '{}'),
    ('responded', c.responded_at, c.lead_unit_id, 'accepted', 'responded', '{}'),
    ('handled', c.handled_at, c.lead_unit_id, 'responded', 'handled', '{}'),
    ('surveyed', CASE WHEN c.satisfaction <> '' THEN c.closed_at END, NULL, 'handled', 'handled',
     jsonb_build_object('satisfaction', c.satisfaction, 'resolved', c.callback_resolved)),
    ('closed', c.closed_at, NULL, 'handled', 'closed', '{}'),
    ('merged', CASE WHEN c.status = 'merged' THEN c.received_at END, NULL, 'received', 'merged',
     '{}')
 ) AS e(kind, at, unit_id, from_status, to_status, data)
 WHERE c.id BETWEEN %(first)s AND %(last)s AND e.at IS NOT NULL
"""

COHANDLERS = """
INSERT INTO hotline_cohandler (case_id, organisation_id, added_at)
SELECT c.id, d.id, c.dispatched_at
  FROM hotline_case c
  JOIN bench_department d ON d.n = c.id %% (SELECT count(*) FROM bench_department)
 WHERE c.id BETWEEN %(first)s AND %(last)s AND c.dispatched_at IS NOT NULL
   AND c.lead_unit_id IS NOT NULL AND c.lead_unit_id <> d.id AND c.id %% 33 = 0
"""


def build(count: int, months: int) -> None:
    """Migrate the bench database, load the regions and people, generate ``count`` cases over
    ``months`` months ending now, then fill the monthly aggregates."""
    from minsheng.people import demo as people
    from minsheng.regions import demo as regions

    call_command("migrate", interactive=False, verbosity=0)
    regions.load()
    people.load()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with as_owner(connection), connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(PLACES)
        indexes = _drop_secondary_indexes(cursor)
        _insert(cursor, count, months, now)
        _rebuild_indexes(cursor, indexes)
        cursor.execute("SELECT setval(pg_get_serial_sequence('hotline_case', 'id'), %s)", [count])
        for table in TABLES:
            started = time.perf_counter()
            cursor.execute(f"VACUUM (ANALYZE) {table}")
            print(f"  vacuum {table}: {time.perf_counter() - started:.0f} s", flush=True)
    _refresh_aggregates()


def _month_starts(months: int, now: dt.datetime) -> list[dt.datetime]:
    """``months + 1`` boundaries, the last one ``now``: each month's cases share a statement."""
    span = dt.timedelta(days=730) / months
    first = now - span * months
    return [first + span * index for index in range(months)] + [now]


def _insert(cursor: Any, count: int, months: int, now: dt.datetime) -> None:
    bounds = _month_starts(months, now)
    per_month = count // months
    started = time.perf_counter()
    with tqdm(total=count, desc="cases and their events", unit=" cases", file=sys.stderr) as bar:
        for index in range(months):
            first = 1 + index * per_month
            last = count if index == months - 1 else first + per_month - 1
            arguments = {
                "first": first,
                "last": last,
                "count": last - first + 1,
                "start": bounds[index],
                "end": bounds[index + 1],
                "now": now,
            }
            cursor.execute(CASES, arguments)
            cursor.execute(EVENTS, arguments)
            cursor.execute(COHANDLERS, arguments)
            bar.update(last - first + 1)
    print(f"  rows written in {time.perf_counter() - started:.0f} s", flush=True)


def _drop_secondary_indexes(cursor: Any) -> list[str]:
    """Drop the indexes no constraint needs (built again after the load, far faster)."""
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
         WHERE i.indrelid = ANY(%s::regclass[])
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(TABLES)],
    )
    rows = cursor.fetchall()
    for name, _definition in rows:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in rows]


def _rebuild_indexes(cursor: Any, definitions: list[str]) -> None:
    started = time.perf_counter()
    for definition in definitions:
        cursor.execute(definition)
    print(
        f"  {len(definitions)} indexes built in {time.perf_counter() - started:.0f} s", flush=True
    )


def _refresh_aggregates() -> None:
    started = time.perf_counter()
    call_command("update_hotline_stats", verbosity=0)
    print(
        f"  update-hotline-stats (every month): {time.perf_counter() - started:.0f} s", flush=True
    )

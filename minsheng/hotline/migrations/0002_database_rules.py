"""Rules PostgreSQL enforces itself: append-only case history, allowed status moves, and a
category code that extends its parent's."""

from django.db import migrations

from minsheng.core.db import append_only

# The status map of hotline.states.ALLOWED at the time of writing; a later change of the map
# needs a new migration (tests compare the two).
ALLOWED_PAIRS = (
    "('accepted', 'dispatched'), ('accepted', 'merged'), ('accepted', 'responded'), "
    "('accepted', 'returned'), ('closed', 'accepted'), ('dispatched', 'accepted'), "
    "('dispatched', 'dispatched'), ('dispatched', 'merged'), ('dispatched', 'responded'), "
    "('dispatched', 'returned'), ('handled', 'accepted'), ('handled', 'closed'), "
    "('received', 'dispatched'), ('received', 'merged'), ('responded', 'dispatched'), "
    "('responded', 'handled'), ('returned', 'dispatched'), ('returned', 'merged')"
)

STATUS_TRIGGER = f"""
CREATE OR REPLACE FUNCTION hotline_case_status_move() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    -- The importer synchronises cases from another system and may jump several steps.
    IF current_setting('minsheng.hotline_sync', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF (OLD.status, NEW.status) NOT IN ({ALLOWED_PAIRS}) THEN
        RAISE EXCEPTION 'case %: status % -> % is not allowed', OLD.number, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER hotline_case_status_move BEFORE UPDATE OF status ON hotline_case
FOR EACH ROW EXECUTE FUNCTION hotline_case_status_move();
"""

CATEGORY_TRIGGER = """
CREATE OR REPLACE FUNCTION hotline_category_code() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE parent_code text;
BEGIN
    IF NEW.parent_id IS NOT NULL THEN
        SELECT code INTO parent_code FROM hotline_category WHERE id = NEW.parent_id;
        IF NEW.code NOT LIKE parent_code || '_%' THEN
            RAISE EXCEPTION 'category code % must extend its parent''s code %', NEW.code, parent_code
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER hotline_category_code BEFORE INSERT OR UPDATE ON hotline_category
FOR EACH ROW EXECUTE FUNCTION hotline_category_code();
"""


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial"), ("core", "0001_forbid_change_function")]

    operations = [
        append_only("hotline_caseevent"),
        migrations.RunSQL(
            STATUS_TRIGGER,
            reverse_sql="DROP TRIGGER IF EXISTS hotline_case_status_move ON hotline_case; "
            "DROP FUNCTION IF EXISTS hotline_case_status_move();",
        ),
        migrations.RunSQL(
            CATEGORY_TRIGGER,
            reverse_sql="DROP TRIGGER IF EXISTS hotline_category_code ON hotline_category; "
            "DROP FUNCTION IF EXISTS hotline_category_code();",
        ),
    ]

"""The database refuses to settle an order by confirmation while one of its signs at the door is
flagged or rejected (a dispute decision, from the disputed state, is the station's own way).
Python checks the same first (``presence.guard``) for a clear message."""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION presence_settle_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM presence_presencecheck
        WHERE order_id = NEW.id AND status IN ('flagged', 'rejected')
    ) THEN
        RAISE EXCEPTION 'order % has a sign at the door that the station has not confirmed', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'presence_settle_only_counted';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER presence_settle_guard
BEFORE UPDATE OF state ON timebank_serviceorder
FOR EACH ROW WHEN (OLD.state = 'signed_out' AND NEW.state = 'settled')
EXECUTE FUNCTION presence_settle_guard();
"""

REVERSE = """
DROP TRIGGER presence_settle_guard ON timebank_serviceorder;
DROP FUNCTION presence_settle_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("presence", "0001_initial")]

    operations = [migrations.RunSQL(FUNCTION, REVERSE)]

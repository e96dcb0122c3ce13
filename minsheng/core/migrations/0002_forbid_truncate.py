"""TRUNCATE is refused on every append-only table, for every role: the row-level triggers do not
see it. Tables made append-only later get the guard from ``core.db.append_only`` itself."""

from django.db import migrations

from minsheng.core.db import FORBID_TRUNCATE_FUNCTION, WRITTEN_BY_DATABASE_FUNCTION

GUARD_EXISTING = """
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT DISTINCT c.relname
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_proc p ON p.oid = t.tgfoid
         WHERE p.proname = 'minsheng_forbid_change' AND NOT t.tgisinternal
    LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION minsheng_forbid_truncate()',
            item.relname || '_no_truncate', item.relname
        );
    END LOOP;
END;
$$;
"""

UNGUARD = """
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'minsheng_forbid_truncate'
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', item.tgname, item.relname);
    END LOOP;
END;
$$;
DROP FUNCTION IF EXISTS minsheng_forbid_truncate();
DROP FUNCTION IF EXISTS minsheng_written_by_database();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_forbid_change_function")]

    operations = [
        migrations.RunSQL(
            sql=FORBID_TRUNCATE_FUNCTION + WRITTEN_BY_DATABASE_FUNCTION + GUARD_EXISTING,
            reverse_sql=UNGUARD,
        ),
    ]

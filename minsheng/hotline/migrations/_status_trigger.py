"""The status trigger's function, for migrations that change the map (0002 created it)."""


def function_sql(pairs: str) -> str:
    return f"""
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
    IF (OLD.status, NEW.status) NOT IN ({pairs}) THEN
        RAISE EXCEPTION 'case %: status % -> % is not allowed', OLD.number, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
"""

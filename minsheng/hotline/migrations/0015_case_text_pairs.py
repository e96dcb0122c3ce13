"""Word search over millions of cases: a GIN index of the character pairs of each case's text.

PostgreSQL's text search splits words at spaces, which Chinese does not have, and ``pg_trgm``
needs three characters where most Chinese search words have two (噪音, 停车, 物业). So a case's
title, request and address, upper-cased, are cut into their overlapping pairs of characters,
and those are indexed. Words of two characters or more occur in a text only if all their pairs
do: the index finds the few cases that have every pair, and the case-insensitive ``LIKE`` of
the search then keeps exactly the cases that contain the words (``CaseQuerySet.matching``).

``hotline_case_text_pairs`` is the index's expression and runs for every case written, so it
is cheap: two regular expressions, each cutting the text into pairs from a different first
character, and one split (about 7 µs for a case of 120 characters; every function's fixed
``search_path`` keeps PostgreSQL from inlining it, which would save about 1.5 µs).
Its pairs may hold odds and ends (a lone last character with the chr(2) appended to pair it,
pieces of a text that itself holds chr(1)); no search asks for those, since the search's own
pairs are exact (``hotline_search_pairs``, run once per search) and searched words never hold
control characters (the search form removes them).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

FUNCTIONS = r"""
CREATE FUNCTION hotline_case_text_pairs(title text, content text, address text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT array_remove(string_to_array(
    regexp_replace(upper(title || ' ' || content || ' ' || address) || chr(2),
                   '(..)', '\1' || chr(1), 'g')
    || chr(1)
    || regexp_replace(substr(upper(title || ' ' || content || ' ' || address), 2) || chr(2),
                      '(..)', '\1' || chr(1), 'g'),
    chr(1)), '')
$$;

CREATE FUNCTION hotline_search_pairs(words text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
SELECT coalesce(array_agg(DISTINCT substr(upper(words), i, 2)), '{}')
  FROM generate_series(1, length(words) - 1) AS i
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION hotline_search_pairs(text);
DROP FUNCTION hotline_case_text_pairs(text, text, text);
"""


class Migration(migrations.Migration):
    # The index is built without locking out writes: at millions of cases that takes minutes.
    atomic = False

    dependencies = [
        ("hotline", "0014_overdue_watch_index"),
    ]

    operations = [
        migrations.RunSQL(FUNCTIONS, reverse_sql=DROP_FUNCTIONS),
        AddIndexConcurrently(
            model_name="case",
            index=GinIndex(
                models.Func(
                    models.F("title"),
                    models.F("content"),
                    models.F("address"),
                    function="hotline_case_text_pairs",
                    output_field=ArrayField(base_field=models.TextField(), size=None),
                ),
                name="case_text_pairs",
            ),
        ),
    ]

"""On PostgreSQL, refuse UPDATE and DELETE on case events in the database itself."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION casework_caseevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'case events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS casework_caseevent_append_only ON casework_caseevent;
CREATE TRIGGER casework_caseevent_append_only
    BEFORE UPDATE OR DELETE ON casework_caseevent
    FOR EACH ROW EXECUTE FUNCTION casework_caseevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS casework_caseevent_append_only ON casework_caseevent;
DROP FUNCTION IF EXISTS casework_caseevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_case_core")]
    operations = [migrations.RunPython(forwards, backwards)]

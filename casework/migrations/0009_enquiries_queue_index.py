# The Clerk's enquiry queue reads open cases of one kind at one council, soonest due first, with the
# case id to break ties (every case due on a day shares that day's end as its due instant). This
# partial index gives that order directly, so the first page reads 26 index entries instead of
# sorting every open case. It is an index only (no model state), so it is plain SQL that SQLite and
# PostgreSQL both understand.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0008_information_release_documents"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX case_open_by_due ON casework_case (council_id, kind, due_at, id) "
                "WHERE status IN ('open', 'on_hold')"
            ),
            reverse_sql="DROP INDEX case_open_by_due",
        ),
    ]

"""The database rule that no two bookings of one instrument overlap.

On PostgreSQL an exclusion constraint (GiST over the resource id and the
booking's time range, btree_gist for the equality part) rejects an
overlapping row whatever the concurrency. SQLite has no such constraint; there
the domain's check-then-insert runs inside an IMMEDIATE transaction, which
takes the database's single write lock at BEGIN, so two bookers are
serialised (docs/adr/0301-resource-sharing.md).

`PostgresExclusionConstraint` is an ExclusionConstraint that emits its DDL
and runs its validation only on PostgreSQL, so the model declares it once,
migrations stay generated and `makemigrations --check` stays clean on both.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Func


class TsTzRange(Func):
    """TSTZRANGE(start, end, '[)'): a half-open time range."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if connections[using].vendor != "postgresql":
            return  # the domain's serialised check is the rule there
        super().validate(model, instance, exclude=exclude, using=using)

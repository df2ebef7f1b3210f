"""The rows of a related queryset as one JSON column of the outer query.

The cable page reads a cable and its paragraphs, tags, addressees, references, notes
and citing cables in one round trip: each related queryset becomes a correlated
subquery returning its rows as a JSON array of objects, which `rows_of` reads back.
One expression for both databases: PostgreSQL's `json_agg` of the row, SQLite's
`json_group_array` of a `json_object` naming the same columns.
"""

import json

from django.db.models import JSONField, Subquery, TextField


class JSONRows(Subquery):
    """A `values()` queryset (ordered, sliced as wanted) as a JSON array of row objects.

    Key names are the `values()` names. The array comes back as text, `[]` when there
    are no rows; dates are ISO strings, booleans `true`/`false` on PostgreSQL and 1/0
    on SQLite.
    """

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "(SELECT COALESCE(json_agg(json_rows), '[]')::text FROM (%(subquery)s) AS json_rows)"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        pairs = []
        for name, is_json in self._columns():
            column = f"json_rows.{connection.ops.quote_name(name)}"
            # SQLite keeps JSON as text: json() nests it as JSON, not as a string.
            pairs.append(f"'{name}', json({column})" if is_json else f"'{name}', {column}")
        aggregate = f"json_group_array(json_object({', '.join(pairs)}))"
        template = f"(SELECT {aggregate} FROM (%(subquery)s) AS json_rows)"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def _columns(self) -> list[tuple[str, bool]]:
        """(name, whether it holds JSON) for each column of the rows."""
        query = self.query
        fields = [
            (name, isinstance(query.model._meta.get_field(name), JSONField))
            for name in query.values_select
        ]
        return fields + [
            (name, isinstance(annotation.output_field, JSONField))
            for name, annotation in query.annotation_select.items()
        ]


def rows_of(value: str | None) -> list[dict]:
    """The rows a `JSONRows` column holds."""
    return json.loads(value) if value else []

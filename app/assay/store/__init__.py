"""Store: the only SQL in Assay (connection, migrations, queries, writes)."""

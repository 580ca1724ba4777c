"""Storage: the SQLite connection, migrations and one repository per area."""

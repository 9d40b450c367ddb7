"""The only place with SQL: connection, migrations, named queries and repositories."""

from db.database import Database

__all__ = ["Database"]

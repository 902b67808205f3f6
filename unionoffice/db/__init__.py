"""Database layer: peewee models, connection, migrations and backups. No Qt here."""

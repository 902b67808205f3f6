"""Domain layer: validation, queries, transactions and statistics. No Qt here."""

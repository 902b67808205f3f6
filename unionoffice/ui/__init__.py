"""The window: one package per tab, shared pieces in ``common``."""

"""The program's own log (``unionoffice.log`` in the data folder): what happened, never who.

Only counts, kinds and exception types are logged — never names, ID numbers, phones or the text of
a validation message (which may quote a cell). ``tests/unit/test_logs.py`` greps the file."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from unionoffice.paths import data_dir

LOG_NAME = "unionoffice.log"
log = logging.getLogger("unionoffice")


def setup() -> None:
    if any(isinstance(h, RotatingFileHandler) for h in log.handlers):
        return
    try:
        handler = RotatingFileHandler(data_dir() / LOG_NAME, maxBytes=2 * 1024 * 1024,
                                      backupCount=3, encoding="utf-8")
    except OSError:
        return  # a read-only data folder must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def failure(what: str, exc: BaseException) -> None:
    """Log a failure by its kind only (its message may quote personal data)."""
    log.warning("%s failed: %s", what, type(exc).__name__)

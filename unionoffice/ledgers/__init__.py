"""The office's ledgers, each declared once (``engine.Ledger``): the command line's ``import KIND``
and ``export KIND`` and the window's import dialog are built from this list."""

from __future__ import annotations

import importlib

# import KIND → the module declaring it (loaded on first use: openpyxl and the models load late)
MODULES = {
    "members": "members",
    "motions": "motions",
    "notices": "notices",
    "activities": "activities",
    "assistance": "assistance",
    "wages": "wages",
    "vouchers": "vouchers",
    "contracts": "contracts",
    "mediations": "mediations",
    "grievances": "grievances",
    "hazards": "hazards",
    "suggestions": "suggestions",
}

# export KIND → the module whose declaration writes it (a ledger may export under another name)
EXPORTS = {
    "motions": "motions",
    "notices": "notices",
    "activities": "activities",
    "welfare": "assistance",
    "dues": "wages",
    "vouchers": "vouchers",
    "contracts": "contracts",
    "mediations": "mediations",
    "grievances": "grievances",
    "hazards": "hazards",
    "suggestions": "suggestions",
}


def get(kind: str):
    """The declaration of ``kind``."""
    return importlib.import_module(f"unionoffice.ledgers.{MODULES[kind]}").LEDGER


def exporter(kind: str):
    return importlib.import_module(f"unionoffice.ledgers.{EXPORTS[kind]}").LEDGER


def kinds() -> list[str]:
    return list(MODULES)


def export_kinds() -> list[str]:
    return list(EXPORTS)


def feeding() -> dict[str, list[str]]:
    """Each annual-report figure → the ledgers (their titles) whose import feeds it (``Ledger.figures``)."""
    fed: dict[str, list[str]] = {}
    for kind in kinds():
        declaration = get(kind)
        for figure in declaration.figures:
            fed.setdefault(figure, []).append(declaration.title)
    return fed

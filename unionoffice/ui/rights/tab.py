"""维权 tab: the chapter's rights work (domain.md §15), one page per register — collective contracts
and negotiation, dispute mediation, workers' requests, labour-protection inspections and
rationalisation suggestions. Each page is a ``RegisterTab`` (or any widget with a ``changed``
signal) named in ``PAGES``; this tab only holds them."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

# (page title, "module:class" under unionoffice.ui.rights), in the order a clerk meets them
PAGES: list[tuple[str, str]] = [
    ("集体合同", "contracts:ContractsTab"),
    ("劳动争议调解", "mediation:MediationTab"),
]
PAGES += [("职工诉求", "requests:RequestsTab"), ("劳动保护检查", "inspections:InspectionsTab"),
          ("合理化建议", "suggestions:SuggestionsTab")]


class RightsTab(QTabWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.pages: dict[str, QWidget] = {}
        for title, where in PAGES:
            module, name = where.split(":")
            page = getattr(importlib.import_module(f"unionoffice.ui.rights.{module}"), name)(self)
            page.changed.connect(self.changed)
            self.pages[module] = page
            self.addTab(page, self.tr(title))

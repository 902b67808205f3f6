"""维权 tab: the chapter's rights work (domain.md §15), one page per register — collective contracts
and negotiation, dispute mediation, workers' requests, labour-protection inspections and
rationalisation suggestions. Each page is a ``RegisterTab`` (or any widget with a ``changed``
signal) named in ``PAGES``; this tab only holds them."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from unionoffice.ui.common.lazy_tabs import put_in_place

# (page title, "module:class" under unionoffice.ui.rights), in the order a clerk meets them
PAGES: list[tuple[str, str]] = [
    ("集体合同", "contracts:ContractsTab"),
    ("劳动争议调解", "mediation:MediationTab"),
]
PAGES += [("职工诉求", "requests:RequestsTab"), ("劳动保护检查", "inspections:InspectionsTab"),
          ("合理化建议", "suggestions:SuggestionsTab")]


class _Pages(Mapping):
    """The pages by module name (``tab.pages["contracts"]``), each built when first asked for."""

    def __init__(self, tab: "RightsTab"):
        self.tab = tab

    def __getitem__(self, module: str) -> QWidget:
        return self.tab.page(module)

    def __iter__(self):
        return iter(self.tab.modules)

    def __len__(self) -> int:
        return len(self.tab.modules)


class RightsTab(QTabWidget):
    """Each page is built the first time it is shown or asked for (``pages``): five registers built
    at once froze the window at the tab's first opening."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.modules = [where.split(":")[0] for _, where in PAGES]
        self._built: dict[str, QWidget] = {}
        self.pages = _Pages(self)
        for title, _where in PAGES:
            self.addTab(QWidget(), self.tr(title))  # a stand-in until the page is built
        self.currentChanged.connect(self._shown)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._shown(self.currentIndex())

    def _shown(self, index: int) -> None:
        if 0 <= index < len(self.modules):
            self.page(self.modules[index])

    def page(self, module: str) -> QWidget:
        page = self._built.get(module)
        if page is None:
            index = self.modules.index(module)
            name = PAGES[index][1].split(":")[1]
            page = getattr(importlib.import_module(f"unionoffice.ui.rights.{module}"), name)(self)
            page.changed.connect(self.changed)
            self._built[module] = page
            put_in_place(self, index, page)
        return page

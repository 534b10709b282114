"""Item models over plain domain lists: contact history and search results."""

from __future__ import annotations

from typing import Any

from werkplek.domain.model import TIJDZONE, Contactmoment, Kanaal, Kennisartikel
from werkplek.services.beeld import Zoekresultaat
from werkplek.ui.qt import Qt, QtCore

SORTEERROL = Qt.ItemDataRole.UserRole + 1
KANAALROL = Qt.ItemDataRole.UserRole + 2

_KOLOMMEN = ["Datum en tijd", "Kanaal", "Onderwerp", "Vraag", "Antwoord", "Afhandeling",
             "Zaken", "Medewerker", "Bron"]


def _kort(tekst: str, n: int = 120) -> str:
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= n else tekst[: n - 1] + "…"


class ContacthistorieModel(QtCore.QAbstractTableModel):
    """Contacts of one customer over every channel and source."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rijen: list[Contactmoment] = []

    def zet(self, contacten: list[Contactmoment]) -> None:
        self.beginResetModel()
        self._rijen = list(contacten)
        self.endResetModel()

    def contact(self, rij: int) -> Contactmoment:
        return self._rijen[rij]

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex =
                 QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rijen)

    def columnCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex =
                    QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_KOLOMMEN)

    def headerData(self, sectie: int, orientatie: Qt.Orientation,
                   rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientatie == Qt.Orientation.Horizontal and rol == Qt.ItemDataRole.DisplayRole
                and 0 <= sectie < len(_KOLOMMEN)):
            return _KOLOMMEN[sectie]
        return None

    def data(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
             rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rijen):
            return None
        c = self._rijen[index.row()]
        kol = index.column()
        if rol == Qt.ItemDataRole.DisplayRole:
            return _cel(c, kol)
        if rol == Qt.ItemDataRole.ToolTipRole and kol in (3, 4):
            return c.vraag if kol == 3 else c.antwoord
        if rol == SORTEERROL:
            return c.begin.isoformat() if kol == 0 else self.data(index)
        if rol == KANAALROL:
            return c.kanaal.value
        return None


def _cel(c: Contactmoment, kol: int) -> str:
    """The text of one cell; only that column's value is formatted."""
    match kol:
        case 0:
            return f"{c.begin.astimezone(TIJDZONE):%d-%m-%Y %H:%M}"
        case 1:
            return c.kanaal.label
        case 2:
            return c.onderwerp
        case 3:
            return _kort(c.vraag)
        case 4:
            return _kort(c.antwoord)
        case 5:
            return c.afhandeling.label
        case 6:
            return ", ".join(c.zaken)
        case 7:
            return c.medewerker
        case _:
            return c.bron


class ContactFilter(QtCore.QSortFilterProxyModel):
    """Filters the history on channel and on text in any column."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._kanaal: Kanaal | None = None
        self.setSortRole(SORTEERROL)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def zet_kanaal(self, kanaal: Kanaal | None) -> None:
        self.beginFilterChange()
        self._kanaal = kanaal
        self.endFilterChange()

    def filterAcceptsRow(self, bron_rij: int,
                         ouder: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> bool:
        if self._kanaal is not None:
            index = self.sourceModel().index(bron_rij, 0, ouder)
            if self.sourceModel().data(index, KANAALROL) != self._kanaal.value:
                return False
        return super().filterAcceptsRow(bron_rij, ouder)


class LijstModel(QtCore.QAbstractListModel):
    """A list of search results or kennisartikelen, two lines per item."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Zoekresultaat | Kennisartikel] = []

    def zet(self, items: list[Zoekresultaat] | list[Kennisartikel]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, rij: int) -> Zoekresultaat | Kennisartikel:
        return self._items[rij]

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex =
                 QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
             rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if rol == Qt.ItemDataRole.DisplayRole:
            if isinstance(item, Zoekresultaat):
                return f"{item.titel}\n{item.omschrijving}"
            return f"{item.titel}\n{item.onderwerp}"
        if rol == Qt.ItemDataRole.AccessibleTextRole:
            if isinstance(item, Zoekresultaat):
                return f"{item.titel}, {item.omschrijving}"
            return f"{item.titel}, onderwerp {item.onderwerp}"
        if rol == Qt.ItemDataRole.ToolTipRole and isinstance(item, Kennisartikel):
            return item.samenvatting
        return None

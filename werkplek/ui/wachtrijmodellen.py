"""Item models of the panel "Wachtrijen": tiles, agents, counter tickets, channels, alarms.

Each model holds its rows as rendered cells, keyed (a queue by name, an agent by
gebruikersnaam, a ticket by id), and brings them up to date in place: rows that go are
removed, rows that come are inserted, rows that move are moved, and only the cells whose text
or judgement changed are reported with dataChanged. So a view keeps its selection and scroll
position while the panel gets a new picture every second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from werkplek.domain.model import TIJDZONE, Kanaal
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import (
    Agentstand,
    Beoordeling,
    Maatstaf,
    Normen,
    Oordeel,
    Ticket,
    beoordeel_fcr,
)
from werkplek.services.beeld import ALLE, Melding, Tegel, toon_waarde
from werkplek.ui.panelen import tr
from werkplek.ui.qt import Qt, QtCore, QtGui

SORTEERROL = Qt.ItemDataRole.UserRole + 1
"""A value that sorts as the column means it (seconds, not "mm:ss" text)."""
SLEUTELROL = Qt.ItemDataRole.UserRole + 2
"""The row's key: queue name, gebruikersnaam, ticket id, channel, alarm key."""
OORDEELROL = Qt.ItemDataRole.UserRole + 3
"""The Oordeel's value of a judged cell, else None."""

_ROLLEN = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleDescriptionRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.FontRole, SORTEERROL, SLEUTELROL, OORDEELROL})
"""The roles the models answer."""

GEEN = "—"
"""Shown for a figure that has nothing to count."""

_KLEUREN: dict[Oordeel, tuple[str, str]] = {
    # (background, text); each pair has a contrast of at least 7:1.
    Oordeel.IN_ORDE: ("#dff3e4", "#0b4a1e"),
    Oordeel.LET_OP: ("#fff0c2", "#4d3900"),
    Oordeel.BUITEN_NORM: ("#f9d6d5", "#7a1010"),
    Oordeel.ONBEKEND: ("#ececec", "#303030"),
}

_MERKTEKEN = {Oordeel.BUITEN_NORM: " ✗", Oordeel.LET_OP: " !"}
"""A visible mark beside a figure that does not meet its norm: colour is never the only sign."""


def kleuren(oordeel: Oordeel) -> tuple[QtGui.QColor, QtGui.QColor]:
    """Background and text colour of a cell judged ``oordeel``."""
    achter, voor = _KLEUREN[oordeel]
    return QtGui.QColor(achter), QtGui.QColor(voor)


def mmss(duur: timedelta | None) -> str:
    """A duration as mm:ss (minutes go on past 59), never negative; "—" for None."""
    if duur is None:
        return GEEN
    seconden = max(0, int(duur.total_seconds()))
    return f"{seconden // 60:02d}:{seconden % 60:02d}"


def klok(moment: datetime | None, *, seconden: bool = False) -> str:
    """A moment as HH:MM (or HH:MM:SS) in the municipality's time; "" for None."""
    if moment is None:
        return ""
    return f"{moment.astimezone(TIJDZONE):{'%H:%M:%S' if seconden else '%H:%M'}}"


@dataclass(frozen=True, slots=True)
class Cel:
    """One rendered cell: what it shows, how it is judged, and how it sorts."""

    tekst: str
    oordeel: Oordeel | None = None
    uitleg: str = ""
    """Tooltip and accessible description (the judgement in words)."""
    sorteer: str | int | float | None = None
    """The value to sort on; None sorts on ``tekst``."""
    vet: bool = False


Rij = tuple[Cel, ...]


def beoordeelde_cel(b: Beoordeling | None) -> Cel:
    """A figure with its norm: the value, a mark when it fails, the judgement in words."""
    if b is None:
        return Cel(GEEN, Oordeel.ONBEKEND, tr(Oordeel.ONBEKEND.label))
    if b.maatstaf is Maatstaf.GEMIDDELDE_WACHTTIJD:
        norm = tr("norm ten hoogste {0}").format(toon_waarde(b.norm))
    else:
        norm = tr("norm ten minste {0}").format(toon_waarde(b.norm))
    waarde = b.waarde
    sorteer: float | None
    if waarde is None:
        sorteer = -1.0
    else:
        sorteer = waarde.total_seconds() if isinstance(waarde, timedelta) else waarde
    return Cel(toon_waarde(waarde) + _MERKTEKEN.get(b.oordeel, ""), b.oordeel,
               f"{tr(b.oordeel.label)}: {tr(b.label)}, {norm}", sorteer)


class Rijenmodel(QtCore.QAbstractTableModel):
    """A flat table of keyed rows that ``_werk_bij`` brings up to date in place.

    A row is kept as what it is made from (its ``bron``: here the rendered cells; a subclass
    may keep a domain object and render it in ``_render``); cells are rendered when a view
    first asks for them, so a row nobody looks at costs a comparison a picture, no more.
    """

    def __init__(self, kolommen: Sequence[str], parent: QtCore.QObject | None = None,
                 *, rechts: Iterable[int] = ()) -> None:
        super().__init__(parent)
        self._kolommen = list(kolommen)
        self._koptips: list[str] = [""] * len(self._kolommen)
        self._rechts = set(rechts)
        self._sleutels: list[str] = []
        self._bronnen: list[Any] = []
        self._cellen: list[Rij | None] = []
        """Rendered cells per row; None until asked for (or after the row changed)."""

    # -- reading -----------------------------------------------------------------------

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex =
                 QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._sleutels)

    def columnCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex =
                    QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._kolommen)

    def headerData(self, sectie: int, orientatie: Qt.Orientation,
                   rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientatie != Qt.Orientation.Horizontal or not 0 <= sectie < len(self._kolommen):
            return None
        if rol == Qt.ItemDataRole.DisplayRole:
            return self._kolommen[sectie]
        if rol == Qt.ItemDataRole.ToolTipRole and self._koptips[sectie]:
            return self._koptips[sectie]
        return None

    def _render(self, bron: Any) -> Rij:
        """The cells of a row made from ``bron`` (here ``bron`` is the cells)."""
        return bron  # type: ignore[no-any-return]

    def _cellen_van(self, r: int) -> Rij:
        cellen = self._cellen[r]
        if cellen is None:
            cellen = self._cellen[r] = self._render(self._bronnen[r])
        return cellen

    def _cel(self, r: int, k: int) -> Cel:
        return self._cellen_van(r)[k]

    def data(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
             rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (not index.isValid() or not 0 <= index.row() < len(self._sleutels)
                or not 0 <= index.column() < len(self._kolommen)):
            return None
        if rol not in _ROLLEN:  # asked at every paint: answered before any cell is made
            return None
        if rol == SLEUTELROL:
            return self._sleutels[index.row()]
        cel = self._cel(index.row(), index.column())
        if rol == Qt.ItemDataRole.DisplayRole:
            return cel.tekst
        if rol in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return cel.uitleg or None
        if rol in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if cel.oordeel is None:
                return None
            achter, voor = kleuren(cel.oordeel)
            return achter if rol == Qt.ItemDataRole.BackgroundRole else voor
        if rol == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._rechts:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if rol == Qt.ItemDataRole.FontRole and cel.vet:
            letter = QtGui.QFont()
            letter.setBold(True)
            return letter
        if rol == SORTEERROL:
            return cel.tekst if cel.sorteer is None else cel.sorteer
        if rol == OORDEELROL:
            return None if cel.oordeel is None else cel.oordeel.value
        return None

    def sleutel(self, rij: int) -> str:
        return self._sleutels[rij]

    def rij_van(self, sleutel: str) -> int | None:
        """The row of ``sleutel``; None when it is not shown."""
        try:
            return self._sleutels.index(sleutel)
        except ValueError:
            return None

    # -- updating ----------------------------------------------------------------------

    def _zet_kolommen(self, kolommen: Sequence[str], koptips: Sequence[str],
                      rechts: Iterable[int]) -> None:
        """New columns (a profile's norms changed): a reset, which is rare."""
        self.beginResetModel()
        self._kolommen = list(kolommen)
        self._koptips = list(koptips)
        self._rechts = set(rechts)
        self._sleutels, self._bronnen, self._cellen = [], [], []
        self.endResetModel()

    def _controleer(self, sleutel: str, bron: Any) -> None:
        """Refuse a row that does not fit the columns."""
        if len(bron) != len(self._kolommen):
            raise ValueError(f"Rij {sleutel!r} heeft {len(bron)} cellen, "
                             f"verwacht {len(self._kolommen)}.")

    def _anders(self, oud: Any, nieuw: Any, was: Rij | None, r: int) -> tuple[int, int] | None:
        """The first and last column that look different now that row ``r`` is made from
        ``nieuw`` instead of ``oud`` (``was``: its cells then, if rendered); None when none
        does. A row never rendered is reported whole, without rendering it."""
        if was is None:
            return 0, len(self._kolommen) - 1
        anders = [k for k, (a, b) in enumerate(zip(was, self._cellen_van(r), strict=True))
                  if a != b]
        return (anders[0], anders[-1]) if anders else None

    def _werk_bij(self, rijen: Iterable[tuple[str, Any]]) -> None:
        """Make the rows ``rijen`` (key and bron, in this order), touching only what differs.

        First the rows whose key is gone are removed, then the remaining ones moved into the
        new order, then the new ones inserted; until then every existing row keeps its old
        bron, so the signals describe each step truthfully. Last, the rows whose bron changed
        are reported with the columns whose cells differ: a run of adjacent rows with the
        same changed columns is one dataChanged. A bron that is equal costs no rendering.
        """
        nieuw: dict[str, Any] = {}
        for sleutel, bron in rijen:
            self._controleer(sleutel, bron)
            uniek, n = sleutel, 1
            while uniek in nieuw:  # the same key twice: keep both rows
                n += 1
                uniek = f"{sleutel}\x00{n}"
            nieuw[uniek] = bron
        wortel = QtCore.QModelIndex()

        # Rows that are gone, from the bottom up, a contiguous run at a time.
        i = len(self._sleutels) - 1
        while i >= 0:
            if self._sleutels[i] in nieuw:
                i -= 1
                continue
            eind = i
            while i >= 0 and self._sleutels[i] not in nieuw:
                i -= 1
            self.beginRemoveRows(wortel, i + 1, eind)
            del self._sleutels[i + 1:eind + 1]
            del self._bronnen[i + 1:eind + 1]
            del self._cellen[i + 1:eind + 1]
            self.endRemoveRows()

        # The rows that stay, into the new order.
        bekend = set(self._sleutels)
        volgorde = list(nieuw)
        if len(bekend) < len(volgorde) or self._sleutels != volgorde:
            doel = [s for s in volgorde if s in bekend]
            for i, sleutel in enumerate(doel):
                if self._sleutels[i] == sleutel:
                    continue
                j = self._sleutels.index(sleutel, i + 1)
                self.beginMoveRows(wortel, j, j, wortel, i)
                self._sleutels.insert(i, self._sleutels.pop(j))
                self._bronnen.insert(i, self._bronnen.pop(j))
                self._cellen.insert(i, self._cellen.pop(j))
                self.endMoveRows()

            # New rows, a contiguous run at a time.
            i = 0
            while i < len(volgorde):
                if i < len(self._sleutels) and self._sleutels[i] == volgorde[i]:
                    i += 1
                    continue
                j = i
                while j < len(volgorde) and volgorde[j] not in bekend:
                    j += 1
                self.beginInsertRows(wortel, i, j - 1)
                self._sleutels[i:i] = volgorde[i:j]
                self._bronnen[i:i] = [nieuw[s] for s in volgorde[i:j]]
                self._cellen[i:i] = [None] * (j - i)
                self.endInsertRows()
                i = j

        # Changed rows. A row that was shown (its cells rendered) is compared cell by cell,
        # so only what looks different is repainted; one never shown is reported whole
        # without rendering it (a view paints it only when it comes into sight).
        spannen: list[tuple[int, int, int]] = []  # (row, first column, last column)
        for r, (oud, bron) in enumerate(zip(self._bronnen, nieuw.values(), strict=True)):
            if oud is bron or oud == bron:
                continue
            was = self._cellen[r]
            self._bronnen[r], self._cellen[r] = bron, None
            if (span := self._anders(oud, bron, was, r)) is not None:
                spannen.append((r, *span))
        k = 0
        while k < len(spannen):
            r, links, rechts = spannen[k]
            laatste = r
            while (k + 1 < len(spannen) and spannen[k + 1][0] == laatste + 1
                   and spannen[k + 1][1:] == (links, rechts)):
                k += 1
                laatste += 1
            self.dataChanged.emit(self.index(r, links), self.index(laatste, rechts))
            k += 1


# -- tiles ------------------------------------------------------------------------------------

_TEGELKOLOMMEN = ("Wachtrij", "Wachtend", "Langste wachttijd", "Aangeboden", "Beantwoord",
                  "Opgehangen")


class TegelModel(Rijenmodel):
    """A row per queue, the total of all queues last: counts, service levels, average wait.

    There is a column per service-level norm of the profile ("Binnen 20 s"); a judged cell
    has the colour of its Oordeel and the Oordeel in words as tooltip and accessible
    description. Opgehangen leaves short abandons out and shows them apart: "3 (+1 kort)".
    """

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__([], parent)
        self._drempels: tuple[timedelta, ...] | None = None

    def zet(self, tegels: Sequence[Tegel], normen: Normen) -> None:
        drempels = normen.drempels
        if drempels != self._drempels:
            self._drempels = drempels
            self._zet_kolommen(
                [tr(k) for k in _TEGELKOLOMMEN]
                + [tr("Binnen {0} s").format(f"{d.total_seconds():g}") for d in drempels]
                + [tr("Gem. wachttijd")],
                [""] * len(_TEGELKOLOMMEN)
                + [tr("Aandeel opgenomen binnen {0} s; norm ten minste {1}").format(
                    f"{n.drempel.total_seconds():g}", toon_waarde(n.aandeel))
                   for n in normen.servicelevels]
                + [tr("Gemiddelde wachttijd van de beantwoorde gesprekken; norm ten hoogste "
                      "{0}").format(toon_waarde(normen.gemiddelde_wachttijd))],
                range(1, len(_TEGELKOLOMMEN) + len(drempels) + 1))
        self._werk_bij((t.stand.wachtrij, _getoond(t)) for t in tegels)

    def _controleer(self, sleutel: str, bron: Any) -> None:
        pass

    def _render(self, t: Tegel) -> Rij:
        return self._rij(t, self._drempels or ())

    def tegel_oordeel(self, rij: int) -> Oordeel:
        waarde = self.data(self.index(rij, 0), OORDEELROL)
        return Oordeel(waarde) if waarde else Oordeel.ONBEKEND

    @staticmethod
    def _rij(t: Tegel, drempels: Sequence[timedelta]) -> Rij:
        s = t.stand
        alle = s.wachtrij == ALLE
        echt = s.opgehangen - s.kort_opgehangen
        opgehangen = (tr("{0} (+{1} kort)").format(echt, s.kort_opgehangen)
                      if s.kort_opgehangen else str(echt))
        per_drempel = {b.drempel: b for b in t.beoordelingen
                       if b.maatstaf is Maatstaf.SERVICELEVEL}
        asa = next((b for b in t.beoordelingen
                    if b.maatstaf is Maatstaf.GEMIDDELDE_WACHTTIJD), None)
        oordeel = t.oordeel
        naam = tr(ALLE) if alle else s.wachtrij
        cellen = [
            Cel(naam + _MERKTEKEN.get(oordeel, ""), oordeel,
                tr("{0}: {1}").format(naam, tr(oordeel.label)), s.wachtrij.casefold(), alle),
            Cel(str(s.wachtend), sorteer=s.wachtend, vet=alle),
            Cel(mmss(s.langste_wachttijd),
                sorteer=-1.0 if s.langste_wachttijd is None
                else s.langste_wachttijd.total_seconds(), vet=alle),
            Cel(str(s.aangeboden), sorteer=s.aangeboden, vet=alle),
            Cel(str(s.beantwoord), sorteer=s.beantwoord, vet=alle),
            Cel(opgehangen, sorteer=echt, vet=alle,
                uitleg=tr("{0} opgehangen na {1} of langer wachten; {2} korter (niet "
                          "meegeteld)").format(echt, toon_waarde(s.korte_ophanger),
                                               s.kort_opgehangen)),
        ]
        for d in drempels:
            cellen.append(_vet(beoordeelde_cel(per_drempel.get(d)), alle))
        cellen.append(_vet(beoordeelde_cel(asa), alle))
        return tuple(cellen)


_GEEN_MOMENT = datetime(2000, 1, 1, tzinfo=TIJDZONE)


def _getoond(t: Tegel) -> Tegel:
    """The tile as far as it is shown: without its moment, the longest wait in whole
    seconds; so a tile whose figures did not change compares equal to the one before."""
    s = t.stand
    langst = s.langste_wachttijd
    return Tegel(replace(s, moment=_GEEN_MOMENT, langste_wachttijd=None if langst is None
                         else timedelta(seconds=int(langst.total_seconds()))),
                 t.beoordelingen)


def _vet(cel: Cel, vet: bool) -> Cel:
    return Cel(cel.tekst, cel.oordeel, cel.uitleg, cel.sorteer, vet) if vet else cel


# -- agents -----------------------------------------------------------------------------------

_STATUSVOLGORDE = {s: i for i, s in enumerate(Agentstatus)}


class AgentModel(Rijenmodel):
    """A row per agent (keyed by gebruikersnaam): name, state, since, how long, channel.

    A row is kept as its Agentstand and rendered when shown; Duur is computed from the
    picture's moment when asked. So a new picture reports the agents whose stand changed,
    row by row, and the clock moving on as one dataChanged over the Duur column.
    """

    NAAM, STATUS, SINDS, DUUR, KANAAL = range(5)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__([tr("Naam"), tr("Status"), tr("Sinds"), tr("Duur"), tr("Kanaal")],
                         parent, rechts=(self.SINDS, self.DUUR))
        self._moment: datetime | None = None

    def zet(self, agenten: Iterable[Agentstand], moment: datetime) -> None:
        # Duur counts whole seconds of the picture's clock: a picture within the same
        # second (a notice) leaves the column alone.
        moment = moment.replace(microsecond=0)
        verder = self._moment is not None and moment != self._moment
        self._moment = moment
        self._werk_bij((a.medewerker, a) for a in agenten)
        if verder and self._sleutels:
            self.dataChanged.emit(self.index(0, self.DUUR),
                                  self.index(len(self._sleutels) - 1, self.DUUR),
                                  [Qt.ItemDataRole.DisplayRole, SORTEERROL])

    def _controleer(self, sleutel: str, bron: Any) -> None:
        pass

    def _anders(self, oud: Agentstand, nieuw: Agentstand, was: Rij | None, r: int
                ) -> tuple[int, int] | None:
        """The columns from the fields that changed: nothing is rendered to know."""
        kolommen = [k for k, veld in ((self.NAAM, "naam"), (self.STATUS, "status"),
                                      (self.SINDS, "sinds"), (self.KANAAL, "kanaal"))
                    if getattr(oud, veld) != getattr(nieuw, veld)]
        if oud.sinds != nieuw.sinds:
            kolommen.append(self.DUUR)
        return (min(kolommen), max(kolommen)) if kolommen else None

    def _cel(self, r: int, k: int) -> Cel:
        if k == self.DUUR:  # moves on with every picture: never cached
            return self._duur(self._bronnen[r])
        return self._cellen_van(r)[k]

    def _duur(self, a: Agentstand) -> Cel:
        duur = a.duur(self._moment or a.sinds)
        return Cel(mmss(duur), sorteer=duur.total_seconds())

    def _render(self, a: Agentstand) -> Rij:
        kanaal = tr(a.kanaal.label) if a.kanaal is not None else ""
        return (Cel(a.naam or a.medewerker, sorteer=(a.naam or a.medewerker).casefold()),
                Cel(tr(a.status.label), sorteer=_STATUSVOLGORDE[a.status]),
                Cel(klok(a.sinds), sorteer=a.sinds.timestamp()),
                self._duur(a),
                Cel(kanaal, sorteer=kanaal))


class AgentSorteerder(QtCore.QSortFilterProxyModel):
    """Sorts the agents on what a column means (a duration as seconds, a state in order)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORTEERROL)
        self.setDynamicSortFilter(True)


# -- counter ----------------------------------------------------------------------------------


class TicketModel(Rijenmodel):
    """The counter's waiting tickets in call order: number, issued, waiting, appointment."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__([tr("Nummer"), tr("Uitgegeven"), tr("Wacht"), tr("Afspraak")], parent,
                         rechts=(1, 2, 3))

    def zet(self, wachtend: Iterable[Ticket], moment: datetime) -> None:
        self._werk_bij((t.id or f"#{t.nummer}", (t, moment.replace(microsecond=0)))
                       for t in wachtend)

    def _controleer(self, sleutel: str, bron: Any) -> None:
        pass

    def _render(self, bron: tuple[Ticket, datetime]) -> Rij:
        return self._rij(*bron)

    @staticmethod
    def _rij(t: Ticket, moment: datetime) -> Rij:
        wacht = max(moment - t.uitgegeven, timedelta(0))
        return (Cel(t.nummer),
                Cel(klok(t.uitgegeven), sorteer=t.uitgegeven.timestamp()),
                Cel(mmss(wacht), sorteer=wacht.total_seconds()),
                Cel(klok(t.afspraak), sorteer=t.afspraak.timestamp() if t.afspraak else 0.0,
                    uitleg=tr("Afspraak om {0}").format(klok(t.afspraak)) if t.afspraak
                    else ""))


# -- channels ---------------------------------------------------------------------------------

ALLE_KANALEN = "alle"


class KanaalModel(Rijenmodel):
    """Today's FCR and volume: all channels together (judged), then a row per channel."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__([tr("Kanaal"), tr("In één keer afgehandeld"), tr("Volume")], parent,
                         rechts=(1, 2))

    def zet(self, fcr: Beoordeling, fcr_per_kanaal: Mapping[Kanaal, float | None],
            volume: Mapping[Kanaal, int], normen: Normen) -> None:
        totaal = sum(volume.values())
        rijen: list[tuple[str, Rij]] = [(ALLE_KANALEN, (
            Cel(tr("Alle kanalen"), vet=True), _vet(beoordeelde_cel(fcr), True),
            Cel(str(totaal), sorteer=totaal, vet=True)))]
        for k in Kanaal:
            n = volume.get(k, 0)
            rijen.append((k.value, (
                Cel(tr(k.label)),
                beoordeelde_cel(beoordeel_fcr(fcr_per_kanaal.get(k), normen)),
                Cel(str(n), sorteer=n))))
        self._werk_bij(rijen)


# -- alarms -----------------------------------------------------------------------------------


class MeldingModel(Rijenmodel):
    """The active alarms, oldest first (keyed by their sleutel), with since when."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__([tr("Melding")], parent)

    def zet(self, meldingen: Iterable[Melding]) -> None:
        self._werk_bij((m.sleutel, m) for m in meldingen)

    def _controleer(self, sleutel: str, bron: Any) -> None:
        pass

    def _render(self, m: Melding) -> Rij:
        return self._rij(m)

    @staticmethod
    def _rij(m: Melding) -> Rij:
        sinds = klok(m.alarm.afgegaan_op, seconden=True)
        tekst = tr("{0} — sinds {1}").format(m.tekst, sinds) if sinds else m.tekst
        return (Cel(tekst, uitleg=tr("Buiten de norm; kies Bevestigen (Ctrl+Shift+B) als u "
                                     "het gezien hebt, of Alles bevestigen (Ctrl+Alt+B)")),)


__all__ = ["GEEN", "OORDEELROL", "SLEUTELROL", "SORTEERROL", "AgentModel", "AgentSorteerder",
           "Cel", "KanaalModel", "MeldingModel", "Rijenmodel", "TegelModel", "TicketModel",
           "beoordeelde_cel", "kleuren", "klok", "mmss"]

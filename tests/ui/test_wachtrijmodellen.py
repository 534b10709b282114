"""The supervisor's models at 500 agents: a new picture reports only what changed (one row
for one agent), arrivals and departures as one row each, and no column is measured again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_wachtrijpaneel import Dag, S, rij
from werkplek.domain.oproep import Agentstatus
from werkplek.ui.qt import QtCore, QtWidgets
from werkplek.ui.wachtrijmodellen import SLEUTELROL, AgentModel
from werkplek.ui.wachtrijpaneel import Wachtrijpaneel


@pytest.fixture
def paneel(qtbot: QtBot) -> Wachtrijpaneel:
    p = Wachtrijpaneel()
    qtbot.addWidget(p)
    p.resize(1400, 1000)
    p.show()
    qtbot.waitExposed(p)
    return p


class Signalen:
    """Every signal a model sends about its rows, in order."""

    def __init__(self, model: QtCore.QAbstractItemModel) -> None:
        self.gewijzigd: list[tuple[int, int, int, int]] = []
        self.ingevoegd: list[tuple[int, int]] = []
        self.verwijderd: list[tuple[int, int]] = []
        self.overig: list[str] = []
        model.dataChanged.connect(lambda a, b, *_: self.gewijzigd.append(
            (a.row(), a.column(), b.row(), b.column())))
        model.rowsInserted.connect(lambda _w, a, b: self.ingevoegd.append((a, b)))
        model.rowsRemoved.connect(lambda _w, a, b: self.verwijderd.append((a, b)))
        model.rowsMoved.connect(lambda *_: self.overig.append("verplaatst"))
        model.modelAboutToBeReset.connect(lambda: self.overig.append("reset"))
        model.layoutAboutToBeChanged.connect(lambda *_: self.overig.append("indeling"))


def in_beeld(paneel: Wachtrijpaneel, medewerker: str) -> list[str]:
    """The cells of the agent's row as the table view shows them (through its sorter)."""
    view = paneel.agenttabel
    model = view.model()
    [r] = [r for r in range(model.rowCount())
           if model.index(r, 0).data(SLEUTELROL) == medewerker]
    QtWidgets.QApplication.processEvents()  # the scroll bar learns of new rows
    view.scrollTo(model.index(r, 0))
    QtWidgets.QApplication.processEvents()
    assert view.visualRect(model.index(r, 0)).intersects(view.viewport().rect())
    return [model.index(r, k).data() for k in range(model.columnCount())]


def test_een_agent_wijzigt_een_rij_gemeld(paneel: Wachtrijpaneel,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    dag = Dag(agenten=500)
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment))
    model = paneel.agenten
    assert model.rowCount() == 500
    naam = sorted(dag.agenten)[321]
    oud = dag.agenten[naam]
    nieuw = (Agentstatus.PAUZE if oud.status is not Agentstatus.PAUZE
             else Agentstatus.BESCHIKBAAR)
    dag.agenten[naam] = replace(oud, status=nieuw, sinds=dag.moment, kanaal=None)
    bron, sorter = Signalen(model), Signalen(paneel.agenten_gesorteerd)
    QtWidgets.QApplication.processEvents()  # painted: the rows in sight are rendered
    gerenderd: list[str] = []
    render = model._render
    monkeypatch.setattr(model, "_render", lambda a: (gerenderd.append(a.medewerker),
                                                     render(a))[1])

    # The same second (a notice from the source): that row and nothing else.
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment))
    assert set(gerenderd) <= {naam}  # the other 499 rows are compared, not rendered again
    r = rij(model, naam)
    assert len(bron.gewijzigd) == 1
    assert bron.gewijzigd[0][0] == bron.gewijzigd[0][2] == r
    assert bron.gewijzigd[0][1] <= AgentModel.STATUS <= bron.gewijzigd[0][3]
    assert bron.overig == [] and bron.ingevoegd == [] and bron.verwijderd == []
    assert sorter.overig == [] and len(sorter.gewijzigd) == 1
    assert in_beeld(paneel, naam)[AgentModel.STATUS] == nieuw.label
    assert in_beeld(paneel, naam)[AgentModel.DUUR] == "00:00"

    # A second later: the Duur column as one signal over all rows, nothing else.
    bron.gewijzigd.clear()
    gerenderd.clear()
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment + S))
    assert gerenderd == []
    assert bron.gewijzigd == [(0, AgentModel.DUUR, 499, AgentModel.DUUR)]
    assert bron.overig == []
    assert in_beeld(paneel, naam)[AgentModel.DUUR] == "00:01"


def test_een_agent_komt_en_een_gaat(paneel: Wachtrijpaneel) -> None:
    dag = Dag(agenten=500)
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment))
    model = paneel.agenten
    signalen = Signalen(model)

    nieuw = dag.nieuwe_agent()
    dag.agenten[nieuw.medewerker] = nieuw
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment))
    r = rij(model, nieuw.medewerker)
    assert signalen.ingevoegd == [(r, r)]
    assert signalen.verwijderd == [] and signalen.gewijzigd == [] and signalen.overig == []
    assert model.rowCount() == 501
    assert in_beeld(paneel, nieuw.medewerker)[AgentModel.NAAM] == nieuw.naam

    weg = sorted(dag.agenten)[17]
    r = rij(model, weg)
    del dag.agenten[weg]
    paneel.toon(dag.beeld_zonder_meldingen(dag.moment))
    assert signalen.verwijderd == [(r, r)]
    assert len(signalen.ingevoegd) == 1  # only the arrival before
    assert signalen.gewijzigd == [] and signalen.overig == []
    assert model.rowCount() == 500
    assert model.rij_van(weg) is None
    sorter = paneel.agenten_gesorteerd
    assert weg not in {sorter.index(i, 0).data(SLEUTELROL) for i in range(sorter.rowCount())}


@contextmanager
def kolombreedtes(paneel: Wachtrijpaneel) -> Iterator[list[tuple[str, int]]]:
    """Every column resized in any table of the panel while the block runs."""
    vergroot: list[tuple[str, int]] = []
    tabellen = {"tegels": paneel.tegeltabel, "agenten": paneel.agenttabel,
                "balie": paneel.balietabel, "kanalen": paneel.kanaaltabel}
    for naam, tabel in tabellen.items():
        tabel.horizontalHeader().sectionResized.connect(
            lambda k, _oud, _nieuw, n=naam: vergroot.append((n, k)))
    yield vergroot


def test_kolombreedtes_worden_niet_elke_seconde_gemeten(
        paneel: Wachtrijpaneel, monkeypatch: pytest.MonkeyPatch) -> None:
    dag = Dag(agenten=500)
    tabellen = (paneel.tegeltabel, paneel.agenttabel, paneel.balietabel, paneel.kanaaltabel)
    gemeten: list[str] = []
    for tabel in tabellen:
        meet = tabel.sizeHintForColumn
        monkeypatch.setattr(tabel, "sizeHintForColumn", lambda k, t=tabel, meet=meet: (
            gemeten.append(t.accessibleName()), meet(k))[1])
    paneel.toon(dag.beeld())
    QtWidgets.QApplication.processEvents()
    assert gemeten  # the short tables, at their first rows
    gemeten.clear()
    balie = Signalen(paneel.tickets)
    agenten = Signalen(paneel.agenten)
    with kolombreedtes(paneel) as vergroot:
        for _ in range(8):  # agents come, go and change, tickets arrive and are served
            dag.volgende_seconde()
            paneel.toon(dag.beeld())
            QtWidgets.QApplication.processEvents()
    assert balie.ingevoegd and balie.verwijderd and agenten.ingevoegd  # the tables changed
    assert vergroot == []
    assert gemeten == []

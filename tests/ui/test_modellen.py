"""Item models checked with pytest-qt's model tester."""

from __future__ import annotations

from werkplek_embedded.demo import BERT_BSN

from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef, nu
from werkplek.ui.modellen import ContactFilter, ContacthistorieModel
from werkplek.ui.qt import Qt


def test_contacthistoriemodel_doorstaat_modeltester(qtmodeltester: object) -> None:
    bert = KlantRef.persoon(BERT_BSN)
    model = ContacthistorieModel()
    contacten = [
        Contactmoment(f"id{i}", bert, kanaal, "Paspoort", f"vraag {i}", "antwoord",
                      Afhandeling.IN_EEN_KEER, "agent", nu(), nu(), ("ZAAK-1",))
        for i, kanaal in enumerate([Kanaal.BALIE, Kanaal.TELEFOON, Kanaal.CHAT])
    ]
    model.zet(contacten)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    proxy = ContactFilter()
    proxy.setSourceModel(model)
    proxy.zet_kanaal(Kanaal.CHAT)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]
    assert proxy.rowCount() == 1
    assert proxy.index(0, 1).data() == "Chat"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Datum en tijd"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) == "vraag 0"

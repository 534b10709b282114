"""How the main window fits a screen and how Tab moves through it.

Panels sit in scroll areas so the window fits 1366×768 whatever a panel holds; Tab follows the
work (zoeken → klant → contactmoment → checklist → registreren) and never stays in a table.
"""

from __future__ import annotations

from collections.abc import Iterable

from werkplek.ui.qt import Qt, QtCore, QtGui, QtWidgets

PANEEL_MIN_HOOGTE = 90
"""The height a panel may shrink to; what it holds beyond that scrolls."""
PANEEL_MAX_MIN_BREEDTE = 600
"""A panel never asks for more width than this: a long text must not widen the window."""


class Schuifvlak(QtWidgets.QScrollArea):
    """A panel's scroll area: as wide as the panel needs, as low as the screen allows.

    The panel gets the room there is, and never less than its minimum; only below that does
    it scroll. (Qt's own resizable scroll area gives a panel with wrapped text its preferred
    height instead, and so scrolls where the panel would have fitted.)
    """

    def __init__(self, paneel: QtWidgets.QWidget) -> None:
        super().__init__()
        self.setObjectName(f"schuifvlak{paneel.objectName()}")
        self.setWidget(paneel)
        self.setWidgetResizable(False)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        # The panel's controls take the keyboard, not the area around them.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        paneel.installEventFilter(self)

    def eventFilter(self, bron: QtCore.QObject, gebeurtenis: QtCore.QEvent) -> bool:
        # The panel's content changed its needs (rows came in): the dock must hear of it.
        if gebeurtenis.type() == QtCore.QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._pas_paneel_aan()
        return super().eventFilter(bron, gebeurtenis)

    def resizeEvent(self, gebeurtenis: QtGui.QResizeEvent) -> None:
        super().resizeEvent(gebeurtenis)
        self._pas_paneel_aan()

    def _pas_paneel_aan(self) -> None:
        binnen = self.widget()
        if binnen is None:
            return
        ruimte = self.viewport().size()
        breedte = max(ruimte.width(), binnen.minimumSizeHint().width())
        indeling = binnen.layout()
        if indeling is not None and indeling.hasHeightForWidth():
            nodig = indeling.totalMinimumHeightForWidth(breedte)
        else:
            nodig = binnen.minimumSizeHint().height()
        binnen.resize(breedte, max(ruimte.height(), nodig))

    def minimumSizeHint(self) -> QtCore.QSize:
        binnen = self.widget()
        breedte = binnen.minimumSizeHint().width() if binnen is not None else 0
        return QtCore.QSize(min(breedte + self.verticalScrollBar().sizeHint().width(),
                                PANEEL_MAX_MIN_BREEDTE), PANEEL_MIN_HOOGTE)

    def sizeHint(self) -> QtCore.QSize:
        binnen = self.widget()
        if binnen is None:
            return super().sizeHint()
        hint = binnen.sizeHint()
        return QtCore.QSize(hint.width() + self.verticalScrollBar().sizeHint().width(),
                            hint.height())


def focusbaar(paneel: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The controls inside a panel that Tab can reach, in the panel's own order."""
    uit: list[QtWidgets.QWidget] = []
    w = paneel.nextInFocusChain()
    gezien: set[int] = set()
    while w is not None and w is not paneel and id(w) not in gezien:
        gezien.add(id(w))
        if (paneel.isAncestorOf(w) and w.focusProxy() is None
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus and not _in_lijst(w, paneel)):
            uit.append(w)
        w = w.nextInFocusChain()
    if paneel.focusPolicy() & Qt.FocusPolicy.TabFocus and paneel.focusProxy() is None:
        uit.insert(0, paneel)
    return uit


def _in_lijst(w: QtWidgets.QWidget, paneel: QtWidgets.QWidget) -> bool:
    """A control inside a table's cells: the table owns it, and deletes it when it likes."""
    ouder = w.parentWidget()
    while ouder is not None and ouder is not paneel:
        if isinstance(ouder, QtWidgets.QAbstractItemView):
            return True
        ouder = ouder.parentWidget()
    return False


def zet_volgorde(keten: Iterable[QtWidgets.QWidget]) -> None:
    """Put these controls one after the other in the Tab chain."""
    vorige: QtWidgets.QWidget | None = None
    for w in keten:
        if vorige is not None:
            QtWidgets.QWidget.setTabOrder(vorige, w)
        vorige = w


def geen_tabvallen(venster: QtWidgets.QWidget) -> None:
    """Tab leaves every table and list; the arrow keys move inside (WCAG 2.1.2)."""
    for view in venster.findChildren(QtWidgets.QAbstractItemView):
        view.setTabKeyNavigation(False)


def achter_ander_paneel(w: QtWidgets.QWidget) -> bool:
    """Whether the control sits in a dock panel whose tab is not the one shown."""
    ouder = w.parentWidget()
    while ouder is not None:
        if isinstance(ouder, QtWidgets.QDockWidget):
            return ouder.visibleRegion().isEmpty()
        ouder = ouder.parentWidget()
    return False

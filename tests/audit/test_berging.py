"""A rebuilt (salvaged) store keeps its earlier audit rows with their hashes, and its chain
goes on from them: ``werkplek audit controleer`` passes, and the export shows them. Audit
rows a damaged page took with it show as a break at the first row after the gap."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import keyring

from tests.audit.hulp import BEGIN, BSNS, eerste_breuk, schrijf_inzagen, werkplek, zet_sleutel
from tests.offline.paginas import PAGINA, ontsleutel, rijen_per_pagina
from tests.sleutelbos import GeheugenKeyring
from werkplek.domain.model import KlantRef
from werkplek.services.opslag import SLEUTELNAAM, dienst, lees_verlies, open_opslag, opslagpad
from werkplek.store import auditketen
from werkplek.store.repositories import AuditLog

AANTAL = 400


def gevulde_opslag(tmp_path: Path) -> tuple[Path, list[auditketen.Auditrecord], Path]:
    """The demo store in the beheer commands' data dir with AANTAL audit rows; a plain copy
    with the same page layout, to see which rows live on which page."""
    data = tmp_path / "data" / "werkplek"
    opslag = open_opslag("demo", data)
    try:
        schrijf_inzagen(opslag.store, AANTAL, per_keer=4)
        voor = list(AuditLog(opslag.store).records())
    finally:
        opslag.store.sluit()
    sleutel = keyring.get_password(dienst("demo"), SLEUTELNAAM)
    assert sleutel is not None
    zet_sleutel(tmp_path, "demo", sleutel)
    pad = opslagpad(data, "demo")
    return pad, voor, ontsleutel(pad, sleutel, tmp_path / "plat.db")


def beschadig(pad: Path, pagina: int) -> None:
    inhoud = bytearray(pad.read_bytes())
    begin = (pagina - 1) * PAGINA
    inhoud[begin:begin + PAGINA] = bytes(PAGINA)
    pad.write_bytes(bytes(inhoud))


def test_een_herbouwde_opslag_houdt_zijn_auditregels_en_keten(
        tmp_path: Path, sleutelbos: GeheugenKeyring) -> None:
    pad, voor, plat = gevulde_opslag(tmp_path)
    audit_paginas, _ = rijen_per_pagina(plat, "audit")
    # A page the audit table does not need (an index page, say): the store fails its
    # check, is moved aside and rebuilt.
    pagina = max(p for p in range(2, pad.stat().st_size // PAGINA + 1)
                 if p not in audit_paginas)
    beschadig(pad, pagina)
    opslag = open_opslag("demo", pad.parent)
    try:
        assert any(m.hersteld is not None for m in opslag.meldingen)  # it was a salvage
        assert list(pad.parent.glob("*.beschadigd-*"))
        assert list(AuditLog(opslag.store).records()) == voor  # hashes and all
        AuditLog(opslag.store).schrijf(medewerker="k.smit", klant=KlantRef.persoon(BSNS[0]),
                                       doel="Klantcontact KCC", bron="brp",
                                       handeling="klantbeeld", tijdstip=BEGIN)
        na = list(AuditLog(opslag.store).records())
    finally:
        opslag.store.sluit()
    assert na[-1].volgnummer == AANTAL + 1 and na[-1].vorige == voor[-1].hash  # goes on
    assert na[-1].keten == voor[0].keten
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 0, r.stdout + r.stderr
    export = werkplek(tmp_path, "audit", "export", "--since", "2026-03-01")
    assert export.returncode == 0, export.stderr
    assert len(list(csv.reader(io.StringIO(export.stdout)))) == 1 + AANTAL + 1


def test_auditregels_op_een_beschadigde_pagina_tonen_een_breuk(
        tmp_path: Path, sleutelbos: GeheugenKeyring) -> None:
    pad, voor, plat = gevulde_opslag(tmp_path)
    bewaard = tmp_path / "onbeschadigd.db"
    shutil.copyfile(pad, bewaard)
    nodig, alle = rijen_per_pagina(plat, "audit")
    assert alle == set(range(1, AANTAL + 1))
    # A leaf page in the middle of the table: rows before and after it survive.
    pagina = sorted((p for p, r in nodig.items() if 0 < len(r) < 40
                     and 1 not in r and AANTAL not in r), key=lambda p: min(nodig[p]))[0]
    weg = nodig[pagina]
    beschadig(pad, pagina)
    opslag = open_opslag("demo", pad.parent)
    try:
        verlies = lees_verlies(opslag.store)
        terug = list(AuditLog(opslag.store).records())
    finally:
        opslag.store.sluit()
    assert verlies is not None and verlies.audit == len(weg)
    assert [r.volgnummer for r in terug] == sorted(set(range(1, AANTAL + 1)) - weg)
    assert {r.volgnummer: r.hash for r in terug} == {
        r.volgnummer: r.hash for r in voor if r.volgnummer not in weg}
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 1, r.stdout + r.stderr
    assert eerste_breuk(r.stdout) == max(weg) + 1

"""Which rows of a store live on which page: the ground truth for the salvage tests.

An undamaged copy of the encrypted store is decrypted page by page (SQLCipher 4: AES-256-CBC,
the raw key as is, 80 reserved bytes of IV and HMAC per page), which keeps every page where
it was; stock SQLite's ``dbstat`` then says which page belongs to which table, and the table's
leaf pages are read for their rowids.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGINA = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
ZOUT = 16
KOP = b"SQLite format 3\x00"


def ontsleutel(versleuteld: Path, sleutel: str, doel: Path) -> Path:
    """A plaintext copy with the same page layout (the reserved bytes left zero)."""
    data = versleuteld.read_bytes()
    assert len(data) % PAGINA == 0, "een onbeschadigde opslag bestaat uit hele pagina's"
    sleutelbytes = bytes.fromhex(sleutel)
    uit = bytearray()
    for begin in range(0, len(data), PAGINA):
        pagina = data[begin:begin + PAGINA]
        van = ZOUT if begin == 0 else 0
        iv = pagina[PAGINA - RESERVE:PAGINA - RESERVE + 16]
        ontcijfer = Cipher(algorithms.AES(sleutelbytes), modes.CBC(iv)).decryptor()
        leesbaar = ontcijfer.update(pagina[van:PAGINA - RESERVE]) + ontcijfer.finalize()
        uit += (KOP if begin == 0 else b"") + leesbaar + bytes(RESERVE)
    doel.write_bytes(bytes(uit))
    return doel


def _varint(b: bytes, i: int) -> tuple[int, int]:
    waarde = 0
    for n in range(9):
        c = b[i + n]
        if n == 8:
            return (waarde << 8) | c, i + 9
        waarde = (waarde << 7) | (c & 0x7F)
        if c < 0x80:
            return waarde, i + n + 1
    raise AssertionError("onleesbare varint")


def _rowids_op_blad(data: bytes, pageno: int) -> list[int]:
    """The rowids of the cells on a table leaf page, in cell order."""
    begin = (pageno - 1) * PAGINA
    kop = begin + (100 if pageno == 1 else 0)
    assert data[kop] == 0x0D, f"pagina {pageno} is geen bladpagina van een tabel"
    cellen = int.from_bytes(data[kop + 3:kop + 5], "big")
    rowids = []
    for c in range(cellen):
        wijzer = int.from_bytes(data[kop + 8 + 2 * c:kop + 10 + 2 * c], "big")
        _lengte, i = _varint(data, begin + wijzer)
        rowid, _ = _varint(data, i)
        rowids.append(rowid)
    return rowids


def rijen_per_pagina(platte: Path, tabel: str) -> tuple[dict[int, set[int]], set[int]]:
    """page -> the rowids of ``tabel`` that need that page to be read (its leaf, an overflow
    page of the row, an interior page above it, or the schema); and every rowid."""
    data = platte.read_bytes()
    conn = sqlite3.connect(platte)
    try:
        paginas = conn.execute("SELECT name, path, pageno, pagetype FROM dbstat "
                               "WHERE name IN (?, 'sqlite_schema', 'sqlite_master')",
                               (tabel,)).fetchall()
    finally:
        conn.close()
    bladen = {pad: _rowids_op_blad(data, nr) for naam, pad, nr, soort in paginas
              if naam == tabel and soort == "leaf"}
    alle = {r for rowids in bladen.values() for r in rowids}
    nodig: dict[int, set[int]] = defaultdict(set)
    nodig[1] = set(alle)
    for naam, pad, nr, soort in paginas:
        if naam != tabel:
            nodig[nr] = set(alle)  # the schema: without it no row is found
        elif soort == "leaf":
            nodig[nr] |= set(bladen[pad])
        elif soort == "internal":
            nodig[nr] |= {r for p, rowids in bladen.items() if p.startswith(pad) for r in rowids}
        else:  # overflow: "<leaf path><cell index, hex>+<n>"
            blad, _, rest = pad.rpartition("/")
            cel = int(rest.split("+")[0], 16)
            nodig[nr].add(bladen[blad + "/"][cel])
    return dict(nodig), alle

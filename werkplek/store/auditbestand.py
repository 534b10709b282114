"""The audit log of a workstation without a keyring: an append-only file, each row sealed to
the privacy officer's public key. The workstation can write rows but never read them back;
only the private key opens them (``werkplek audit export --private-key``).

A row is sealed like libsodium's sealed box: an ephemeral X25519 key, HKDF-SHA256 and
ChaCha20-Poly1305; one line of base64 per row. The rows form a hash chain (auditketen);
its head (number and hash only) is kept beside the file, in ``<file>.kop``, so the writer
can continue the chain after a restart and the reader can tell that the last rows were
cut off: whoever cuts them cannot compute the hash the head file must then name.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one werkplek per profile and user already (eeninstantie)
    fcntl = None  # type: ignore[assignment]

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from werkplek.domain.model import KlantRef
from werkplek.store import auditketen
from werkplek.store.auditketen import Auditrecord, Breuk, Ketenrapport

PRIVE_KOP = "werkplek-audit-privesleutel-1"
"""First line of a private key file, so a wrong file is recognised."""
_INFO = b"werkplek-audit-1"
_BESTAND = 0o600


class SleutelFout(ValueError):
    """A public or private key that is not one (message in Dutch, without the key)."""


def _ruw(sleutel: X25519PublicKey) -> bytes:
    return sleutel.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def lees_publieke_sleutel(tekst: str) -> X25519PublicKey:
    """A public key written as base64 (44 characters, as ``werkplek audit sleutelpaar``
    prints it)."""
    try:
        ruw = base64.b64decode(tekst.strip(), validate=True)
        if len(ruw) == 32:
            return X25519PublicKey.from_public_bytes(ruw)
    except (binascii.Error, ValueError):
        pass
    raise SleutelFout("is geen publieke sleutel van ‘werkplek audit sleutelpaar’ "
                      "(44 tekens base64)")


def maak_sleutelpaar() -> tuple[str, str]:
    """(private key file content, public key as base64)."""
    prive = X25519PrivateKey.generate()
    ruw = prive.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                              serialization.NoEncryption())
    return (f"{PRIVE_KOP}\n{base64.b64encode(ruw).decode()}\n",
            base64.b64encode(_ruw(prive.public_key())).decode())


def lees_prive_sleutel(pad: Path) -> X25519PrivateKey:
    try:
        regels = pad.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError) as e:
        raise SleutelFout(f"{pad} is niet te lezen ({getattr(e, 'strerror', None) or e})"
                          ) from None
    try:
        if len(regels) == 2 and regels[0] == PRIVE_KOP:
            ruw = base64.b64decode(regels[1], validate=True)
            if len(ruw) == 32:
                return X25519PrivateKey.from_private_bytes(ruw)
    except (binascii.Error, ValueError):
        pass
    raise SleutelFout(f"{pad} is geen privésleutel van ‘werkplek audit sleutelpaar’")


def _sleutel(gedeeld: bytes, tijdelijk: bytes, ontvanger: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=_INFO + tijdelijk + ontvanger
                ).derive(gedeeld)


def verzegel(ontvanger: X25519PublicKey, tekst: bytes) -> bytes:
    """Encrypt to ``ontvanger``; only its private key opens it again."""
    tijdelijk = X25519PrivateKey.generate()
    t_ruw, o_ruw = _ruw(tijdelijk.public_key()), _ruw(ontvanger)
    sleutel = _sleutel(tijdelijk.exchange(ontvanger), t_ruw, o_ruw)
    nonce = os.urandom(12)
    return t_ruw + nonce + ChaCha20Poly1305(sleutel).encrypt(nonce, tekst, t_ruw)


def open_zegel(prive: X25519PrivateKey, data: bytes) -> bytes:
    """Raises InvalidTag (or ValueError) for anything not sealed to this key, or changed."""
    if len(data) < 32 + 12 + 16:
        raise ValueError("te kort")
    t_ruw, nonce, rest = data[:32], data[32:44], data[44:]
    gedeeld = prive.exchange(X25519PublicKey.from_public_bytes(t_ruw))
    sleutel = _sleutel(gedeeld, t_ruw, _ruw(prive.public_key()))
    return ChaCha20Poly1305(sleutel).decrypt(nonce, rest, t_ruw)


def auditbestandpad(data_dir: Path, profiel: str) -> Path:
    """Where a profile's sealed audit file lives, beside its store."""
    return data_dir / f"werkplek-{profiel}.audit"


def kop_pad(pad: Path) -> Path:
    return pad.with_name(pad.name + ".kop")


@dataclass(frozen=True, slots=True)
class Kop:
    keten: str
    volgnummer: int
    hash: str


def _lees_kop(pad: Path) -> Kop | None:
    try:
        d = json.loads(kop_pad(pad).read_text(encoding="utf-8"))
        return Kop(str(d["keten"]), int(d["volgnummer"]), str(d["hash"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class Auditbestand:
    """Writes audit rows sealed to a public key, appended to one file (0600)."""

    def __init__(self, pad: Path, publieke_sleutel: X25519PublicKey) -> None:
        self.pad = pad
        self._sleutel = publieke_sleutel

    def schrijf_alle(
        self, klanten: Iterable[tuple[KlantRef, str]], *, medewerker: str, doel: str,
        handeling: str, tijdstip: datetime,
    ) -> list[tuple[int, str]]:
        """Append one sealed row per (klant, bron), chained on from the head file; the rows
        are on disk (fsync) before the head names them. Returns their (volgnummer, hash)."""
        regels = list(klanten)
        if not regels:
            return []
        self.pad.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _slot(self.pad):
            return self._schrijf(regels, medewerker=medewerker, doel=doel,
                                 handeling=handeling, tijdstip=tijdstip)

    def _schrijf(self, regels: list[tuple[KlantRef, str]], *, medewerker: str, doel: str,
                 handeling: str, tijdstip: datetime) -> list[tuple[int, str]]:
        kop = _lees_kop(self.pad)
        keten = kop.keten if kop else auditketen.nieuwe_keten()
        volgnummer = kop.volgnummer + 1 if kop else 1
        vorige = kop.hash if kop else auditketen.beginwaarde()
        regels_uit: list[bytes] = []
        geschreven: list[tuple[int, str]] = []
        for klant, bron in regels:
            record = Auditrecord(volgnummer, tijdstip, medewerker, klant.soort.value,
                                 klant.nummer, doel, bron, handeling, keten, vorige)
            h = auditketen.schakel(vorige, record)
            record = replace(record, hash=h)
            regels_uit.append(base64.b64encode(verzegel(
                self._sleutel, auditketen.als_json(record).encode())) + b"\n")
            geschreven.append((volgnummer, h))
            volgnummer, vorige = volgnummer + 1, h
        fd = os.open(self.pad, os.O_WRONLY | os.O_CREAT | os.O_APPEND, _BESTAND)
        try:
            os.write(fd, b"".join(regels_uit))
            os.fsync(fd)
        finally:
            os.close(fd)
        nieuw = kop_pad(self.pad).with_suffix(".kop.nieuw")
        fd = os.open(nieuw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _BESTAND)
        try:
            os.write(fd, json.dumps({"keten": keten, "volgnummer": geschreven[-1][0],
                                     "hash": geschreven[-1][1]}).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        nieuw.replace(kop_pad(self.pad))
        return geschreven


@contextmanager
def _slot(pad: Path) -> Iterator[None]:
    """One writer at a time (another process too), so two never continue the same head."""
    fd = os.open(pad.with_name(pad.name + ".slot"), os.O_WRONLY | os.O_CREAT, _BESTAND)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@dataclass(slots=True)
class Gelezen:
    """What the private key read from an audit file: its rows and the check of its chain."""

    records: list[Auditrecord]
    rapport: Ketenrapport


def lees(pad: Path, prive: X25519PrivateKey) -> Gelezen:
    """Open every row; check the chain and the head file. A row that does not open (not
    sealed to this key, or changed) is a break at its line."""
    records: list[Auditrecord] = []
    onleesbaar: list[Breuk] = []
    for nr, regel in _regels(pad):
        try:
            records.append(auditketen.uit_json(open_zegel(
                prive, base64.b64decode(regel, validate=True)).decode()))
        except (InvalidTag, ValueError, KeyError, TypeError, binascii.Error):
            onleesbaar.append(Breuk(records[-1].volgnummer + 1 if records else 1,
                                    f"regel {nr} van het bestand is niet te openen met deze "
                                    "sleutel (gewijzigd, of voor een andere sleutel)"))
    rapport = auditketen.controleer(records)
    rapport.breuken = sorted(onleesbaar + rapport.breuken, key=lambda b: b.volgnummer)
    kop = _lees_kop(pad)
    if kop is None and records:
        rapport.breuken.append(Breuk(records[-1].volgnummer, f"het kopbestand "
                                     f"{kop_pad(pad).name} ontbreekt of is onleesbaar"))
    elif kop is not None:
        if kop.volgnummer > (rapport.kop[0] if rapport.kop else 0):
            laatste = rapport.kop[0] if rapport.kop else 0
            rapport.breuken.append(Breuk(laatste + 1, (
                f"het kopbestand noemt regel {kop.volgnummer}, maar het bestand houdt op bij "
                f"regel {laatste}: de laatste regels zijn afgeknipt")))
        elif rapport.hashes.get(kop.volgnummer) != kop.hash or kop.keten != rapport.keten:
            rapport.breuken.append(Breuk(kop.volgnummer, (
                "de regel wijkt af van wat het kopbestand noemt (herschreven)")))
    return Gelezen(records, rapport)


def _regels(pad: Path) -> Iterator[tuple[int, bytes]]:
    with pad.open("rb") as f:
        for nr, regel in enumerate(f, 1):
            if regel.strip():
                yield nr, regel.strip()

"""JSON over HTTP for the plugins of the government APIs (ZGW, Klantinteracties, BRP, KvK).

Not a plugin itself: a small library the REST plugins share, so every one of them treats
faults the same way. One ``httpx.AsyncClient`` per source (timeouts, connection limits);
credentials are asked for per request through ``kopregels`` so a key corrected in the
keyring works at the next call. Every transport fault and every unexpected answer becomes a
BronFout with a Dutch message that names the source; a fault that may pass (unreachable,
timeout, 5xx, 429) is a BronOnbereikbaar so the outbox tries again later. No message and no
log line carries a query, a body, a key or a customer number.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import httpx

from werkplek.ports import BronFout, BronOnbereikbaar, PluginContext, Toegangsfout

log = logging.getLogger(__name__)


class ZonderQuery(logging.Filter):
    """Drops the query string from the URLs httpx logs: the Zaken API and Klantinteracties
    take a BSN as a query parameter, and a BSN never goes into a log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(a.copy_with(query=None) if isinstance(a, httpx.URL) else a
                                for a in record.args)
        return True


if not any(isinstance(f, ZonderQuery) for f in logging.getLogger("httpx").filters):
    logging.getLogger("httpx").addFilter(ZonderQuery())

T = TypeVar("T")

Json = Any
"""A parsed JSON document."""

MAX_PAGINAS = 100
"""A paginated list longer than this many pages is refused rather than read forever."""


class Onleesbaar(BronFout):
    """The source answered with something that is not the JSON its API promises."""


class RestBron:
    """One REST API: base URL, headers per request, JSON in and out, faults in Dutch.

    ``naam`` is how messages name the source ("de BRP", "Open Klant"); ``kopregels`` gives
    the headers of each request (authorisation among them) and may raise BronFout, e.g. when
    the keyring holds no key. ``herstel_sleutel`` tells how to correct the key (the
    ``werkplek secrets set`` command), for the message of a refused key; ``veldnamen`` gives
    the Dutch name of each field the API may refuse (``invalidParams[].name``, with list
    indices left out), so the agent reads which field to correct.
    """

    def __init__(self, naam: str, url: str, *, timeout: float = 10.0,
                 kopregels: Callable[[], Mapping[str, str]] = dict,
                 max_verbindingen: int = 10, max_retry_after: float = 2.0,
                 herstel_sleutel: str = "", veldnamen: Mapping[str, str] | None = None
                 ) -> None:
        self.naam = naam
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.herstel_sleutel = herstel_sleutel
        self.veldnamen = dict(veldnamen or {})
        self.max_retry_after = max_retry_after
        """A 429 whose Retry-After is at most this many seconds is waited out once."""
        self._kopregels = kopregels
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=max_verbindingen,
                                max_keepalive_connections=max_verbindingen),
            follow_redirects=False,
            headers={"User-Agent": "werkplek", "Accept": "application/json"})

    async def aclose(self) -> None:
        await self._http.aclose()

    def absoluut(self, pad_of_url: str) -> str:
        """A path below the base URL, or a full URL the API itself returned."""
        if pad_of_url.startswith(("http://", "https://")):
            return pad_of_url
        return f"{self.url}/{pad_of_url.lstrip('/')}"

    async def vraag(self, methode: str, pad: str, *, params: Mapping[str, Any] | None = None,
                    json: Json = None, headers: Mapping[str, str] | None = None,
                    ontbreekt: Collection[int] = ()) -> Json:
        """One request; the parsed JSON answer, or None for a status in ``ontbreekt``
        (typically 404: "no such thing") or an empty body."""
        url = self.absoluut(pad)
        for poging in (1, 2):
            kop = {**self._kopregels(), **(headers or {})}
            try:
                antwoord = await self._http.request(methode, url, params=params, json=json,
                                                    headers=kop)
            except httpx.TimeoutException:
                raise BronOnbereikbaar(f"{self.naam} antwoordde niet binnen "
                                       f"{self.timeout:g} seconden.") from None
            except httpx.HTTPError as e:  # refused, reset, DNS, protocol errors
                log.warning("%s niet bereikbaar (%s)", self.naam, type(e).__name__)
                raise BronOnbereikbaar(f"{self.naam} is niet bereikbaar.") from None
            status = antwoord.status_code
            if status == 429 and poging == 1:
                wacht = retry_after(antwoord.headers.get("Retry-After"))
                if wacht is not None and wacht <= self.max_retry_after:
                    await asyncio.sleep(wacht)
                    continue
            if status in ontbreekt:
                return None
            if status >= 300:
                raise self.fout(antwoord)
            return self._json(antwoord)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def paginas(self, pad: str, *, params: Mapping[str, Any] | None = None,
                      resultaten: str = "results", volgende: str = "next"
                      ) -> AsyncIterator[Json]:
        """Every item of a paginated list, following the API's ``next`` links."""
        url: str | None = pad
        for _ in range(MAX_PAGINAS):
            if url is None:
                return
            pagina = await self.vraag("GET", url, params=params)
            params = None  # the next link carries the query itself
            if not isinstance(pagina, dict) or not isinstance(pagina.get(resultaten), list):
                raise Onleesbaar(f"{self.naam} gaf een onleesbare lijst terug.")
            for item in pagina[resultaten]:
                yield item
            url = pagina.get(volgende) or None
            if url is not None and not isinstance(url, str):
                raise Onleesbaar(f"{self.naam} gaf een onleesbare verwijzing naar de volgende "
                                 "pagina.")
        raise BronFout(f"{self.naam} gaf meer dan {MAX_PAGINAS} pagina's; verfijn de vraag.")

    def _json(self, antwoord: httpx.Response) -> Json:
        if not antwoord.content:
            return None
        soort = antwoord.headers.get("Content-Type", "")
        if "json" not in soort:
            raise Onleesbaar(f"{self.naam} gaf geen JSON terug (HTTP {antwoord.status_code}).")
        try:
            return antwoord.json()
        except ValueError:
            raise Onleesbaar(f"{self.naam} gaf een onleesbaar antwoord.") from None

    def fout(self, antwoord: httpx.Response) -> BronFout:
        """The Dutch message for an answer with an error status.

        A refused key (401, or 403 ``invalid-jwt-signature`` from a ZGW server) is a
        Toegangsfout that says how to set the key; other 403s are missing rights, which only
        the source's beheerder can grant; a 400 names the refused fields in Dutch.
        """
        status = antwoord.status_code
        probleem = _probleem(antwoord)
        code = probleem.get("code") if isinstance(probleem.get("code"), str) else ""
        log.warning("%s antwoordde HTTP %s (%s) op %s", self.naam, status, code or "-",
                    antwoord.request.method)
        herstel = (f" Zet de juiste met: {self.herstel_sleutel}." if self.herstel_sleutel
                   else " Zet de juiste met werkplek secrets set.")
        if status == 401:
            return Toegangsfout(
                f"{self.naam} weigert de sleutel van deze werkplek (HTTP 401): de sleutel is "
                f"onjuist, verlopen of ingetrokken.{herstel} Wat wacht, gaat daarna vanzelf "
                "uit.")
        if status == 403 and code in TOEGANG_CODES:
            return Toegangsfout(
                f"{self.naam} weigert de inloggegevens van deze werkplek (HTTP 403, {code}): "
                f"het client secret klopt niet.{herstel} Wat wacht, gaat daarna vanzelf uit.")
        if status == 403:
            return BronFout(
                f"Deze werkplek mist de autorisatie voor dit verzoek bij {self.naam} (HTTP 403"
                + (f", {code}" if code else "") + "). De sleutel klopt wel; vraag de "
                f"beheerder van {self.naam} om de juiste rechten voor deze applicatie.")
        if status == 404:
            return BronFout(f"{self.naam} kent het gevraagde niet (HTTP 404).")
        if status == 429:
            wacht = retry_after(antwoord.headers.get("Retry-After"))
            over = f" over {wacht:.0f} seconden" if wacht is not None else " straks"
            return BronOnbereikbaar(f"{self.naam} krijgt te veel verzoeken; probeer het{over} "
                                    "opnieuw.")
        if status >= 500:
            return BronOnbereikbaar(f"{self.naam} heeft een storing (HTTP {status}); probeer "
                                    "het later opnieuw.")
        if velden := self.geweigerde_velden(probleem):
            return BronFout(f"{self.naam} weigerde " + "; ".join(velden) + ".")
        titel = probleem.get("title")
        titel = titel[:200] if isinstance(titel, str) else ""
        return BronFout(f"{self.naam} weigerde het verzoek (HTTP {status})"
                        + (f": {titel}" if titel else "."))

    def geweigerde_velden(self, probleem: Mapping[str, Any]) -> list[str]:
        """"het veld ‘Telefoonnummer’ (reden)" per refused field of a 400's invalidParams."""
        uit: list[str] = []
        params = probleem.get("invalidParams")
        for p in params if isinstance(params, list) else []:
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                continue
            reden = _ZONDER_NUMMERS.sub("…", p["reason"]) if isinstance(
                p.get("reason"), str) else ""
            wat = (f"het veld ‘{self.veldnaam(p['name'])}’"
                   if p["name"] not in ("nonFieldErrors", "__all__") else "het geheel")
            uit.append(wat + (f" ({reden[:200]})" if reden else ""))
        return uit[:5]

    def veldnaam(self, naam: str) -> str:
        """The Dutch name of an API field path such as ``partijIdentificatoren.0.objectId``:
        the whole path without list indices, else its last part, else the path itself."""
        delen = [d for d in naam.split(".") if not d.isdigit()]
        for kandidaat in (".".join(delen), delen[-1] if delen else naam):
            if kandidaat in self.veldnamen:
                return self.veldnamen[kandidaat]
        return naam


_ZONDER_NUMMERS = re.compile(r"\d{6,}")
"""A reason may quote the value sent (a BSN, a number): such runs of digits are masked."""

TOEGANG_CODES = frozenset({"invalid-jwt-signature", "jwt-expired", "authentication_failed",
                           "not_authenticated"})
"""Codes of a 403 that mean the credentials themselves are wrong (Open Zaak answers a wrong
client secret with 403 ``invalid-jwt-signature``), not that rights are missing."""


async def allemaal(aanroepen: Iterable[Awaitable[T]]) -> list[T]:
    """Await calls at once, every one to its end; when some fail, raise the failure of the
    first of them in the given order (so the message is the same whatever finished first)."""
    uitkomsten = await asyncio.gather(*aanroepen, return_exceptions=True)
    for u in uitkomsten:
        if isinstance(u, BaseException):
            raise u
    return cast("list[T]", uitkomsten)


def geheim(context: PluginContext, naam: str, voor: str) -> str:
    """The plugin's secret ``naam`` from the keyring, read at every request so a corrected
    one works at once. Missing, or with characters an HTTP header cannot carry: a BronFout
    that says how to set it, and nothing is sent. ``voor`` names the source in the message.
    """
    waarde = (context.geheimen.geheim(naam) or "").strip()
    zet = f"zet het met: {zet_geheim(context, naam)}"
    if not waarde:
        raise BronFout(f"Het geheim {naam} voor {voor} ontbreekt in de sleutelbos; {zet}. "
                       "Er is niets verstuurd.")
    if not (waarde.isascii() and waarde.isprintable()):
        raise BronFout(f"Het geheim {naam} voor {voor} bevat tekens die niet in een "
                       f"HTTP-kopregel passen; {zet}. Er is niets verstuurd.")
    return waarde


def zet_geheim(context: PluginContext, naam: str) -> str:
    """The command that sets the plugin's secret ``naam`` (for a RestBron's herstel_sleutel)."""
    return f"werkplek secrets set {context.profiel} {context.naam} {naam}"


def retry_after(waarde: str | None, nu: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None if absent
    or unreadable."""
    if not waarde:
        return None
    waarde = waarde.strip()
    if waarde.isdigit():
        return float(waarde)
    try:
        wanneer = email.utils.parsedate_to_datetime(waarde)
    except (TypeError, ValueError):
        return None
    if wanneer.tzinfo is None:
        wanneer = wanneer.replace(tzinfo=UTC)
    return max(0.0, (wanneer - (nu or datetime.now(UTC))).total_seconds())


def _probleem(antwoord: httpx.Response) -> dict[str, Any]:
    """An RFC 7807 problem answer as a dict ({} when it is none); only its title, code and
    invalidParams are ever shown (its detail may echo input)."""
    try:
        inhoud = antwoord.json()
    except ValueError:
        return {}
    return inhoud if isinstance(inhoud, dict) else {}

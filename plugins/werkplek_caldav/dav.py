"""HTTP to one CalDAV server: requests, REPORT bodies, multistatus, and faults in Dutch.

Every transport fault and every unexpected status becomes a BronFout with a Dutch message
for the agent; none carries a traceback, a password or a customer number. A fault that may
pass (unreachable, timeout, 5xx) is a BronOnbereikbaar, so the outbox sends a booking later
instead of parking it.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

import httpx

from werkplek.ports import BronFout, BronOnbereikbaar, Geheimen

log = logging.getLogger(__name__)

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
XML = "application/xml; charset=utf-8"
ICAL = "text/calendar; charset=utf-8"

GEWIJZIGD = "De afspraak is intussen door een ander gewijzigd; vernieuw en probeer opnieuw."
VERDWENEN = "Deze afspraak bestaat niet meer; vernieuw de agenda."


@dataclass(frozen=True, slots=True)
class DavItem:
    """One calendar object in a REPORT answer."""

    href: str
    etag: str
    data: str

    @property
    def naam(self) -> str:
        """The resource's file name, for log lines (never its content)."""
        return unquote(urlsplit(self.href).path.rstrip("/").rsplit("/", 1)[-1])


class Dav:
    """A CalDAV server reached with httpx and Basic auth; the password comes from the keyring.

    The HTTP client is made on first use, so a missing keyring shows up as a message on the
    first call instead of stopping the plugin from loading.
    """

    def __init__(self, url: str, gebruiker: str, geheimen: Geheimen, timeout: float) -> None:
        self.url = url
        self.gebruiker = gebruiker
        self.timeout = timeout
        self._geheimen = geheimen
        self._http: httpx.AsyncClient | None = None

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            wachtwoord = self._geheimen.geheim("wachtwoord")
            if not wachtwoord:
                raise BronFout("Het wachtwoord voor de agendaserver ontbreekt in de sleutelbos.")
            self._http = httpx.AsyncClient(
                base_url=self.url, auth=httpx.BasicAuth(self.gebruiker, wachtwoord),
                timeout=httpx.Timeout(self.timeout), follow_redirects=False,
                headers={"User-Agent": "werkplek-caldav"})
        return self._http

    async def aclose(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()

    async def vraag(self, methode: str, pad: str, agenda: str, *,
                    inhoud: str | bytes | None = None, headers: Mapping[str, str] | None = None,
                    ook: Collection[int] = ()) -> httpx.Response:
        """One request; a status below 300 or in ``ook`` is returned, any other raises BronFout.

        ``agenda`` is the agenda's name, for the messages.
        """
        client = self._client()
        try:
            antwoord = await client.request(methode, pad, content=inhoud, headers=headers)
        except httpx.TimeoutException:
            raise BronOnbereikbaar(f"De agendaserver {self.url} antwoordde niet binnen "
                                   f"{self.timeout:g} seconden.") from None
        except httpx.HTTPError:  # connection refused, reset, DNS, protocol errors
            raise BronOnbereikbaar(f"De agendaserver {self.url} is niet bereikbaar.") from None
        if antwoord.status_code < 300 or antwoord.status_code in ook:
            return antwoord
        raise await self._fout(antwoord, agenda, pad)

    async def _fout(self, antwoord: httpx.Response, agenda: str, pad: str) -> BronFout:
        status = antwoord.status_code
        if status == 401:
            # Read the keyring again next time: the password may have been corrected.
            await self.aclose()
            return BronFout("Inloggen bij de agendaserver is mislukt; controleer gebruiker en "
                            "wachtwoord in de sleutelbos.")
        if status == 403:
            return BronFout(f"Geen toegang tot de agenda {agenda}.")
        if status == 404:
            return BronFout(f"De agenda {agenda} bestaat niet op de agendaserver ({pad}).")
        if status == 409:
            return BronFout(f"De agendaserver weigerde de wijziging in de agenda {agenda} "
                            "(conflict).")
        if status == 412:
            return BronFout(GEWIJZIGD)
        if status >= 500:
            return BronOnbereikbaar(f"De agendaserver {self.url} heeft een storing (HTTP "
                                    f"{status}); probeer het later opnieuw.")
        return BronFout(f"De agendaserver {self.url} weigerde het verzoek voor de agenda "
                        f"{agenda} (HTTP {status}).")

    # -- CalDAV requests -------------------------------------------------------------------

    async def vrij_bezet(self, pad: str, agenda: str, van: datetime, tot: datetime) -> str:
        """The VFREEBUSY text of a calendar-level free-busy-query (RFC 4791 7.10)."""
        body = (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<C:free-busy-query xmlns:C="{CALDAV}">{_tijdvak(van, tot)}'
                f"</C:free-busy-query>")
        antwoord = await self.vraag("REPORT", pad, agenda, inhoud=body,
                                    headers={"Depth": "1", "Content-Type": XML})
        return antwoord.text

    async def zoek(self, pad: str, agenda: str, van: datetime | None,
                   tot: datetime | None = None,
                   eigenschap: tuple[str, str] | None = None) -> list[DavItem]:
        """A calendar-query REPORT: VEVENTs in a time range, optionally with a property value.

        ``eigenschap`` is (name, text): a CALDAV:text-match, which is a substring match
        (RFC 4791 9.7.5), so callers compare the value exactly afterwards.
        """
        filter_ = _tijdvak(van, tot)
        if eigenschap is not None:
            naam, tekst = eigenschap
            filter_ += (f"<C:prop-filter name={quoteattr(naam)}>"
                        f'<C:text-match collation="i;octet">{escape(tekst)}</C:text-match>'
                        f"</C:prop-filter>")
        body = (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<C:calendar-query xmlns:D="DAV:" xmlns:C="{CALDAV}">'
                f"<D:prop><D:getetag/><C:calendar-data/></D:prop>"
                f'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
                f"{filter_}</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>")
        antwoord = await self.vraag("REPORT", pad, agenda, inhoud=body,
                                    headers={"Depth": "1", "Content-Type": XML})
        return self._multistatus(antwoord)

    async def is_agenda(self, pad: str, agenda: str) -> bool:
        """PROPFIND depth 0: whether the collection exists and is a calendar."""
        body = ('<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:">'
                "<D:prop><D:resourcetype/></D:prop></D:propfind>")
        antwoord = await self.vraag("PROPFIND", pad, agenda, inhoud=body,
                                    headers={"Depth": "0", "Content-Type": XML})
        wortel = self._xml(antwoord)
        return wortel.find(f".//{{{DAV}}}resourcetype/{{{CALDAV}}}calendar") is not None

    def _multistatus(self, antwoord: httpx.Response) -> list[DavItem]:
        uit = []
        for r in self._xml(antwoord).iter(f"{{{DAV}}}response"):
            href = (r.findtext(f"{{{DAV}}}href") or "").strip()
            for ps in r.iter(f"{{{DAV}}}propstat"):
                if " 200 " not in f"{ps.findtext(f'{{{DAV}}}status') or ''} ":
                    continue
                data = ps.findtext(f".//{{{CALDAV}}}calendar-data")
                if href and data:
                    etag = (ps.findtext(f".//{{{DAV}}}getetag") or "").strip()
                    uit.append(DavItem(href, etag, data))
        return uit

    def _xml(self, antwoord: httpx.Response) -> ET.Element:
        # ElementTree does not fetch external entities, and the expat it ships with
        # (>= 2.4.1) refuses entity-expansion bombs.
        try:
            return ET.fromstring(antwoord.content)
        except ET.ParseError:
            raise BronFout(f"De agendaserver {self.url} gaf een onleesbaar antwoord.") from None


def _tijdvak(van: datetime | None, tot: datetime | None) -> str:
    if van is None and tot is None:
        return ""
    begin = f' start="{_utc(van)}"' if van is not None else ""
    eind = f' end="{_utc(tot)}"' if tot is not None else ""
    return f"<C:time-range{begin}{eind}/>"


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

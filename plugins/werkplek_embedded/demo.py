"""The demo data set: Bert Burger, his father Jan, the port company, and what happened to them.

Bert has just lost his job and is divorcing, and his father Jan has just had heart trouble:
those two stories are what the demo shows live (checklists, a meervoudige vraag, regie), so
the data set holds what came before them.

Dates are relative to the moment the demo database is made, so the screen always shows a
living situation: a passport in production, a permit past its doorlooptijd, a contact today.
"""

from __future__ import annotations

import json
import random
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from werkplek.domain.model import Afhandeling, Kanaal, begin_van_de_dag
from werkplek.domain.oproep import Agentstatus
from werkplek_embedded.models import (
    AfgehandeldRij,
    AfspraakRij,
    AgendaRij,
    AgentstatusRij,
    BedrijfRij,
    ContactmomentRij,
    ContactmomentZaakRij,
    DigitaalAdresRij,
    KennisartikelRij,
    OntvangerRij,
    PersoonRij,
    TicketRij,
    WachtrijGesprekRij,
    ZaakRij,
    ZaakStatusRij,
    ZaaktypeRij,
)

BERT_BSN = "999993653"
JAN_BSN = "999991103"
FATIMA_BSN = "999992211"
SANNE_BSN = "999990019"
THIJS_BSN = "999990020"
AYSE_BSN = "999990184"
"""Ayşe Öztürk: a name SQLite's lower() cannot fold; found as "Ozturk" too."""
HAVEN_KVK = "68750110"
HAVEN_RSIN = "820846132"
"""The Havenbedrijf is a B.V., a rechtspersoon: the Zaken API knows it by this RSIN."""
HAVEN_VESTIGING = "000038509504"
KADE_KVK = "69599084"
KADE_VESTIGING = "000041256817"
"""Koffiebar De Kade, a one-man business beside the port: no rechtspersoon, so no RSIN."""

KENNISARTIKELEN = Path(__file__).with_name("data") / "kennisartikelen.toml"

ZAAKTYPEN = [
    ("PASPOORT", "Aanvraag paspoort", 7,
     ["Aanvraag ontvangen", "In productie", "Klaar om op te halen", "Uitgereikt"]),
    ("IDKAART", "Aanvraag identiteitskaart", 7,
     ["Aanvraag ontvangen", "In productie", "Klaar om op te halen", "Uitgereikt"]),
    ("BIJSTAND", "Aanvraag bijstandsuitkering", 56,
     ["Aanvraag ontvangen", "Intakegesprek gepland", "Onderzoek", "Besluit verzonden"]),
    ("KWIJTSCHELDING", "Kwijtschelding gemeentelijke belastingen", 56,
     ["Verzoek ontvangen", "In behandeling", "Besluit verzonden"]),
    ("WERK", "Begeleiding naar werk", 28,
     ["Aanmelding ontvangen", "Intake werkcoach", "Traject loopt", "Traject afgesloten"]),
    ("SCHULDHULP", "Schuldhulpverlening", 56,
     ["Aanmelding ontvangen", "Eerste gesprek", "Plan van aanpak", "Afgesloten"]),
    ("OMGEVINGSVERGUNNING", "Omgevingsvergunning bouwen", 56,
     ["Aanvraag ontvangen", "Aanvraag compleet", "Inhoudelijke toets", "Besluit verzonden"]),
    ("WMO_WONING", "Wmo woningaanpassing", 42,
     ["Melding ontvangen", "Keukentafelgesprek", "Onderzoeksverslag", "Besluit verzonden"]),
    ("WMO_HUISHOUDEN", "Wmo hulp bij het huishouden", 42,
     ["Melding ontvangen", "Keukentafelgesprek", "Onderzoeksverslag", "Besluit verzonden"]),
    ("WMO_MAALTIJD", "Wmo maaltijdvoorziening", 14,
     ["Melding ontvangen", "Beoordeling", "Maaltijden geregeld"]),
    ("PARKEERKAART", "Gehandicaptenparkeerkaart", 56,
     ["Aanvraag ontvangen", "Medische keuring", "Besluit verzonden"]),
    ("MILIEUMELDING", "Melding milieuactiviteit", 28,
     ["Melding ontvangen", "Beoordeling", "Afgehandeld"]),
    ("VERHUIZING", "Verhuizing binnen de gemeente", 5,
     ["Aangifte ontvangen", "Adresonderzoek", "Verwerkt"]),
    ("TERRAS", "Terrasvergunning", 42,
     ["Aanvraag ontvangen", "Beoordeling", "Besluit verzonden"]),
]


STADSKANTOOR = "Stadskantoor"

AGENDAS = [
    ("mdewit", "M. de Wit, casemanager Werk en Inkomen",
     ["Bijstandsuitkering", "Werk zoeken", "Schuldhulpverlening", "Individuele inkomenstoeslag",
      "Baan kwijt", "Scheiding"],
     "Stadskantoor, Werkplein (2e etage)",
     {"begin": "09:00", "einde": "17:00", "pauzes": [["12:30", "13:00"]],
      "slotduur_minuten": 30, "voorlooptijd_uren": 2}),
    ("sbakker", "S. Bakker, Wmo-consulent",
     ["Wmo huishoudelijke hulp", "Wmo woningaanpassing en traplift", "Wmo maaltijdvoorziening",
      "Mantelzorgondersteuning", "Ziekte of beperking", "Ouder worden"],
     "Stadskantoor, Wmo-loket (of op huisbezoek)",
     {"werkdagen": [0, 1, 2, 3], "begin": "09:00", "einde": "16:00",
      "pauzes": [["12:00", "12:30"]], "slotduur_minuten": 60, "voorlooptijd_uren": 24}),
    ("rjansen", "R. Jansen, accountmanager bedrijven",
     ["Milieuregels voor bedrijven", "Starten als ondernemer", "Evenementenvergunning",
      "Terrasvergunning", "Bedrijf starten of uitbreiden"],
     "Stadskantoor, Ondernemersloket",
     {"begin": "08:30", "einde": "17:00", "pauzes": [["12:30", "13:00"]],
      "slotduur_minuten": 60, "voorlooptijd_uren": 4}),
    ("burgerzaken", "Balie Burgerzaken", ["Paspoort", "Identiteitskaart", "Rijbewijs",
                                          "Uittreksel BRP", "Verhuizing doorgeven"],
     STADSKANTOOR,
     {"begin": "08:30", "einde": "16:30", "pauzes": [], "slotduur_minuten": 15,
      "voorlooptijd_uren": 1}),
]

# The counter's day: who is expected at the Stadskantoor today (agenda, klant, uur, minuut).
AFSPRAKEN_VANDAAG = [
    ("burgerzaken", ("persoon", FATIMA_BSN), "Fatima el Amrani", "Identiteitskaart", 9, 0,
     "geholpen", "ID-kaart aanvragen; pasfoto meegenomen."),
    ("burgerzaken", ("persoon", JAN_BSN), "Jan Burger", "Rijbewijs", 11, 15, "verwacht",
     "Rijbewijs verlengen; gezondheidsverklaring is goedgekeurd."),
    ("burgerzaken", ("persoon", SANNE_BSN), "Sanne Burger", "Identiteitskaart", 15, 30,
     "verwacht", "Eerste ID-kaart; vader Bert komt mee voor de toestemming."),
]


@dataclass(frozen=True)
class _Zaak:
    identificatie: str
    omschrijving: str
    zaaktype: str
    klant: tuple[str, str]
    start_dagen_geleden: int
    statussen: list[tuple[str, int, str]]  # omschrijving, dagen geleden, toelichting
    behandelaar: str
    resultaat: str = ""
    gepland_na: int | None = None
    """Days after the start the organisation plans to be done; None: the doorlooptijd."""
    uiterlijk_na: int | None = None
    """Days after the start the law says it must be done (uiterlijke einddatum afdoening)."""


BERT = ("persoon", BERT_BSN)
JAN = ("persoon", JAN_BSN)
HAVEN = ("bedrijf", HAVEN_KVK)
KADE = ("bedrijf", KADE_KVK)

ZAKEN = [
    # Planned in three days, the law allows the doorlooptijd: "later dan gepland", not late.
    _Zaak("ZAAK-2026-0101", "Paspoort aangevraagd voor vakantie", "PASPOORT", BERT, 4,
          [("Aanvraag ontvangen", 4, "Aangevraagd aan de balie, pasfoto en vingerafdrukken"
            " afgenomen."),
           ("In productie", 3, "Aanvraag doorgestuurd naar de producent.")],
          "Team Burgerzaken", gepland_na=3),
    _Zaak("ZAAK-2026-0042", "Verbouwing: dakkapel en aanbouw achterzijde", "OMGEVINGSVERGUNNING",
          BERT, 70,
          [("Aanvraag ontvangen", 70, "Ingediend via het Omgevingsloket."),
           ("Aanvraag compleet", 58, "Aanvullende bouwtekening ontvangen."),
           ("Inhoudelijke toets", 45, "Advies welstand gevraagd.")],
          "R. Yilmaz, vergunningverlener"),
    _Zaak("ZAAK-2026-0012", "Verhuizing naar Havenstraat 12", "VERHUIZING", BERT, 120,
          [("Aangifte ontvangen", 120, ""), ("Verwerkt", 118, "Adres ingeschreven in de BRP.")],
          "Team Burgerzaken", "Ingeschreven"),
    _Zaak("ZAAK-2026-0093", "Gehandicaptenparkeerkaart bestuurder", "PARKEERKAART", JAN, 40,
          [("Aanvraag ontvangen", 40, "Aanvraag aan de balie, met doktersverklaring."),
           ("Medische keuring", 25, "Keuring door de GGD Demodam."),
           ("Besluit verzonden", 12, "Kaart voor vijf jaar toegekend.")],
          "Team Parkeren", "Toegekend"),
    _Zaak("ZAAK-2026-0077", "Melding opslag gevaarlijke stoffen loods 4", "MILIEUMELDING",
          HAVEN, 15,
          [("Melding ontvangen", 15, "Melding via het Omgevingsloket."),
           ("Beoordeling", 9, "Doorgezet naar de omgevingsdienst.")],
          # Within the zaaktype's 28 days, but past the two weeks the law gives: te laat.
          "Omgevingsdienst Demodam-Haven", uiterlijk_na=14),
    _Zaak("ZAAK-2026-0081", "Terras aan de kade, zes tafels", "TERRAS", KADE, 10,
          [("Aanvraag ontvangen", 10, "Ingediend aan het ondernemersloket."),
           ("Beoordeling", 6, "Situatietekening beoordeeld door Vergunningen.")],
          "Team Vergunningen en Handhaving"),
]


@dataclass(frozen=True)
class _Contact:
    klant: tuple[str, str]
    kanaal: str
    onderwerp: str
    vraag: str
    antwoord: str
    afhandeling: str
    medewerker: str
    dagen_geleden: int
    uur: int
    zaken: tuple[str, ...] = ()


CONTACTEN = [
    _Contact(BERT, "internet", "Omgevingsvergunning verbouwing",
             "Webformulier: welke tekeningen horen bij een aanvraag voor een dakkapel?",
             "Uitleg gestuurd over plattegrond, doorsnede en gevelaanzicht; aanvraag via het "
             "Omgevingsloket.", "in_een_keer_afgehandeld", "kcc.webteam", 72, 10),
    _Contact(BERT, "telefoon", "Afval en grofvuil",
             "Mijn container is bij de verhuizing kwijtgeraakt.",
             "Nieuwe restafvalcontainer besteld; wordt binnen tien werkdagen bezorgd.",
             "in_een_keer_afgehandeld", "a.jansen", 110, 9),
    _Contact(BERT, "e-mail", "Omgevingsvergunning verbouwing",
             "Hoe lang duurt mijn vergunning nog? De aannemer wil beginnen.",
             "Vergunningverlener gevraagd terug te bellen over de welstandstoets.",
             "terugbelverzoek", "p.devries", 10, 18, ("ZAAK-2026-0042",)),
    _Contact(BERT, "balie", "Paspoort",
             "Paspoort verloopt over zes weken, gaat op vakantie.",
             "Paspoort aangevraagd; klaar over ongeveer vijf werkdagen, ophalen op afspraak.",
             "zaak_gestart", "k.smit", 4, 11, ("ZAAK-2026-0101",)),
    _Contact(JAN, "balie", "Gehandicaptenparkeerkaart",
             "Lopen gaat slecht sinds de heupoperatie; kan ik dichter bij de deur parkeren?",
             "Aanvraag gehandicaptenparkeerkaart gestart; keuring door de GGD volgt.",
             "zaak_gestart", "k.smit", 40, 10, ("ZAAK-2026-0093",)),
    _Contact(JAN, "telefoon", "Afval en grofvuil",
             "Wanneer wordt grofvuil opgehaald in de Lindelaan?",
             "Afspraak voor grofvuil gemaakt op de eerstvolgende ophaaldag.",
             "in_een_keer_afgehandeld", "a.jansen", 8, 9),
    _Contact(HAVEN, "chat", "Milieuregels voor bedrijven",
             "Welke regels gelden voor opslag van gevaarlijke stoffen in onze loods?",
             "Uitgelegd: melding milieuactiviteit via het Omgevingsloket; inhoudelijke vragen "
             "naar de omgevingsdienst.", "doorverwezen", "kcc.chat", 15, 16, ("ZAAK-2026-0077",)),
]


def vul(sessie: Session, nu: datetime) -> None:
    """Fill an empty embedded database with the demo data set, relative to ``nu``."""
    vandaag = nu.date()

    def op(dagen: int, uur: int) -> datetime:
        dag = vandaag - timedelta(days=dagen)
        return datetime(dag.year, dag.month, dag.day, uur, 0, tzinfo=nu.tzinfo)

    sessie.add_all([
        PersoonRij(bsn=BERT_BSN, voornamen="Bert", voorvoegsel="", geslachtsnaam="Burger",
                   geboortedatum=date(1980, 3, 14), straat="Havenstraat", huisnummer="12",
                   postcode="3011AB", woonplaats="Demodam", geheimhouding=False),
        # Bert's children live with him half of the week; they share his address.
        PersoonRij(bsn=SANNE_BSN, voornamen="Sanne", voorvoegsel="", geslachtsnaam="Burger",
                   geboortedatum=date(2012, 9, 3), straat="Havenstraat", huisnummer="12",
                   postcode="3011AB", woonplaats="Demodam", geheimhouding=False),
        PersoonRij(bsn=THIJS_BSN, voornamen="Thijs", voorvoegsel="", geslachtsnaam="Burger",
                   geboortedatum=date(2015, 5, 21), straat="Havenstraat", huisnummer="12",
                   postcode="3011AB", woonplaats="Demodam", geheimhouding=False),
        PersoonRij(bsn=JAN_BSN, voornamen="Jan", voorvoegsel="", geslachtsnaam="Burger",
                   geboortedatum=date(1944, 6, 2), straat="Lindelaan", huisnummer="3",
                   postcode="3071DE", woonplaats="Demodam", geheimhouding=False),
        PersoonRij(bsn=FATIMA_BSN, voornamen="Fatima", voorvoegsel="el", geslachtsnaam="Amrani",
                   geboortedatum=date(1991, 11, 23), straat="Kade", huisnummer="7B",
                   postcode="3011AB", woonplaats="Demodam", geheimhouding=True),
        PersoonRij(bsn=AYSE_BSN, voornamen="Ayşe", voorvoegsel="", geslachtsnaam="Öztürk",
                   geboortedatum=date(1987, 4, 30), straat="Molenwerf", huisnummer="21",
                   postcode="3012CK", woonplaats="Demodam", geheimhouding=False),
    ])
    werk_bedrijven_bij(sessie)
    for soort, nummer, adressoort, waarde in [
        ("persoon", BERT_BSN, "telefoon", "+31612345678"),
        ("persoon", BERT_BSN, "email", "bert.burger@example.nl"),
        ("persoon", JAN_BSN, "telefoon", "+31101234567"),
        ("persoon", FATIMA_BSN, "telefoon", "+31640001234"),
        ("persoon", FATIMA_BSN, "telefoon", "+31201234567"),  # her landline at work
        ("bedrijf", HAVEN_KVK, "telefoon", "+31102345678"),
        ("bedrijf", HAVEN_KVK, "email", "info@havenbedrijf-demodam.example"),
        ("bedrijf", KADE_KVK, "telefoon", "+31103456789"),
    ]:
        sessie.add(DigitaalAdresRij(klant_soort=soort, klant_nummer=nummer, soort=adressoort,
                                    waarde=waarde))
    werk_catalogus_bij(sessie)
    doorloop = {code: d for code, _, d, _ in ZAAKTYPEN}
    for z in ZAKEN:
        start = vandaag - timedelta(days=z.start_dagen_geleden)
        gepland = doorloop[z.zaaktype] if z.gepland_na is None else z.gepland_na
        sessie.add(ZaakRij(
            identificatie=z.identificatie, omschrijving=z.omschrijving, zaaktype_code=z.zaaktype,
            klant_soort=z.klant[0], klant_nummer=z.klant[1], startdatum=start,
            geplande_einddatum=start + timedelta(days=gepland),
            uiterlijke_einddatum=(start + timedelta(days=z.uiterlijk_na)
                                  if z.uiterlijk_na is not None else None),
            behandelaar=z.behandelaar, resultaat=z.resultaat,
            statussen=[ZaakStatusRij(omschrijving=o, gezet_op=op(d, 10), toelichting=t)
                       for o, d, t in z.statussen],
        ))
    for i, c in enumerate(CONTACTEN):
        begin = op(c.dagen_geleden, c.uur) + timedelta(minutes=17)
        sessie.add(ContactmomentRij(
            id=f"00000000-0000-4000-8000-{i + 1:012d}", klant_soort=c.klant[0],
            klant_nummer=c.klant[1], kanaal=c.kanaal, onderwerp=c.onderwerp, vraag=c.vraag,
            antwoord=c.antwoord, afhandeling=c.afhandeling, medewerker=c.medewerker,
            begin=begin, einde=begin + timedelta(minutes=6),
            zaken=[ContactmomentZaakRij(zaak_identificatie=z) for z in c.zaken],
        ))
    for i, (agenda, klant, naam, onderwerp, uur, minuut, status, notitie) in enumerate(
            AFSPRAKEN_VANDAAG):
        begin = datetime(vandaag.year, vandaag.month, vandaag.day, uur, minuut, tzinfo=nu.tzinfo)
        sessie.add(AfspraakRij(
            id=f"00000000-0000-4000-9000-{i + 1:012d}", agenda_id=agenda, klant_soort=klant[0],
            klant_nummer=klant[1], klantnaam=naam, onderwerp=onderwerp, begin=begin,
            einde=begin + timedelta(minutes=15), notitie=notitie, locatie=STADSKANTOOR,
            status=status, contactmoment="", versie=1))
    # Bert chatted this morning about his passport: the klantbeeld shows "eerder contact vandaag".
    vanochtend = max(nu - timedelta(minutes=90),
                     datetime(vandaag.year, vandaag.month, vandaag.day, tzinfo=nu.tzinfo))
    sessie.add(ContactmomentRij(
        id="00000000-0000-4000-8000-000000000100", klant_soort="persoon", klant_nummer=BERT_BSN,
        kanaal="chat", onderwerp="Paspoort",
        vraag="Is mijn paspoort al klaar? Ik vertrek over twee weken.",
        antwoord="Paspoort is in productie; bericht volgt zodra het klaar is om op te halen.",
        afhandeling="in_een_keer_afgehandeld", medewerker="kcc.chat", begin=vanochtend,
        einde=vanochtend + timedelta(minutes=4),
        zaken=[ContactmomentZaakRij(zaak_identificatie="ZAAK-2026-0101")],
    ))


ONTVANGERS = [
    # code, soort, naam, toestel to transfer a call to ("" takes call-back requests only)
    ("vergunningen", "afdeling", "Team Vergunningen en Handhaving", "2100"),
    ("wmo", "groep", "Wmo-consulenten", "2200"),
    ("belastingen", "afdeling", "Belastingen en kwijtschelding", "2300"),
    ("p.devries", "medewerker", "P. de Vries, casemanager Werk en Inkomen", ""),
]


def werk_catalogus_bij(sessie: Session) -> None:
    """Zaaktypen, kennisartikelen, agendas and ontvangers as this version ships them;
    contacts and zaken stay."""
    for code, soort, naam, telefoon in ONTVANGERS:
        sessie.merge(OntvangerRij(code=code, soort=soort, naam=naam, telefoon=telefoon))
    for code, omschrijving, doorlooptijd, statussen in ZAAKTYPEN:
        sessie.merge(ZaaktypeRij(code=code, omschrijving=omschrijving,
                                 doorlooptijd_dagen=doorlooptijd, statussen="\n".join(statussen)))
    for a in laad_kennisartikelen(KENNISARTIKELEN):
        sessie.merge(a)
    for id_, naam, onderwerpen, locatie, rooster in AGENDAS:
        sessie.merge(AgendaRij(id=id_, naam=naam, onderwerpen="\n".join(onderwerpen),
                               locatie=locatie, rooster=json.dumps(rooster)))


BEDRIJVEN = [
    {"kvk_nummer": HAVEN_KVK, "naam": "Havenbedrijf Demodam B.V.",
     "rechtsvorm": "Besloten vennootschap", "straat": "Kaaiweg", "huisnummer": "100",
     "postcode": "3089KA", "woonplaats": "Demodam", "contactpersoon": "L. Visser",
     "rsin": HAVEN_RSIN, "vestigingsnummer": HAVEN_VESTIGING},
    {"kvk_nummer": KADE_KVK, "naam": "Koffiebar De Kade", "rechtsvorm": "Eenmanszaak",
     "straat": "Kaaiweg", "huisnummer": "7", "postcode": "3089KA", "woonplaats": "Demodam",
     "contactpersoon": "M. de Kok", "rsin": "", "vestigingsnummer": KADE_VESTIGING},
]


def werk_bedrijven_bij(sessie: Session) -> None:
    """The demo's companies as this version ships them (an older demo gets the RSIN and
    the one-man business)."""
    for b in BEDRIJVEN:
        sessie.merge(BedrijfRij(**b))


def laad_kennisartikelen(pad: Path) -> list[KennisartikelRij]:
    with pad.open("rb") as f:
        data = tomllib.load(f)
    return [
        KennisartikelRij(id=a["id"], titel=a["titel"], onderwerp=a["onderwerp"],
                         samenvatting=a["samenvatting"], tekst=a["tekst"].strip(),
                         trefwoorden="\n".join(a["trefwoorden"]),
                         eigenaar=a.get("eigenaar", ""),
                         laatst_beoordeeld=a.get("laatst_beoordeeld"),
                         kanaalnotities=json.dumps(a.get("kanaalnotities", {}),
                                                   ensure_ascii=False, sort_keys=True))
        for a in data["artikel"]
    ]


# -- The queues' day so far -----------------------------------------------------------------

WACHTRIJEN = ("Burgerzaken", "Belastingen", "Afval en wijk")
TELEFONISTEN = [
    # gebruikersnaam, naam, state now, its channel, minutes in it
    ("a.jansen", "A. Jansen", Agentstatus.IN_GESPREK, Kanaal.TELEFOON, 3),
    ("n.yilmaz", "N. Yilmaz", Agentstatus.IN_GESPREK, Kanaal.TELEFOON, 1),
    ("e.dekker", "E. Dekker", Agentstatus.BESCHIKBAAR, None, 2),
    ("s.mulder", "S. Mulder", Agentstatus.NAWERK, Kanaal.TELEFOON, 1),
    ("r.bos", "R. Bos", Agentstatus.PAUZE, None, 12),
    ("l.meijer", "L. Meijer", Agentstatus.IN_GESPREK, Kanaal.CHAT, 6),
]
BALIEMEDEWERKERS = ("k.smit", "m.peters")
GESPREKKEN = 60
"""Calls offered so far today, of which the last three still wait."""
KANALEN = ([Kanaal.TELEFOON] * 18 + [Kanaal.BALIE] * 9 + [Kanaal.EMAIL] * 5
           + [Kanaal.CHAT] * 4 + [Kanaal.INTERNET] * 3 + [Kanaal.POST])
"""The channels of the contacts registered so far today: 40."""
TICKETS = [
    # share of the day when issued (None: just now, still waiting), with an appointment,
    # outcome ("geholpen", "niet_verschenen", "" for being served or waiting)
    (0.05, False, "geholpen"), (0.12, True, "geholpen"), (0.25, False, "geholpen"),
    (0.38, False, "niet_verschenen"), (0.50, True, "geholpen"), (0.63, False, "geholpen"),
    (0.80, False, ""), (None, False, ""), (None, True, ""), (None, False, ""),
]


def vul_wachtrij(sessie: Session, nu: datetime) -> None:
    """Fill the queues with a believable day so far, up to ``nu`` (the source's clock):
    calls in three queues since 08:00 with a few abandons and three still waiting, six
    telephone agents in their states, the counter's tickets and the contacts registered
    (for FCR). The same ``nu`` always gives the same day (a seeded random)."""
    kans = random.Random(20_26)
    middernacht = begin_van_de_dag(nu)
    dag = middernacht.date()
    begin = middernacht.replace(hour=8)
    if nu - begin < timedelta(hours=1):  # early (or a night's demo): the last hour
        begin = max(middernacht, nu - timedelta(hours=1))
    duur = nu - begin

    def id_(soort: str, i: int) -> str:
        return f"demo-{dag.isoformat()}-{soort}-{i:03d}"

    # Calls: offered before the last few minutes, ended within two; three wait now.
    klaar = GESPREKKEN - 3
    aangeboden = sorted(begin + (duur - timedelta(minutes=3)) * kans.random()
                        for _ in range(klaar))
    opgehangen = set(kans.sample(range(klaar), 7))
    kort = set(sorted(opgehangen)[::2])  # four of the seven hung up within seconds
    telefonisten = [t[0] for t in TELEFONISTEN if t[3] is not Kanaal.CHAT]
    for i, moment in enumerate(aangeboden):
        rij = WachtrijGesprekRij(id=id_("gesprek", i), aangeboden=moment, medewerker="",
                                 wachtrij=kans.choices(WACHTRIJEN, weights=(5, 3, 2))[0])
        if i in kort:
            rij.opgehangen = moment + timedelta(seconds=kans.uniform(1, 4))
        elif i in opgehangen:
            rij.opgehangen = moment + timedelta(seconds=kans.uniform(35, 110))
        else:
            wacht = kans.uniform(2, 18) if kans.random() < 0.85 else kans.uniform(20, 75)
            rij.aangenomen = moment + timedelta(seconds=wacht)
            rij.medewerker = kans.choice(telefonisten)
        sessie.add(rij)
    for i, seconden in enumerate((75, 38, 9), start=klaar):
        sessie.add(WachtrijGesprekRij(id=id_("gesprek", i), medewerker="",
                                      wachtrij=WACHTRIJEN[i % len(WACHTRIJEN)],
                                      aangeboden=nu - timedelta(seconds=seconden)))

    # Agents: logged in at the start, now in their state.
    for naam, volledig, status, kanaal, minuten in TELEFONISTEN:
        sessie.add(AgentstatusRij(medewerker=naam, naam=volledig, sinds=begin,
                                  status=Agentstatus.BESCHIKBAAR.value, kanaal=None))
        sessie.add(AgentstatusRij(medewerker=naam, naam=volledig, status=status.value,
                                  kanaal=kanaal.value if kanaal else None,
                                  sinds=max(begin, nu - timedelta(minutes=minuten))))

    # The counter's tickets, numbered per letter as the ticket machine does.
    volgnummers = {"A": 0, "Z": 0}
    laatste = [timedelta(minutes=m) for m in (14, 8, 3)]
    for i, (deel, met_afspraak, uitkomst) in enumerate(TICKETS):
        uitgegeven = (begin + (duur - timedelta(minutes=20)) * deel if deel is not None
                      else nu - laatste.pop(0))
        uitgegeven = max(begin, min(uitgegeven, nu))
        letter = "A" if met_afspraak else "Z"
        volgnummers[letter] += 1
        ticket = TicketRij(id=id_("ticket", i), nummer=f"{letter}{volgnummers[letter]:03d}",
                        dag=dag, uitgegeven=uitgegeven, opgeroepen_door="",
                        afspraak=uitgegeven + timedelta(minutes=5) if met_afspraak else None)
        if deel is not None:
            ticket.opgeroepen = min(nu, uitgegeven + timedelta(minutes=kans.uniform(3, 12)))
            ticket.opgeroepen_door = BALIEMEDEWERKERS[i % len(BALIEMEDEWERKERS)]
            einde = ticket.opgeroepen + timedelta(minutes=kans.uniform(4, 10))
            if uitkomst == "niet_verschenen":
                ticket.niet_verschenen = min(nu, ticket.opgeroepen + timedelta(minutes=2))
            elif uitkomst == "geholpen" and einde <= nu:
                ticket.geholpen = einde
        sessie.add(ticket)

    # Contacts registered today: about four in five answered in one go.
    anders = [a for a in Afhandeling if a is not Afhandeling.IN_EEN_KEER]
    kanalen = KANALEN[:]
    kans.shuffle(kanalen)
    for i, kanaal in enumerate(kanalen):
        afhandeling = (Afhandeling.IN_EEN_KEER if kans.random() < 0.8
                       else kans.choice(anders))
        wie = (kans.choice(BALIEMEDEWERKERS) if kanaal is Kanaal.BALIE
               else "l.meijer" if kanaal is Kanaal.CHAT else kans.choice(telefonisten))
        sessie.add(AfgehandeldRij(id=id_("contact", i), kanaal=kanaal.value,
                                  afhandeling=afhandeling.value, medewerker=wie,
                                  tijd=begin + duur * kans.random()))

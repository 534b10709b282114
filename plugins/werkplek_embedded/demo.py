"""The demo data set: Bert Burger, his father Jan, the port company, and what happened to them.

Dates are relative to the moment the demo database is made, so the screen always shows a
living situation: a passport in production, a permit past its doorlooptijd, a contact today.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from werkplek_embedded.models import (
    BedrijfRij,
    ContactmomentRij,
    ContactmomentZaakRij,
    DigitaalAdresRij,
    KennisartikelRij,
    PersoonRij,
    ZaakRij,
    ZaakStatusRij,
    ZaaktypeRij,
)

BERT_BSN = "999993653"
JAN_BSN = "999991103"
FATIMA_BSN = "999992211"
SANNE_BSN = "999990019"
THIJS_BSN = "999990020"
HAVEN_KVK = "68750110"

KENNISARTIKELEN = Path(__file__).with_name("data") / "kennisartikelen.toml"

ZAAKTYPEN = [
    ("PASPOORT", "Aanvraag paspoort", 7,
     ["Aanvraag ontvangen", "In productie", "Klaar om op te halen", "Uitgereikt"]),
    ("BIJSTAND", "Aanvraag bijstandsuitkering", 56,
     ["Aanvraag ontvangen", "Intakegesprek gepland", "Onderzoek", "Besluit verzonden"]),
    ("KWIJTSCHELDING", "Kwijtschelding gemeentelijke belastingen", 56,
     ["Verzoek ontvangen", "In behandeling", "Besluit verzonden"]),
    ("OMGEVINGSVERGUNNING", "Omgevingsvergunning bouwen", 56,
     ["Aanvraag ontvangen", "Aanvraag compleet", "Inhoudelijke toets", "Besluit verzonden"]),
    ("WMO", "Wmo-melding maatwerkvoorziening", 42,
     ["Melding ontvangen", "Keukentafelgesprek", "Onderzoeksverslag", "Besluit verzonden"]),
    ("MILIEUMELDING", "Melding milieuactiviteit", 28,
     ["Melding ontvangen", "Beoordeling", "Afgehandeld"]),
    ("VERHUIZING", "Verhuizing binnen de gemeente", 5,
     ["Aangifte ontvangen", "Adresonderzoek", "Verwerkt"]),
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


BERT = ("persoon", BERT_BSN)
JAN = ("persoon", JAN_BSN)
HAVEN = ("bedrijf", HAVEN_KVK)

ZAKEN = [
    _Zaak("ZAAK-2026-0101", "Paspoort aangevraagd voor vakantie", "PASPOORT", BERT, 4,
          [("Aanvraag ontvangen", 4, "Aangevraagd aan de balie, pasfoto en vingerafdrukken"
            " afgenomen."),
           ("In productie", 3, "Aanvraag doorgestuurd naar de producent.")],
          "Team Burgerzaken"),
    _Zaak("ZAAK-2026-0087", "Bijstandsuitkering na verlies van baan", "BIJSTAND", BERT, 30,
          [("Aanvraag ontvangen", 30, "Aanvraag via het KCC gestart."),
           ("Intakegesprek gepland", 26, "Intake met casemanager op het stadskantoor."),
           ("Onderzoek", 18, "Bankafschriften en echtscheidingsconvenant opgevraagd.")],
          "M. de Wit, casemanager Werk en Inkomen"),
    _Zaak("ZAAK-2026-0088", "Kwijtschelding afvalstoffenheffing en OZB", "KWIJTSCHELDING",
          BERT, 29,
          [("Verzoek ontvangen", 29, ""),
           ("In behandeling", 21, "Wacht op besluit bijstandsaanvraag.")],
          "Belastingen, team Kwijtschelding"),
    _Zaak("ZAAK-2026-0042", "Verbouwing: dakkapel en aanbouw achterzijde", "OMGEVINGSVERGUNNING",
          BERT, 70,
          [("Aanvraag ontvangen", 70, "Ingediend via het Omgevingsloket."),
           ("Aanvraag compleet", 58, "Aanvullende bouwtekening ontvangen."),
           ("Inhoudelijke toets", 45, "Advies welstand gevraagd.")],
          "R. Yilmaz, vergunningverlener"),
    _Zaak("ZAAK-2026-0012", "Verhuizing naar Havenstraat 12", "VERHUIZING", BERT, 120,
          [("Aangifte ontvangen", 120, ""), ("Verwerkt", 118, "Adres ingeschreven in de BRP.")],
          "Team Burgerzaken", "Ingeschreven"),
    _Zaak("ZAAK-2026-0093", "Traplift en trapleuning", "WMO", JAN, 20,
          [("Melding ontvangen", 20, "Melding telefonisch door zoon Bert."),
           ("Keukentafelgesprek", 12, "Gesprek thuis met Jan en Bert Burger.")],
          "S. Bakker, Wmo-consulent"),
    _Zaak("ZAAK-2026-0094", "Hulp bij het huishouden", "WMO", JAN, 20,
          [("Melding ontvangen", 20, ""), ("Keukentafelgesprek", 12, ""),
           ("Onderzoeksverslag", 8, "Verslag verstuurd, akkoord ontvangen."),
           ("Besluit verzonden", 3, "Drie uur per week toegekend.")],
          "S. Bakker, Wmo-consulent", "Toegekend"),
    _Zaak("ZAAK-2026-0077", "Melding opslag gevaarlijke stoffen loods 4", "MILIEUMELDING",
          HAVEN, 15,
          [("Melding ontvangen", 15, "Melding via het Omgevingsloket."),
           ("Beoordeling", 9, "Doorgezet naar de omgevingsdienst.")],
          "Omgevingsdienst Demodam-Haven"),
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
    _Contact(BERT, "telefoon", "Bijstandsuitkering",
             "Baan kwijt en net gescheiden; twee kinderen. Waar heb ik recht op?",
             "Checklist doorgelopen. Aanvraag bijstand en kwijtschelding gestart; verwezen naar "
             "Dienst Toeslagen voor huur-, zorg- en kinderopvangtoeslag.", "zaak_gestart",
             "a.jansen", 30, 14, ("ZAAK-2026-0087", "ZAAK-2026-0088")),
    _Contact(BERT, "e-mail", "Omgevingsvergunning verbouwing",
             "Hoe lang duurt mijn vergunning nog? De aannemer wil beginnen.",
             "Vergunningverlener gevraagd terug te bellen over de welstandstoets.",
             "terugbelverzoek", "p.devries", 10, 18, ("ZAAK-2026-0042",)),
    _Contact(BERT, "balie", "Paspoort",
             "Paspoort verloopt over zes weken, gaat op vakantie.",
             "Paspoort aangevraagd; klaar over ongeveer vijf werkdagen, ophalen op afspraak.",
             "zaak_gestart", "k.smit", 4, 11, ("ZAAK-2026-0101",)),
    _Contact(JAN, "telefoon", "Wmo woningaanpassing en traplift",
             "Bert Burger belt namens zijn vader: trap wordt te zwaar, ook hulp in huis nodig.",
             "Wmo-melding gedaan voor traplift en huishoudelijke hulp; keukentafelgesprek "
             "wordt gepland.", "zaak_gestart", "a.jansen", 20, 15,
             ("ZAAK-2026-0093", "ZAAK-2026-0094")),
    _Contact(JAN, "post", "Wmo maaltijdvoorziening",
             "Brief: kan ik ook warme maaltijden thuisbezorgd krijgen?",
             "Gebeld en uitgelegd: maaltijdservice via de welzijnsorganisatie, geen Wmo-"
             "maatwerk nodig. Folder nagestuurd.", "doorverwezen", "p.devries", 8, 9),
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
        BedrijfRij(kvk_nummer=HAVEN_KVK, naam="Havenbedrijf Demodam B.V.",
                   rechtsvorm="Besloten vennootschap", straat="Kaaiweg", huisnummer="100",
                   postcode="3089KA", woonplaats="Demodam", contactpersoon="L. Visser"),
    ])
    for soort, nummer, adressoort, waarde in [
        ("persoon", BERT_BSN, "telefoon", "+31612345678"),
        ("persoon", BERT_BSN, "email", "bert.burger@example.nl"),
        ("persoon", JAN_BSN, "telefoon", "+31101234567"),
        ("persoon", FATIMA_BSN, "telefoon", "+31640001234"),
        ("bedrijf", HAVEN_KVK, "telefoon", "+31102345678"),
        ("bedrijf", HAVEN_KVK, "email", "info@havenbedrijf-demodam.example"),
    ]:
        sessie.add(DigitaalAdresRij(klant_soort=soort, klant_nummer=nummer, soort=adressoort,
                                    waarde=waarde))
    for code, omschrijving, doorlooptijd, statussen in ZAAKTYPEN:
        sessie.add(ZaaktypeRij(code=code, omschrijving=omschrijving,
                               doorlooptijd_dagen=doorlooptijd, statussen="\n".join(statussen)))
    doorloop = {code: d for code, _, d, _ in ZAAKTYPEN}
    for z in ZAKEN:
        start = vandaag - timedelta(days=z.start_dagen_geleden)
        sessie.add(ZaakRij(
            identificatie=z.identificatie, omschrijving=z.omschrijving, zaaktype_code=z.zaaktype,
            klant_soort=z.klant[0], klant_nummer=z.klant[1], startdatum=start,
            geplande_einddatum=start + timedelta(days=doorloop[z.zaaktype]),
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
    for a in laad_kennisartikelen(KENNISARTIKELEN):
        sessie.add(a)


def laad_kennisartikelen(pad: Path) -> list[KennisartikelRij]:
    with pad.open("rb") as f:
        data = tomllib.load(f)
    return [
        KennisartikelRij(id=a["id"], titel=a["titel"], onderwerp=a["onderwerp"],
                         samenvatting=a["samenvatting"], tekst=a["tekst"].strip(),
                         trefwoorden="\n".join(a["trefwoorden"]))
        for a in data["artikel"]
    ]

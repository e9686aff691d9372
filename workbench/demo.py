"""Demo cluster and large synthetic databases.

:func:`build_demo` fills a new, empty database with a realistic energy-cleantech cluster
modelled on the Lombardy Energy Cleantech Cluster (about 140 members, 6 competence areas,
4 strategic pillars, ~20 projects, five years of joins, leaves, fees, size data, activities,
staff and income). :func:`build_synthetic` makes a large database (10,000 members by default)
for benchmarks with bulk inserts.

Both are fully deterministic: the same seed and the same ``today`` give the same data. They use
their own :class:`random.Random`, never the global one. The five years of history are
``today.year - 4`` to ``today.year``; nothing is dated after ``today`` except the planned dates
of projects that are not running yet.
"""

from __future__ import annotations

import bisect
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session
from stdnum import luhn

from workbench import sme
from workbench.db import Database
from workbench.demo_eccp import add_eccp_profile
from workbench.errors import WorkbenchError
from workbench.models import (
    Activity,
    ActivityParticipant,
    ActivityType,
    AreaParticipation,
    ClusterProfile,
    CompetenceArea,
    Contact,
    ContactChannel,
    ContactLogEntry,
    EnterpriseRelation,
    Fee,
    GovernanceBody,
    Income,
    IncomeCategory,
    IndicatorValue,
    KpiValue,
    Label,
    LabelLevel,
    MediaItem,
    MediaScope,
    MembershipPeriod,
    Organisation,
    OrgType,
    PillarObjective,
    Project,
    ProjectPartner,
    ProjectRole,
    ProjectStatus,
    Recognition,
    SizeData,
    SizeLink,
    SmeClass,
    StaffMember,
    StrategicPillar,
    SuccessStory,
    project_area,
    project_pillar,
    utcnow,
)
from workbench.services.base import validate_rows
from workbench.services.member_validation import ValidationCache, search_key_for
from workbench.text import fold_for_search

__all__ = [
    "NOT_EMPTY_MESSAGE",
    "DemoSummary",
    "Progress",
    "build_demo",
    "build_synthetic",
    "italian_vat",
]

Progress = Callable[[int, int], None]
"""Progress callback: ``progress(steps_done, steps_total)``."""

NOT_EMPTY_MESSAGE = (
    "The database already holds data: demo data goes into a new, empty database. "
    "Use --db with a new file name."
)

FOUNDING_DATE = date(2009, 3, 23)
EARLIEST_TODAY = date(2022, 1, 1)
YEARS_OF_HISTORY = 5


@dataclass(frozen=True)
class DemoSummary:
    """What a demo or synthetic build wrote (counts of records)."""

    organisations: int
    members_now: int
    former_members: int
    companies_now: int
    projects: int
    activities: int
    activity_participants: int
    contacts: int
    fees: int
    size_data: int
    area_participations: int
    staff: int
    years: tuple[int, ...]

    def __str__(self) -> str:
        return (
            f"{self.organisations} organisations ({self.members_now} members today, "
            f"{self.former_members} former), {self.projects} projects, "
            f"{self.activities} activities, {self.contacts} contacts, "
            f"years {self.years[0]}-{self.years[-1]}"
        )


# =========================================================================== reference data


@dataclass(frozen=True)
class _Place:
    city: str
    province: str
    postcode: str
    vat_office: str  # digits 8-10 of an Italian VAT number (provincial office)
    phone_prefix: str
    region: str = "Lombardia"
    nuts2: str = "ITC4"


# city, province, first CAP, last CAP, VAT office code, phone prefix, weight
_LOMBARDY: tuple[tuple[str, str, int, int, str, str, int], ...] = (
    ("Milano", "MI", 20121, 20162, "015", "02", 30),
    ("Sesto San Giovanni", "MI", 20099, 20099, "015", "02", 2),
    ("Legnano", "MI", 20025, 20025, "015", "0331", 1),
    ("Rho", "MI", 20017, 20017, "015", "02", 1),
    ("Brescia", "BS", 25121, 25136, "017", "030", 10),
    ("Lumezzane", "BS", 25065, 25065, "017", "030", 1),
    ("Desenzano del Garda", "BS", 25015, 25015, "017", "030", 1),
    ("Bergamo", "BG", 24121, 24129, "016", "035", 9),
    ("Dalmine", "BG", 24044, 24044, "016", "035", 2),
    ("Seriate", "BG", 24068, 24068, "016", "035", 1),
    ("Monza", "MB", 20900, 20900, "015", "039", 5),
    ("Agrate Brianza", "MB", 20864, 20864, "015", "039", 1),
    ("Vimercate", "MB", 20871, 20871, "015", "039", 1),
    ("Como", "CO", 22100, 22100, "013", "031", 4),
    ("Cantù", "CO", 22063, 22063, "013", "031", 1),
    ("Varese", "VA", 21100, 21100, "012", "0332", 4),
    ("Busto Arsizio", "VA", 21052, 21052, "012", "0331", 2),
    ("Saronno", "VA", 21047, 21047, "012", "02", 1),
    ("Pavia", "PV", 27100, 27100, "018", "0382", 3),
    ("Vigevano", "PV", 27029, 27029, "018", "0381", 1),
    ("Cremona", "CR", 26100, 26100, "019", "0372", 2),
    ("Crema", "CR", 26013, 26013, "019", "0373", 1),
    ("Lecco", "LC", 23900, 23900, "097", "0341", 3),
    ("Lodi", "LO", 26900, 26900, "098", "0371", 2),
    ("Sondrio", "SO", 23100, 23100, "014", "0342", 1),
    ("Mantova", "MN", 46100, 46100, "020", "0376", 2),
)

# city, province, first CAP, last CAP, VAT office, phone prefix, region, NUTS-2
_OTHER_REGIONS: tuple[tuple[str, str, int, int, str, str, str, str], ...] = (
    ("Torino", "TO", 10121, 10156, "001", "011", "Piemonte", "ITC1"),
    ("Novara", "NO", 28100, 28100, "003", "0321", "Piemonte", "ITC1"),
    ("Bologna", "BO", 40121, 40141, "037", "051", "Emilia-Romagna", "ITH5"),
    ("Piacenza", "PC", 29121, 29122, "033", "0523", "Emilia-Romagna", "ITH5"),
    ("Modena", "MO", 41121, 41126, "036", "059", "Emilia-Romagna", "ITH5"),
    ("Verona", "VR", 37121, 37142, "023", "045", "Veneto", "ITH3"),
    ("Padova", "PD", 35121, 35143, "028", "049", "Veneto", "ITH3"),
    ("Vicenza", "VI", 36100, 36100, "024", "0444", "Veneto", "ITH3"),
)

_STREETS = (
    "Via Roma",
    "Via Garibaldi",
    "Via Mazzini",
    "Via Cavour",
    "Via Dante",
    "Via Matteotti",
    "Via dell'Industria",
    "Via dell'Artigianato",
    "Via Leonardo da Vinci",
    "Via Alessandro Volta",
    "Via Kennedy",
    "Viale Europa",
    "Via Tortona",
    "Via Bergognone",
    "Viale Monza",
    "Via Galileo Galilei",
    "Via Enrico Fermi",
    "Via dei Mille",
    "Corso Italia",
    "Via Guglielmo Marconi",
    "Via Nazionale",
    "Via San Francesco",
    "Via del Lavoro",
    "Via Antonio Meucci",
    "Via Papa Giovanni XXIII",
    "Viale Lombardia",
    "Via Torricelli",
    "Via delle Valli",
    "Via Lecco",
    "Via Bergamo",
    "Via Brescia",
    "Via Ticino",
)

_SURNAMES = (
    "Brambilla",
    "Colombo",
    "Ferrari",
    "Bianchi",
    "Galbiati",
    "Sala",
    "Villa",
    "Fumagalli",
    "Cattaneo",
    "Rossi",
    "Riva",
    "Mauri",
    "Redaelli",
    "Longoni",
    "Crippa",
    "Pozzi",
    "Bonfanti",
    "Mariani",
    "Ghezzi",
    "Sironi",
    "Beretta",
    "Bassi",
    "Frigerio",
    "Pirovano",
    "Radaelli",
    "Bertolini",
    "Gatti",
    "Moretti",
    "Lombardi",
    "Barbieri",
    "Zanetti",
    "Bergamaschi",
    "Locatelli",
    "Rota",
    "Pesenti",
    "Cortesi",
    "Gusmini",
    "Belotti",
    "Invernizzi",
    "Rigamonti",
    "Tagliabue",
    "Meroni",
    "Terraneo",
    "Pagani",
    "Sormani",
    "Arrigoni",
    "Ceruti",
    "Scotti",
    "Maffi",
    "Bonomi",
    "Zanardelli",
    "Bettoni",
    "Facchetti",
    "Ghidini",
    "Gnutti",
    "Ferrario",
    "Corbetta",
    "Vergani",
    "Molteni",
    "Nava",
    "Perego",
    "Gironi",
    "Lissoni",
    "Confalonieri",
)

_FIRST_NAMES = (
    "Marco",
    "Giulia",
    "Luca",
    "Francesca",
    "Alessandro",
    "Chiara",
    "Andrea",
    "Sara",
    "Matteo",
    "Elena",
    "Davide",
    "Federica",
    "Paolo",
    "Silvia",
    "Stefano",
    "Laura",
    "Giorgio",
    "Valentina",
    "Roberto",
    "Martina",
    "Simone",
    "Anna",
    "Francesco",
    "Elisa",
    "Lorenzo",
    "Alessia",
    "Riccardo",
    "Ilaria",
    "Nicolò",
    "Beatrice",
    "Fabio",
    "Cristina",
    "Massimo",
    "Paola",
    "Gianluca",
    "Daniela",
    "Emanuele",
    "Lucia",
    "Pietro",
    "Noemi",
    "Tommaso",
    "Greta",
)

# Feminine roots agree with the regional adjectives ("Energia Lombarda").
_FEMININE_ROOTS = (
    "Energia",
    "Termotecnica",
    "Fotovoltaica",
    "Geotermia",
    "Eolica",
    "Domotica",
    "Automazione",
    "Elettronica",
    "Ingegneria",
    "Illuminazione",
    "Elettromeccanica",
    "Cogenerazione",
    "Impiantistica",
    "Climatizzazione",
    "Idraulica",
)
_ROOTS = _FEMININE_ROOTS + (
    "Solare",
    "Idrogeno",
    "Impianti",
    "Smart Grid",
    "Biogas",
    "Efficienza Energetica",
    "Bioenergie",
    "Teleriscaldamento",
    "Servizi Energetici",
    "Materiali Avanzati",
    "Recuperi",
    "Termoidraulica",
    "Storage",
    "Clima",
    "Filtrazione",
    "Sistemi Ambientali",
    "Depurazione",
)
_ADJECTIVES = (
    "Lombarda",
    "Padana",
    "Insubrica",
    "Orobica",
    "Brianzola",
    "Bresciana",
    "Bergamasca",
    "Comasca",
    "Lariana",
    "Milanese",
    "Italiana",
    "Alpina",
    "Cremonese",
    "Lodigiana",
    "Pavese",
    "Mantovana",
    "Varesina",
    "del Nord",
    "del Garda",
    "del Ticino",
    "dell'Adda",
)
_BRAND_PREFIXES = (
    "Ener",
    "Green",
    "Eco",
    "Thermo",
    "Hydro",
    "Volt",
    "Sol",
    "Aqua",
    "Geo",
    "Bio",
    "Clean",
    "Smart",
    "Circular",
    "Helio",
    "Carbon",
    "Air",
)
_BRAND_SUFFIXES = (
    "Tech",
    "Volt",
    "Lab",
    "Sistemi",
    "Solutions",
    "Power",
    "Watt",
    "Grid",
    "Loop",
    "Italia",
    "Engineering",
    "Energy",
    "Systems",
    "Innovation",
)
_ACCENTED_NAMES = (
    "Città Verde S.r.l.",
    "Qualità Energia S.r.l.",
    "Mobilità Sostenibile Lombarda S.r.l.",
    "Efficienza & Sostenibilità S.r.l.",
    "Nicolò Brambilla & Figli S.n.c.",
    "Attività Termiche Canturine S.r.l.",
)

_NACE_COMPANY = (
    "35.11",
    "35.14",
    "35.30",
    "43.21",
    "43.22",
    "71.12",
    "27.11",
    "27.12",
    "28.25",
    "62.01",
    "72.19",
    "38.32",
    "36.00",
    "27.90",
    "33.14",
    "26.51",
    "25.11",
    "20.59",
    "70.22",
    "28.11",
    "74.90",
    "39.00",
)

_COMPANY_ROLES = (
    "Amministratore Delegato",
    "Responsabile R&D",
    "Direttore Tecnico",
    "Responsabile Innovazione",
    "Responsabile Commerciale",
    "Titolare",
    "Project Manager",
    "Responsabile Sostenibilità",
    "Energy Manager",
    "Responsabile Qualità e Ambiente",
)
_RESEARCH_ROLES = (
    "Professore Ordinario",
    "Professore Associato",
    "Ricercatore",
    "Responsabile Ufficio Progetti",
    "Delegato del Rettore al Trasferimento Tecnologico",
    "Direttore di Dipartimento",
)
_PUBLIC_ROLES = (
    "Dirigente Settore Ambiente ed Energia",
    "Energy Manager",
    "Assessore all'Ambiente",
    "Funzionario Ufficio Europa",
)
_ASSOCIATION_ROLES = ("Direttore", "Segretario Generale", "Responsabile Area Energia", "Presidente")
_BANK_ROLES = (
    "Responsabile Corporate Banking",
    "Responsabile Finanza Agevolata",
    "Responsabile ESG",
)

_LEAVE_REASONS = (
    "Cessazione dell'attività",
    "Riorganizzazione aziendale",
    "Mancato rinnovo della quota",
    "Fusione per incorporazione",
    "Cambio di strategia aziendale",
    "Costi non sostenibili",
    "Trasferimento della sede fuori regione",
)


@dataclass(frozen=True)
class _Institution:
    name: str
    org_type: OrgType
    city: str
    address: str
    postcode: str
    domain: str
    legal_name: str | None = None
    nace: str | None = None
    founder: bool = False
    has_vat: bool = True


_RESEARCH = (
    _Institution(
        "Politecnico di Milano",
        OrgType.UNIVERSITY,
        "Milano",
        "Piazza Leonardo da Vinci 32",
        "20133",
        "polimi.it",
        nace="85.42",
        founder=True,
    ),
    _Institution(
        "Università degli Studi di Milano-Bicocca",
        OrgType.UNIVERSITY,
        "Milano",
        "Piazza dell'Ateneo Nuovo 1",
        "20126",
        "unimib.it",
        nace="85.42",
    ),
    _Institution(
        "Università degli Studi di Brescia",
        OrgType.UNIVERSITY,
        "Brescia",
        "Piazza del Mercato 15",
        "25121",
        "unibs.it",
        nace="85.42",
        founder=True,
    ),
    _Institution(
        "Università degli Studi di Pavia",
        OrgType.UNIVERSITY,
        "Pavia",
        "Strada Nuova 65",
        "27100",
        "unipv.it",
        nace="85.42",
    ),
    _Institution(
        "RSE - Ricerca sul Sistema Energetico",
        OrgType.RESEARCH_ORG,
        "Milano",
        "Via Raffaele Rubattino 54",
        "20134",
        "rse-web.it",
        legal_name="Ricerca sul Sistema Energetico - RSE S.p.A.",
        nace="72.19",
        founder=True,
    ),
    _Institution(
        "CNR-ICMATE",
        OrgType.RESEARCH_ORG,
        "Milano",
        "Via Roberto Cozzi 53",
        "20125",
        "icmate.cnr.it",
        legal_name="Consiglio Nazionale delle Ricerche - Istituto di Chimica della "
        "Materia Condensata e di Tecnologie per l'Energia",
        nace="72.19",
    ),
    _Institution(
        "ENEA - Centro Ricerche Ispra",
        OrgType.RESEARCH_ORG,
        "Ispra",
        "Via Enrico Fermi 2749",
        "21027",
        "enea.it",
        legal_name="Agenzia nazionale per le nuove tecnologie, l'energia e lo sviluppo "
        "economico sostenibile",
        nace="72.19",
    ),
    _Institution(
        "Polo Tecnologico Energia Brianza",
        OrgType.TECHNOLOGY_CENTRE,
        "Vimercate",
        "Via Torri Bianche 9",
        "20871",
        "poloenergiabrianza.it",
        legal_name="Polo Tecnologico Energia Brianza S.c.a r.l.",
        nace="72.19",
    ),
)

_PUBLIC = (
    _Institution(
        "Comune di Milano",
        OrgType.PUBLIC_BODY,
        "Milano",
        "Piazza della Scala 2",
        "20121",
        "comune.milano.it",
        nace="84.11",
        founder=True,
    ),
    _Institution(
        "Comune di Brescia",
        OrgType.PUBLIC_BODY,
        "Brescia",
        "Piazza della Loggia 1",
        "25121",
        "comune.brescia.it",
        nace="84.11",
    ),
    _Institution(
        "Comune di Bergamo",
        OrgType.PUBLIC_BODY,
        "Bergamo",
        "Piazza Matteotti 27",
        "24122",
        "comune.bergamo.it",
        nace="84.11",
    ),
    _Institution(
        "Provincia di Lodi",
        OrgType.PUBLIC_BODY,
        "Lodi",
        "Via Fanfulla 14",
        "26900",
        "provincia.lodi.it",
        nace="84.11",
    ),
    _Institution(
        "Camera di Commercio di Milano Monza Brianza Lodi",
        OrgType.PUBLIC_BODY,
        "Milano",
        "Via Meravigli 9/b",
        "20123",
        "milomb.camcom.it",
        nace="84.13",
    ),
)

_ASSOCIATIONS = (
    _Institution(
        "Assolombarda",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Pantano 9",
        "20122",
        "assolombarda.it",
        legal_name="Assolombarda Confindustria Milano Monza e Brianza",
        nace="94.11",
        founder=True,
    ),
    _Institution(
        "Confindustria Lombardia",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Pantano 9",
        "20122",
        "confindustria.lombardia.it",
        nace="94.11",
    ),
    _Institution(
        "Confindustria Brescia",
        OrgType.ASSOCIATION,
        "Brescia",
        "Via Cefalonia 60",
        "25124",
        "confindustriabrescia.it",
        nace="94.11",
    ),
    _Institution(
        "Confindustria Bergamo",
        OrgType.ASSOCIATION,
        "Bergamo",
        "Via Camozzi 70",
        "24121",
        "confindustriabergamo.it",
        nace="94.11",
    ),
    _Institution(
        "Confartigianato Lombardia",
        OrgType.ASSOCIATION,
        "Milano",
        "Viale Vittorio Veneto 16/A",
        "20124",
        "confartigianato.lombardia.it",
        nace="94.11",
    ),
    _Institution(
        "CNA Lombardia",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Ugo Foscolo 3",
        "20121",
        "cnalombardia.it",
        nace="94.11",
    ),
    _Institution(
        "Legambiente Lombardia",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Bono Cairoli 22",
        "20127",
        "legambiente.lombardia.it",
        legal_name="Legambiente Lombardia APS",
        nace="94.99",
        has_vat=False,
    ),
    _Institution(
        "Fondazione Politecnico di Milano",
        OrgType.ASSOCIATION,
        "Milano",
        "Piazza Leonardo da Vinci 32",
        "20133",
        "fondazione.polimi.it",
        nace="72.19",
    ),
    _Institution(
        "Fondazione Lombardia per l'Ambiente",
        OrgType.ASSOCIATION,
        "Milano",
        "Largo 10 Luglio 1976 1",
        "20822",
        "flanet.org",
        nace="94.99",
        has_vat=False,
    ),
    _Institution(
        "ANIE Energia",
        OrgType.ASSOCIATION,
        "Milano",
        "Viale Vincenzo Lancetti 43",
        "20158",
        "anienergia.it",
        legal_name="ANIE Energia - Federazione ANIE",
        nace="94.12",
    ),
    _Institution(
        "Consorzio Italiano Biogas",
        OrgType.ASSOCIATION,
        "Lodi",
        "Viale Dante Alighieri 4",
        "26900",
        "consorziobiogas.it",
        nace="94.11",
    ),
    _Institution(
        "CTI - Comitato Termotecnico Italiano",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Scarlatti 29",
        "20124",
        "cti2000.it",
        legal_name="Comitato Termotecnico Italiano Energia e Ambiente",
        nace="71.20",
    ),
    _Institution(
        "Consorzio Milano Ricerche",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Roberto Cozzi 53",
        "20125",
        "milanoricerche.it",
        nace="72.19",
    ),
    _Institution(
        "Distretto Green & High-Tech Monza Brianza",
        OrgType.ASSOCIATION,
        "Monza",
        "Via Enrico Fermi 10",
        "20900",
        "dghtmb.it",
        nace="94.11",
    ),
    _Institution(
        "Consorzio Energia Veneto",
        OrgType.ASSOCIATION,
        "Verona",
        "Via Antonio Pacinotti 4/B",
        "37135",
        "consorziocev.it",
        nace="35.14",
    ),
)

_FORMER_ASSOCIATION = _Institution(
    "Associazione Energy Manager Lombardi",
    OrgType.ASSOCIATION,
    "Milano",
    "Via Lepetit 8",
    "20124",
    "energymanagerlombardi.it",
    nace="94.12",
)

# name, city, domain, size figures kind, category
_BANKS = (
    ("Banca Sostenibile Italiana S.p.A.", "Milano", "bancasostenibile.it", "large_bank"),
    ("Banca Popolare del Lario S.p.A.", "Como", "popolarelario.it", "large_bank"),
    ("BCC dell'Adda e del Cremasco", "Crema", "bccaddacremasco.it", "medium_bank"),
    ("Credito Valtrompia S.p.A.", "Lumezzane", "creditovaltrompia.it", "small_bank"),
)

_EXTERNAL_PARTNERS = (
    ("Tenerrdis", "FR"),
    ("Clúster de l'Energia Eficient de Catalunya", "ES"),
    ("Business Upper Austria - OÖ Wirtschaftsagentur GmbH", "AT"),
    ("Energy Cluster Denmark", "DK"),
    ("Cleantech Bavaria e.V.", "DE"),
    ("Fraunhofer-Institut für Solare Energiesysteme ISE", "DE"),
    ("VTT Technical Research Centre of Finland Ltd", "FI"),
    ("Flux50", "BE"),
    ("SUPSI - Scuola universitaria professionale della Svizzera italiana", "CH"),
    ("Fondazione AGIRE", "CH"),
    ("Energieinstitut Vorarlberg", "AT"),
    ("Auvergne-Rhône-Alpes Énergie Environnement", "FR"),
    ("KSSENA", "SI"),
    ("Hydrogen Europe Research", "BE"),
    ("SINTEF AS", "NO"),
    ("TECNALIA", "ES"),
    ("Fondazione Bruno Kessler", "IT"),
    ("Agenzia per l'Energia del Friuli Venezia Giulia", "IT"),
    ("Pannon Business Network", "HU"),
    ("Moravian-Silesian Energy Centre", "CZ"),
)

_EXTERNAL_PEOPLE_ORGS = (
    "Studio Tecnico Associato Ferri",
    "Comune di Cinisello Balsamo",
    "Energy Lab Torino S.r.l.",
    "Università degli Studi di Bergamo",
    "Fondazione Cariplo",
    "ERSAF Lombardia",
    "ARPA Lombardia",
    "Agenzia InnovaFVG",
    "Gruppo Acquedotti Alto Milanese S.p.A.",
    "Edilizia Brianza S.r.l.",
    "Ordine degli Ingegneri di Milano",
    "Start-up Hydrogenia S.r.l.",
    "Enterprise Europe Network - Lombardia",
    "ICE - Agenzia per la promozione all'estero",
)

# code, name, Italian description, pillar codes, meetings per year
_AREAS = (
    (
        "SES",
        "Smart Energy Systems",
        "Reti intelligenti, accumuli, comunità energetiche rinnovabili e flessibilità.",
        ("P1", "P2", "P4"),
        6,
    ),
    (
        "SM",
        "Sustainable Manufacturing",
        "Efficienza energetica e recupero di calore nei processi produttivi.",
        ("P1", "P3", "P4"),
        5,
    ),
    (
        "GB",
        "Green Building",
        "Riqualificazione energetica degli edifici, pompe di calore e materiali.",
        ("P1", "P4"),
        4,
    ),
    (
        "WEN",
        "Water-Energy Nexus",
        "Efficienza del servizio idrico integrato e recupero energetico da fanghi.",
        ("P3", "P1"),
        3,
    ),
    (
        "CA",
        "Clean Air",
        "Qualità dell'aria, mobilità a basse emissioni e monitoraggio delle emissioni.",
        ("P1", "P2"),
        3,
    ),
    (
        "CE",
        "Circular Economy",
        "Simbiosi industriale, riciclo dei materiali e riuso dei componenti energetici.",
        ("P3",),
        4,
    ),
)

_AREA_TOPICS: dict[str, tuple[str, ...]] = {
    "SES": (
        "comunità energetiche rinnovabili",
        "accumuli elettrochimici",
        "flessibilità della rete elettrica",
        "smart metering",
    ),
    "SM": (
        "efficienza energetica nei processi industriali",
        "recupero di calore di scarto",
        "elettrificazione del calore di processo",
        "diagnosi energetiche",
    ),
    "GB": (
        "riqualificazione energetica degli edifici",
        "pompe di calore",
        "BIM ed efficienza energetica",
        "edifici a energia quasi zero",
    ),
    "WEN": (
        "efficienza nel servizio idrico integrato",
        "recupero energetico dai fanghi",
        "riuso delle acque industriali",
    ),
    "CA": (
        "qualità dell'aria e mobilità elettrica",
        "monitoraggio delle emissioni",
        "riscaldamento a biomassa a basse emissioni",
    ),
    "CE": (
        "simbiosi industriale",
        "riciclo dei moduli fotovoltaici",
        "seconda vita delle batterie",
        "materie prime seconde",
    ),
}

# code, name, Italian description, two objectives (title, KPI name, unit, start target, step)
_PILLARS: tuple[tuple[str, str, str, tuple[tuple[str, str, str, int, int], ...]], ...] = (
    (
        "P1",
        "CO2 reduction",
        "Riduzione CO2: accompagnare i soci verso la decarbonizzazione dei processi e degli "
        "edifici.",
        (
            (
                "Cut emissions through members' efficiency projects",
                "CO2 avoided by cluster projects",
                "t CO2/year",
                4_000,
                1_500,
            ),
            ("Support energy audits in member SMEs", "Energy audits supported", "audits", 12, 4),
        ),
    ),
    (
        "P2",
        "Hydrogen",
        "Idrogeno: costruire una filiera lombarda dell'idrogeno verde (hydrogen valley).",
        (
            (
                "Build a Lombard hydrogen valley",
                "Hydrogen project proposals submitted",
                "proposals",
                2,
                1,
            ),
            (
                "Grow the hydrogen value chain among members",
                "Members active in hydrogen",
                "members",
                8,
                3,
            ),
        ),
    ),
    (
        "P3",
        "Industrial symbiosis",
        "Simbiosi industriale: scambi di materia ed energia tra imprese dei distretti lombardi.",
        (
            ("Broker material and energy exchanges", "Exchanges brokered", "exchanges", 5, 3),
            ("Valorise industrial by-products", "By-products valorised", "t/year", 1_200, 600),
        ),
    ),
    (
        "P4",
        "Digitalisation",
        "Digitalizzazione: strumenti digitali per la gestione dell'energia nelle PMI.",
        (
            ("Digital energy management in SMEs", "SMEs supported", "SMEs", 10, 5),
            ("Digital twin pilots with members", "Pilots started", "pilots", 1, 1),
        ),
    ),
)

_ACTIVITY_WEIGHTS: tuple[tuple[ActivityType, int], ...] = (
    (ActivityType.NETWORKING, 15),
    (ActivityType.MATCHMAKING, 10),
    (ActivityType.TRAINING, 18),
    (ActivityType.INTERNATIONALISATION, 8),
    (ActivityType.INFO_DAY, 12),
    (ActivityType.B2B, 8),
    (ActivityType.CONFERENCE, 5),
    (ActivityType.WORKSHOP, 22),
)
_MISSIONS = (
    "Bruxelles",
    "Barcellona",
    "Rotterdam",
    "Lione",
    "Monaco di Baviera",
    "Vienna",
    "Copenaghen",
    "Lugano",
    "Stoccarda",
    "Helsinki",
)
_FAIRS = (
    "Key Energy (Rimini)",
    "Ecomondo (Rimini)",
    "MCE - Mostra Convegno Expocomfort (Milano)",
    "Intersolar Europe (Monaco di Baviera)",
    "Hannover Messe",
    "Hydrogen Expo (Piacenza)",
    "Enlit Europe",
)
_LOCATIONS = (
    "Milano, sede del Cluster",
    "Politecnico di Milano, Campus Bovisa",
    "Online",
    "Brescia, Camera di Commercio",
    "Bergamo, Kilometro Rosso",
    "Monza, Villa Reale",
    "Milano, Palazzo Lombardia",
    "Pavia, Università - Aula Foscolo",
    "Como, ComoNExT",
    "Lecco, Polo territoriale del Politecnico",
)
_PROGRAMME_INFO = (
    "Horizon Europe",
    "LIFE",
    "Interreg Italia-Svizzera",
    "PR FESR Lombardia 2021-2027",
    "Interreg Alpine Space",
    "Interreg Central Europe",
    "Innovation Fund",
)

_OUTLETS: tuple[tuple[str, MediaScope, str | None], ...] = (
    ("Il Sole 24 Ore", MediaScope.NATIONAL, "ilsole24ore.com"),
    ("Corriere della Sera - Milano", MediaScope.REGIONAL, "milano.corriere.it"),
    ("Il Giorno", MediaScope.REGIONAL, "ilgiorno.it"),
    ("Giornale di Brescia", MediaScope.LOCAL, "giornaledibrescia.it"),
    ("L'Eco di Bergamo", MediaScope.LOCAL, "ecodibergamo.it"),
    ("QualEnergia.it", MediaScope.NATIONAL, "qualenergia.it"),
    ("Rinnovabili.it", MediaScope.NATIONAL, "rinnovabili.it"),
    ("Staffetta Quotidiana", MediaScope.NATIONAL, "staffettaonline.com"),
    ("EURACTIV", MediaScope.INTERNATIONAL, "euractiv.com"),
    ("ECCP News", MediaScope.INTERNATIONAL, "clustercollaboration.eu"),
    ("TGR Lombardia (RAI)", MediaScope.REGIONAL, None),
    ("Radio Popolare", MediaScope.LOCAL, None),
)
_MEDIA_TITLES = (
    "Il Cluster Energia e Cleantech presenta il rapporto annuale {year}",
    "Idrogeno verde: la Lombardia punta sulla hydrogen valley",
    "Comunità energetiche, il Cluster lancia lo sportello per i Comuni",
    "Simbiosi industriale: {n} imprese lombarde scambiano calore e materiali",
    "Cleantech lombardo in missione a {city}",
    "Efficienza energetica nelle PMI: i risultati del progetto {acronym}",
    "Lombardy cleantech cluster wins EU funding for {acronym}",
    "Intervista al cluster manager: «Le PMI sono il motore della transizione»",
    "Formazione green: {n} tecnici formati dal Cluster nel {year}",
    "Il Cluster rinnova il Gold Label europeo per l'eccellenza gestionale",
    "Qualità dell'aria: nuove tecnologie di filtrazione dalle imprese del Cluster",
    "Edifici a energia quasi zero: le soluzioni delle imprese lombarde",
)


# =========================================================================== small helpers


def italian_vat(rng: random.Random, office: str, used: set[str]) -> str:
    """A new valid-checksum Italian VAT number ``IT`` + 11 digits, not in *used* (added to it).

    Digits 1-7 are the company number, 8-10 the provincial office (e.g. 015 Milano, 017
    Brescia, 016 Bergamo) and the last one the Luhn check digit, as ``stdnum.it.iva`` checks.
    """
    while True:
        base = f"{rng.randint(1_000_000, 9_999_999)}{office}"
        vat = "IT" + base + luhn.calc_check_digit(base)
        if vat not in used:
            used.add(vat)
            return vat


def _nonprofit_fiscal_code(rng: random.Random, office: str, used: set[str]) -> str:
    """An 11-digit codice fiscale of a non-commercial entity (starts with 97 or 80)."""
    while True:
        base = f"{rng.choice(('97', '80'))}{rng.randint(10_000, 99_999)}{office}"
        code = base + luhn.calc_check_digit(base)
        if code not in used:
            used.add(code)
            return code


def _between(rng: random.Random, start: date, end: date) -> date:
    """A random day from *start* to *end* inclusive (*start* when the range is empty)."""
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=rng.randint(0, span))


def _round_to(value: float, step: int) -> Decimal:
    return Decimal(int(round(value / step)) * step)


def _awu(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def _slug(text: str, limit: int = 24) -> str:
    folded = fold_for_search(text)
    for form in (" s.p.a.", " s.r.l.s.", " s.r.l.", " soc. coop.", " s.n.c.", " s.c.a r.l."):
        folded = folded.replace(form, "")
    return re.sub(r"[^a-z0-9]+", "", folded)[:limit] or "info"


def _email_name(first: str, last: str) -> str:
    return f"{_slug(first, 30)}.{_slug(last, 30)}"


def _personal_email(first: str, last: str, domain: str) -> str:
    """An invented person's address that can never reach a real mailbox.

    Demo organisations keep their real public web domains, but the people are invented: their
    addresses use the reserved ``.example`` top-level domain (RFC 2606), so a demo database
    used to try a mailing cannot write to a real person who shares the invented name.
    """
    return f"{_email_name(first, last)}@{domain.rsplit('.', 1)[0]}.example"


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _weighted_sample(
    rng: random.Random, items: Sequence[Any], weights: Sequence[float], k: int
) -> list[Any]:
    """*k* distinct items drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    if k >= len(items):
        return list(items)
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [items[i] for _key, i in keyed[:k]]


def _phone(rng: random.Random, prefix: str) -> str:
    digits = 10 - len(prefix)
    return f"+39 {prefix} {rng.randint(10 ** (digits - 1), 10**digits - 1)}"


def _mobile(rng: random.Random) -> str:
    return f"+39 3{rng.randint(20, 49)} {rng.randint(1_000_000, 9_999_999)}"


def _lombard_place(rng: random.Random, city: str | None = None) -> _Place:
    if city is None:
        row = rng.choices(_LOMBARDY, weights=[r[6] for r in _LOMBARDY])[0]
    else:
        row = next(r for r in _LOMBARDY if r[0] == city)
    name, province, first, last, office, phone, _weight = row
    return _Place(name, province, str(rng.randint(first, last)), office, phone)


def _other_place(rng: random.Random, city: str | None = None) -> _Place:
    row = (
        rng.choice(_OTHER_REGIONS)
        if city is None
        else next(r for r in _OTHER_REGIONS if r[0] == city)
    )
    name, province, first, last, office, phone, region, nuts2 = row
    return _Place(name, province, str(rng.randint(first, last)), office, phone, region, nuts2)


def _place_for(city: str, postcode: str) -> _Place:
    for row in _LOMBARDY:
        if row[0] == city:
            return _Place(city, row[1], postcode, row[4], row[5])
    for other in _OTHER_REGIONS:
        if other[0] == city:
            return _Place(city, other[1], postcode, other[4], other[5], other[6], other[7])
    if city == "Ispra":
        return _Place("Ispra", "VA", postcode, "012", "0332")
    raise ValueError(f"unknown demo city {city}")


def _check_today(today: date | None) -> date:
    day = today or date.today()
    if day < EARLIEST_TODAY:
        raise WorkbenchError(f"Demo data needs a date from {EARLIEST_TODAY} on (got {day}).")
    return day


def _refuse_non_empty(session: Session) -> None:
    orgs = session.scalar(select(func.count(Organisation.id))) or 0
    profiles = session.scalar(select(func.count(ClusterProfile.id))) or 0
    if orgs or profiles:
        raise WorkbenchError(NOT_EMPTY_MESSAGE)


def _summary(session: Session, today: date, years: Sequence[int]) -> DemoSummary:
    def count(column: Any) -> int:
        return int(session.scalar(select(func.count(column))) or 0)

    on_day = (MembershipPeriod.join_date <= today) & (
        (MembershipPeriod.leave_date.is_(None)) | (MembershipPeriod.leave_date > today)
    )
    current = set(session.scalars(select(MembershipPeriod.organisation_id).where(on_day)))
    ever = set(session.scalars(select(MembershipPeriod.organisation_id).distinct()))
    companies = set(
        session.scalars(select(Organisation.id).where(Organisation.org_type == OrgType.COMPANY))
    )
    return DemoSummary(
        organisations=count(Organisation.id),
        members_now=len(current),
        former_members=len(ever - current),
        companies_now=len(current & companies),
        projects=count(Project.id),
        activities=count(Activity.id),
        activity_participants=count(ActivityParticipant.id),
        contacts=count(Contact.id),
        fees=count(Fee.id),
        size_data=count(SizeData.id),
        area_participations=count(AreaParticipation.id),
        staff=count(StaffMember.id),
        years=tuple(years),
    )


# =========================================================================== size figures

# staff, turnover and balance-sheet ranges that keep each class when drawn independently
_CLASS_RANGES: dict[
    SmeClass, tuple[tuple[float, float], tuple[float, float], tuple[float, float]]
] = {
    SmeClass.MICRO: ((1.0, 9.5), (80_000, 1_900_000), (50_000, 1_800_000)),
    SmeClass.SMALL: ((10.5, 48.0), (2_200_000, 9_500_000), (1_000_000, 9_000_000)),
    SmeClass.MEDIUM: ((52.0, 240.0), (11_000_000, 48_000_000), (8_000_000, 40_000_000)),
    SmeClass.LARGE: ((260.0, 2_500.0), (55_000_000, 900_000_000), (45_000_000, 1_100_000_000)),
}

# Explicit five-year series (staff, turnover M EUR, balance sheet M EUR), oldest year first.
_SERIES: dict[str, tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]] = {
    # small in the last two years: becomes small under the two-consecutive-years rule
    "grow_micro_small": (
        (6.5, 7.5, 9.0, 12.0, 14.5),
        (0.9, 1.2, 1.6, 2.4, 3.1),
        (0.6, 0.8, 1.1, 1.5, 1.9),
    ),
    # crosses the micro ceiling in the last year only: stays micro
    "grow_micro_once": (
        (5.0, 6.0, 7.5, 8.5, 11.0),
        (0.5, 0.6, 0.8, 0.95, 1.3),
        (0.3, 0.35, 0.45, 0.5, 0.7),
    ),
    "grow_small_medium": (
        (38.0, 42.0, 46.0, 55.0, 63.0),
        (7.0, 8.5, 9.6, 12.5, 14.0),
        (5.0, 6.0, 7.0, 9.5, 11.0),
    ),
    "shrink_medium_small": (
        (64.0, 60.0, 55.0, 46.0, 41.0),
        (14.0, 13.0, 12.0, 9.2, 8.4),
        (11.0, 10.8, 10.6, 8.0, 7.5),
    ),
    "partner": ((6.0, 6.5, 7.0, 7.0, 7.5), (1.1, 1.2, 1.3, 1.3, 1.4), (0.8, 0.85, 0.9, 0.9, 1.0)),
    "linked": (
        (28.0, 30.0, 31.0, 33.0, 34.0),
        (6.0, 6.5, 7.0, 7.4, 7.9),
        (4.0, 4.2, 4.5, 4.8, 5.0),
    ),
    "public": (
        (120.0, 124.0, 126.0, 130.0, 133.0),
        (30.0, 31.0, 33.0, 35.0, 36.0),
        (25.0, 26.0, 27.0, 28.0, 29.0),
    ),
    "override": (
        (22.0, 24.0, 25.0, 27.0, 28.0),
        (4.5, 4.8, 5.2, 5.6, 6.0),
        (3.0, 3.2, 3.4, 3.6, 3.8),
    ),
    "large_bank": (
        (900.0, 910.0, 930.0, 950.0, 960.0),
        (180.0, 185.0, 190.0, 205.0, 215.0),
        (6_500.0, 6_700.0, 6_900.0, 7_200.0, 7_400.0),
    ),
    "medium_bank": (
        (178.0, 181.0, 185.0, 186.0, 190.0),
        (38.0, 39.0, 41.0, 44.0, 46.0),
        (1_450.0, 1_500.0, 1_560.0, 1_610.0, 1_680.0),
    ),
    "small_bank": (
        (34.0, 35.0, 36.0, 36.0, 37.0),
        (7.6, 7.9, 8.1, 8.6, 8.9),
        (520.0, 540.0, 560.0, 590.0, 610.0),
    ),
}

_PATTERN_CLASS = {
    "grow_micro_small": SmeClass.SMALL,
    "grow_micro_once": SmeClass.MICRO,
    "grow_small_medium": SmeClass.MEDIUM,
    "shrink_medium_small": SmeClass.SMALL,
    "partner": SmeClass.SMALL,
    "linked": SmeClass.LARGE,
    "public": SmeClass.LARGE,
    "override": SmeClass.SMALL,
}


def _random_series(
    rng: random.Random, cls: SmeClass, count: int
) -> list[tuple[Decimal, Decimal, Decimal]]:
    """*count* years of figures that stay within *cls*, with plausible year-to-year drift."""
    (s_lo, s_hi), (t_lo, t_hi), (b_lo, b_hi) = _CLASS_RANGES[cls]
    staff = _log_uniform(rng, s_lo, s_hi)
    turnover = _log_uniform(rng, t_lo, t_hi)
    balance = min(_log_uniform(rng, b_lo, b_hi), turnover * rng.uniform(0.5, 1.6))
    balance = max(balance, b_lo)
    out: list[tuple[Decimal, Decimal, Decimal]] = []
    for _ in range(count):
        out.append((_awu(staff), _round_to(turnover, 1_000), _round_to(balance, 1_000)))
        staff = min(max(staff * rng.uniform(0.94, 1.08), s_lo), s_hi)
        turnover = min(max(turnover * rng.uniform(0.92, 1.11), t_lo), t_hi)
        balance = min(max(balance * rng.uniform(0.96, 1.07), b_lo), b_hi)
    return out


def _pattern_series(
    rng: random.Random, pattern: str, count: int
) -> list[tuple[Decimal, Decimal, Decimal]]:
    staff, turnover, balance = _SERIES[pattern]
    offset = len(staff) - count
    out = []
    for i in range(offset, len(staff)):
        jitter = rng.uniform(0.985, 1.015)
        out.append(
            (
                _awu(staff[i]),
                _round_to(turnover[i] * 1e6 * jitter, 1_000),
                _round_to(balance[i] * 1e6 * jitter, 1_000),
            )
        )
    return out


# =========================================================================== the demo


@dataclass
class _Period:
    join: date
    leave: date | None = None
    reason: str | None = None
    category: str = "ordinario"
    signed: bool = True


@dataclass
class _OrgSpec:
    name: str
    org_type: OrgType
    place: _Place
    legal_name: str | None = None
    pattern: str | None = None  # size pattern: a class value, a _SERIES key or None (no data)
    has_vat: bool = True
    domain: str | None = None
    address: str | None = None
    nace: str | None = None
    founder: bool = False
    periods: list[_Period] = field(default_factory=list)
    propensity: float = 1.0  # how often the organisation takes part in activities
    org: Organisation | None = None
    figures: list[sme.YearFigures] = field(default_factory=list)

    def member_on(self, day: date) -> bool:
        return any(p.join <= day and (p.leave is None or p.leave > day) for p in self.periods)

    def member_in_year(self, year: int) -> bool:
        first, last = date(year, 1, 1), date(year, 12, 31)
        return any(p.join <= last and (p.leave is None or p.leave > first) for p in self.periods)

    @property
    def first_join(self) -> date:
        return self.periods[0].join

    @property
    def last_leave(self) -> date | None:
        return self.periods[-1].leave


@dataclass(frozen=True)
class _StaffSpec:
    name: str
    role: str
    fte: str
    start: date
    end: date | None
    degree: str
    experience: int
    languages: str
    training: str


class _DemoBuilder:
    """Builds the demo cluster into one session; every random draw comes from ``self.rng``."""

    def __init__(self, session: Session, seed: int, today: date, progress: Progress | None) -> None:
        self.s = session
        self.rng = random.Random(seed)
        self.today = today
        self.year = today.year
        self.years = list(range(self.year - YEARS_OF_HISTORY + 1, self.year + 1))
        self.progress = progress
        self.used_vats: set[str] = set()
        self.used_codes: set[str] = set()
        self.used_names: set[str] = set()
        self.specs: list[_OrgSpec] = []
        self.areas: dict[str, CompetenceArea] = {}
        self.pillars: dict[str, StrategicPillar] = {}
        self.staff: list[_StaffSpec] = []
        self.projects: list[Project] = []
        self.fees_paid: dict[int, Decimal] = {}

    # ------------------------------------------------------------------ driver

    def run(self) -> None:
        steps: list[Callable[[], None]] = [
            self.profile,
            self.strategy,
            self.organisations,
            self.write_organisations,
            self.participations,
            self.contact_log,
            self.projects_,
            self.activities,
            self.finances,
            self.recognition,
        ]
        for done, step in enumerate(steps, start=1):
            step()
            self.s.flush()
            if self.progress is not None:
                self.progress(done, len(steps))

    def _day(
        self, year: int, start: tuple[int, int] = (1, 1), end: tuple[int, int] = (12, 31)
    ) -> date:
        """A random day of *year*, never after today."""
        first = date(year, *start)
        last = min(date(year, *end), self.today)
        return _between(self.rng, first, last)

    # ------------------------------------------------------------------ profile

    def profile(self) -> None:
        y = self.year
        self.s.add(
            ClusterProfile(
                id=1,
                name="Cluster Lombardo Energia e Cleantech",
                legal_name="Associazione Cluster Lombardo Energia e Cleantech",
                vat=italian_vat(self.rng, "015", self.used_vats),
                founding_date=FOUNDING_DATE,
                sector="Energy and cleantech",
                nuts2="ITC4",
                region_name="Lombardia",
                country="IT",
                address="Via Pietro Custodi 6, 20136 Milano (MI)",
                website="https://www.clusterenergialombardia.it",
                website_en="https://www.clusterenergialombardia.it/en",
                eccp_url="https://clustercollaboration.eu/cluster-organisations/"
                "cluster-lombardo-energia-e-cleantech",
                email="info@clusterenergialombardia.it",
                description=(
                    "Associazione che riunisce imprese, università, centri di ricerca ed enti "
                    "pubblici lombardi dell'energia e del cleantech. Lavora per aree di competenza "
                    "che incubano idee, progetti speciali e progetti finanziati."
                ),
                planned_yearly_budget=Decimal("480000"),
            )
        )
        # About two years ago and valid for two years: valid today, expiring in about 60 days.
        gold_assessed = self.today - timedelta(days=670)
        self.s.add_all(
            [
                Label(
                    level=LabelLevel.BRONZE,
                    body="ESCA",
                    assessment_date=date(2017, 5, 18),
                    valid_until=date(2019, 5, 18),
                    score=None,
                    notes="Benchmarking interview, 36 indicators.",
                ),
                Label(
                    level=LabelLevel.SILVER,
                    body="ESCA",
                    assessment_date=date(2019, 10, 10),
                    valid_until=date(2021, 10, 10),
                    score=None,
                    notes="Improvement areas: member services, financing mix, communication.",
                ),
                Label(
                    level=LabelLevel.GOLD,
                    body="ESCA",
                    assessment_date=gold_assessed,
                    valid_until=gold_assessed + timedelta(days=730),
                    score=Decimal("84.50"),
                    notes="Two assessors, two days on site; 29 of 31 indicators passed.",
                ),
            ]
        )
        self.staff = [
            _StaffSpec(
                "Giulia Ferrario",
                "Cluster Manager",
                "1.00",
                date(2012, 9, 3),
                None,
                "MSc Energy Engineering (Politecnico di Milano)",
                18,
                "Italian, English, French",
                "5.0",
            ),
            _StaffSpec(
                "Marco Bellini",
                "EU Project Manager",
                "1.00",
                date(2016, 2, 1),
                None,
                "PhD Environmental Engineering",
                12,
                "Italian, English, German",
                "6.0",
            ),
            _StaffSpec(
                "Chiara Rota",
                "Communication & Events Officer",
                "0.50",
                date(2019, 4, 15),
                None,
                "MA Communication Sciences",
                8,
                "Italian, English",
                "3.0",
            ),
            _StaffSpec(
                "Luca Pozzi",
                "Membership & Services Officer",
                "0.80",
                date(2018, 1, 8),
                date(y - 2, 6, 30),
                "MSc Management Engineering",
                6,
                "Italian, English",
                "2.0",
            ),
            _StaffSpec(
                "Sara Invernizzi",
                "Membership & Services Officer",
                "0.80",
                date(y - 2, 9, 1),
                None,
                "MSc Economics",
                4,
                "Italian, English, Spanish",
                "4.0",
            ),
            _StaffSpec(
                "Davide Sironi",
                "Internationalisation Officer",
                "0.60",
                date(y - 3, 3, 1),
                None,
                "MSc International Relations",
                7,
                "Italian, English, Spanish",
                "4.5",
            ),
        ]
        for st in self.staff:
            self.s.add(
                StaffMember(
                    name=st.name,
                    role=st.role,
                    fte=Decimal(st.fte),
                    start_date=st.start,
                    end_date=st.end,
                    degree=st.degree,
                    experience_years=st.experience,
                    languages=st.languages,
                    training_days=Decimal(st.training),
                )
            )

    # ------------------------------------------------------------------ strategy

    def strategy(self) -> None:
        rng = self.rng
        for code, name, description, objectives in _PILLARS:
            pillar = StrategicPillar(
                name=name, code=code, description=description, period_start=2021, period_end=2027
            )
            for title, kpi, unit, start, step in objectives:
                objective = PillarObjective(
                    title=title,
                    kpi_name=kpi,
                    kpi_unit=unit,
                    description=f"{kpi} ({unit}), 2021-2027.",
                )
                for year in self.years:
                    if year < 2021:
                        continue
                    target = start + step * (year - 2021)
                    ratio = rng.uniform(0.7, 1.18)
                    if year == self.year:  # the current year is still running
                        ratio *= max(self.today.timetuple().tm_yday / 366, 0.1)
                    actual = Decimal(str(round(target * ratio, 0 if target >= 10 else 1)))
                    objective.kpi_values.append(
                        KpiValue(year=year, target=Decimal(target), actual=actual)
                    )
                pillar.objectives.append(objective)
            self.pillars[code] = pillar
            self.s.add(pillar)
        coordinators = (
            "Prof. Marco Merlini (Politecnico di Milano)",
            "Ing. Paola Ghidini (Termotecnica Bresciana)",
            "Arch. Stefano Cortesi (Green building working group)",
            "Dott.ssa Laura Pesenti (Università degli Studi di Pavia)",
            "Ing. Roberto Sala (RSE)",
            "Dott. Andrea Ceruti (Confindustria Lombardia)",
        )
        for (code, name, description, pillar_codes, meetings), coordinator in zip(
            _AREAS, coordinators, strict=True
        ):
            area = CompetenceArea(
                name=name,
                code=code,
                description=description,
                coordinator=coordinator,
                meetings_per_year=meetings,
            )
            area.pillars = [self.pillars[p] for p in pillar_codes]
            self.areas[code] = area
            self.s.add(area)
        self.s.add_all(
            [
                GovernanceBody(
                    name="Assemblea dei soci",
                    seats_companies=108,
                    seats_research=8,
                    seats_public=5,
                    seats_other=19,
                    meetings_per_year=2,
                    notes="All members in good standing vote; approves budget and strategy.",
                ),
                GovernanceBody(
                    name="Consiglio direttivo",
                    seats_companies=6,
                    seats_research=2,
                    seats_public=1,
                    seats_other=2,
                    meetings_per_year=6,
                    notes="Elected every three years; at least half of the seats to SMEs.",
                ),
                GovernanceBody(
                    name="Comitato tecnico-scientifico",
                    seats_companies=3,
                    seats_research=5,
                    seats_public=0,
                    seats_other=1,
                    meetings_per_year=3,
                    notes="Reviews project ideas from the competence areas.",
                ),
            ]
        )

    # ------------------------------------------------------------------ organisations

    def _unique(self, name: str) -> bool:
        key = fold_for_search(name)
        if key in self.used_names:
            return False
        self.used_names.add(key)
        return True

    def _company_name(self, cls: SmeClass | None) -> str:
        rng = self.rng
        while True:
            kind = rng.random()
            surname = rng.choice(_SURNAMES)
            if kind < 0.28:
                base = f"{surname} {rng.choice(_ROOTS)}"
            elif kind < 0.50:
                base = f"{rng.choice(_FEMININE_ROOTS)} {rng.choice(_ADJECTIVES)}"
            elif kind < 0.68:
                base = f"{rng.choice(_BRAND_PREFIXES)}{rng.choice(_BRAND_SUFFIXES)}"
            elif kind < 0.80:
                base = f"{rng.choice(_ROOTS)} {surname}"
            elif kind < 0.90:
                other = rng.choice(_SURNAMES)
                if other == surname:
                    continue
                base = f"{surname} & {other}"
            else:
                base = f"Fratelli {surname}"
            form = self._legal_form(cls)
            name = f"{base} {form}"
            if self._unique(name) and self._unique(base):
                return name

    def _legal_form(self, cls: SmeClass | None) -> str:
        roll = self.rng.random()
        if cls is SmeClass.LARGE:
            return "S.p.A."
        if cls is SmeClass.MEDIUM:
            return "S.p.A." if roll < 0.5 else "S.r.l."
        if cls is SmeClass.MICRO:
            if roll < 0.6:
                return "S.r.l."
            if roll < 0.8:
                return "S.r.l.s."
            return "S.n.c." if roll < 0.9 else "Soc. Coop."
        if roll < 0.8:
            return "S.r.l."
        return "Soc. Coop." if roll < 0.9 else "S.p.A."

    def _join_date(self) -> date:
        """Join date of a current member: most joined in the last eight years."""
        if self.rng.random() < 0.7:
            return _between(self.rng, date(self.year - 8, 1, 1), self.today - timedelta(days=20))
        return _between(self.rng, date(2009, 4, 1), date(self.year - 9, 12, 31))

    def _member_period(self, spec: _OrgSpec) -> None:
        rng = self.rng
        if spec.founder:
            join = FOUNDING_DATE
            category = "fondatore"
        else:
            join = self._join_date()
            category = "ordinario"
        if spec.org_type is OrgType.FINANCIAL_INSTITUTION or (
            spec.pattern in ("large", "public") and rng.random() < 0.6
        ):
            category = "sostenitore"
        spec.periods = [_Period(join, category=category, signed=rng.random() < 0.92)]

    def organisations(self) -> None:
        rng = self.rng
        # 108 current companies: 100 with size data, 8 without.
        patterns: list[str] = (
            list(_PATTERN_CLASS)
            + ["grow_micro_small"]  # two firms grow from micro to small
            + ["micro"] * 44
            + ["small"] * 25
            + ["medium"] * 14
            + ["large"] * 8
        )
        rng.shuffle(patterns)
        companies: list[_OrgSpec] = []
        for pattern in patterns:
            if pattern == "public":
                name = "Società Elettrica Valtellinese S.p.A."
                self._unique(name)
                spec = _OrgSpec(
                    name,
                    OrgType.COMPANY,
                    _lombard_place(rng, "Sondrio"),
                    pattern=pattern,
                    nace="35.11",
                    legal_name="Società Elettrica Valtellinese S.p.A. "
                    "(partecipata dai Comuni della Valtellina)",
                )
            else:
                cls = _PATTERN_CLASS.get(pattern) or SmeClass(pattern)
                spec = _OrgSpec(
                    self._company_name(cls), OrgType.COMPANY, _lombard_place(rng), pattern=pattern
                )
            companies.append(spec)
        for _ in range(8):
            companies.append(
                _OrgSpec(
                    self._company_name(SmeClass.SMALL),
                    OrgType.COMPANY,
                    _lombard_place(rng),
                    pattern=None,
                )
            )
        plain = [c for c in companies if c.pattern in ("micro", "small")]
        # accented names replace some generated ones
        for spec, name in zip(
            rng.sample(plain, len(_ACCENTED_NAMES)), _ACCENTED_NAMES, strict=True
        ):
            self.used_names.discard(fold_for_search(spec.name))
            self._unique(name)
            spec.name = name
        others = [c for c in plain if c.name not in _ACCENTED_NAMES]
        picked = rng.sample(others, 13)
        for spec in picked[:7]:  # members outside Lombardy
            spec.place = _other_place(rng)
        for spec in picked[7:10]:  # companies without a VAT number on file
            spec.has_vat = False
        founders = rng.sample([c for c in companies if c.pattern != "micro"], 6)
        for spec in founders:
            spec.founder = True
        rejoiners = picked[10:13]
        for spec in companies:
            self._member_period(spec)
        for spec in rejoiners:
            first_join = _between(rng, date(2011, 1, 1), date(2015, 12, 31))
            first_leave = _between(rng, first_join + timedelta(days=700), date(2019, 6, 30))
            rejoin = _between(
                rng,
                max(date(self.year - 4, 1, 1), first_leave + timedelta(days=90)),
                self.today - timedelta(days=60),
            )
            spec.founder = False
            spec.periods = [
                _Period(first_join, first_leave, rng.choice(_LEAVE_REASONS[1:4])),
                _Period(rejoin, category="ordinario", signed=True),
            ]
        specs = companies
        for inst in _RESEARCH + _PUBLIC + _ASSOCIATIONS:
            spec = self._institution_spec(inst)
            specs.append(spec)
        for name, city, domain, pattern in _BANKS:
            self._unique(name)
            spec = _OrgSpec(
                name,
                OrgType.FINANCIAL_INSTITUTION,
                _lombard_place(rng, city),
                pattern=pattern,
                domain=domain,
                nace="64.19",
                legal_name=("Banca di Credito Cooperativo dell'Adda e del Cremasco Soc. Coop.")
                if pattern == "medium_bank"
                else None,
            )
            self._member_period(spec)
            specs.append(spec)
        specs.extend(self._former_members())
        for spec in specs:
            spec.propensity = rng.choice((0.15, 0.5, 1.0, 1.0, 2.0, 3.0))
        specs.sort(key=lambda sp: (sp.first_join, fold_for_search(sp.name)))
        self.specs = specs

    def _institution_spec(self, inst: _Institution) -> _OrgSpec:
        self._unique(inst.name)
        spec = _OrgSpec(
            inst.name,
            inst.org_type,
            _place_for(inst.city, inst.postcode),
            legal_name=inst.legal_name,
            has_vat=inst.has_vat,
            domain=inst.domain,
            address=inst.address,
            nace=inst.nace,
            founder=inst.founder,
        )
        self._member_period(spec)
        return spec

    def _former_members(self) -> list[_OrgSpec]:
        rng = self.rng
        out: list[_OrgSpec] = []
        first_possible = date(self.year - 4, 1, 15)
        for i in range(15):
            if i == 14:
                spec = _OrgSpec(
                    _FORMER_ASSOCIATION.name,
                    OrgType.ASSOCIATION,
                    _lombard_place(rng, "Milano"),
                    domain=_FORMER_ASSOCIATION.domain,
                    address=_FORMER_ASSOCIATION.address,
                    nace=_FORMER_ASSOCIATION.nace,
                )
                self._unique(spec.name)
            else:
                cls = rng.choice(
                    (
                        SmeClass.MICRO,
                        SmeClass.MICRO,
                        SmeClass.SMALL,
                        SmeClass.SMALL,
                        SmeClass.MEDIUM,
                    )
                )
                spec = _OrgSpec(
                    self._company_name(cls),
                    OrgType.COMPANY,
                    _lombard_place(rng),
                    pattern=cls.value if i != 13 else None,
                )
            leave = _between(rng, first_possible, self.today - timedelta(days=10))
            join = _between(rng, date(2009, 6, 1), leave - timedelta(days=400))
            spec.periods = [
                _Period(join, leave, rng.choice(_LEAVE_REASONS), signed=rng.random() < 0.85)
            ]
            out.append(spec)
        return out

    # ------------------------------------------------------------------ writing organisations

    def write_organisations(self) -> None:
        rng = self.rng
        override_reason = (
            f"The parent company's 55 % stake was sold to the founders in {self.year - 1} "
            "(deed on file); the size records still list the group."
        )
        for spec in self.specs:
            domain = spec.domain or f"{_slug(spec.name)}.it"
            vat = italian_vat(rng, spec.place.vat_office, self.used_vats) if spec.has_vat else None
            fiscal: str | None = vat[2:] if vat else None
            if not spec.has_vat and spec.org_type is not OrgType.COMPANY:
                fiscal = _nonprofit_fiscal_code(rng, spec.place.vat_office, self.used_codes)
            address = spec.address or f"{rng.choice(_STREETS)} {rng.randint(1, 180)}"
            org = Organisation(
                name=spec.name,
                legal_name=spec.legal_name,
                vat=vat,
                fiscal_code=fiscal,
                org_type=spec.org_type,
                nace=spec.nace or rng.choice(_NACE_COMPANY),
                address=address,
                postcode=spec.place.postcode,
                city=spec.place.city,
                province=spec.place.province,
                region=spec.place.region,
                nuts2=spec.place.nuts2,
                country="IT",
                website=f"https://www.{domain}" if rng.random() < 0.96 else None,
                email=f"info@{domain}",
                phone=_phone(rng, spec.place.phone_prefix),
                is_external=False,
                search_key=search_key_for(spec.name, spec.legal_name, spec.place.city, vat),
            )
            if spec.pattern == "override":
                org.sme_override = SmeClass.SMALL
                org.sme_override_reason = override_reason
            spec.org = org
            for period in spec.periods:
                org.memberships.append(
                    MembershipPeriod(
                        join_date=period.join,
                        leave_date=period.leave,
                        leave_reason=period.reason,
                        category=period.category,
                        agreement_signed=period.signed,
                        commitment_evidence=(
                            f"Domanda di adesione firmata il {period.join:%d/%m/%Y}"
                            if period.signed
                            else None
                        ),
                    )
                )
            self._size_data(spec, org)
            self._fees(spec, org)
            self._contacts(spec, org, domain)
            self.s.add(org)

    def _size_data(self, spec: _OrgSpec, org: Organisation) -> None:
        if spec.pattern is None or not spec.org_type.is_enterprise:
            return
        rng = self.rng
        leave = spec.last_leave
        years = [y for y in self.years if leave is None or y <= leave.year]
        if not years:
            return
        if spec.pattern in _SERIES:
            series = _pattern_series(rng, spec.pattern, len(self.years))[: len(years)]
        else:
            series = _random_series(rng, SmeClass(spec.pattern), len(years))
        public_pct = Decimal("30.00") if spec.pattern == "public" else None
        for year, (staff, turnover, balance) in zip(years, series, strict=True):
            size = SizeData(
                year=year,
                staff_awu=staff,
                turnover=turnover,
                balance_sheet=balance,
                public_control_pct=public_pct,
                source=rng.choice(
                    (f"Bilancio {year} (Registro Imprese)", f"Dichiarazione del socio {year}")
                ),
            )
            links: list[sme.LinkedEnterprise] = []
            if spec.pattern == "partner":
                links.append(
                    sme.LinkedEnterprise(
                        EnterpriseRelation.PARTNER,
                        Decimal("40"),
                        Decimal("20"),
                        Decimal("6000000"),
                        Decimal("4000000"),
                        "Tecnoservizi Energia S.r.l.",
                    )
                )
            elif spec.pattern in ("linked", "override"):
                parent = (
                    "Gruppo Industriale Padano S.p.A."
                    if spec.pattern == "linked"
                    else "Gruppo Termotecnico Orobico S.p.A."
                )
                share = Decimal("65") if spec.pattern == "linked" else Decimal("55")
                links.append(
                    sme.LinkedEnterprise(
                        EnterpriseRelation.LINKED,
                        share,
                        Decimal("420"),
                        Decimal("140000000"),
                        Decimal("160000000"),
                        parent,
                    )
                )
            for link in links:
                size.links.append(
                    SizeLink(
                        name=link.name,
                        relation=link.relation,
                        share_pct=link.share_pct,
                        staff_awu=link.staff_awu,
                        turnover=link.turnover,
                        balance_sheet=link.balance_sheet,
                    )
                )
            org.size_data.append(size)
            spec.figures.append(
                sme.YearFigures(year, staff, turnover, balance, public_pct, tuple(links))
            )

    def _fee_due(self, spec: _OrgSpec, year: int, category: str) -> Decimal:
        kind = spec.org_type
        if category == "sostenitore":
            return Decimal(5000)
        if kind.is_research:
            return Decimal(1000)
        if kind is OrgType.PUBLIC_BODY:
            return Decimal(1500)
        if kind is OrgType.ASSOCIATION:
            return Decimal(800)
        cls = sme.classify(spec.figures, as_of_year=year).sme_class if spec.figures else None
        return {
            SmeClass.MICRO: Decimal(300),
            SmeClass.SMALL: Decimal(600),
            SmeClass.MEDIUM: Decimal(1200),
            SmeClass.LARGE: Decimal(3000),
        }.get(cls or SmeClass.SMALL, Decimal(600))

    def _fees(self, spec: _OrgSpec, org: Organisation) -> None:
        rng = self.rng
        for year in self.years:
            if not spec.member_in_year(year):
                continue
            period = next(p for p in reversed(spec.periods) if p.join <= date(year, 12, 31))
            due = self._fee_due(spec, year, period.category)
            leaves_this_year = period.leave is not None and period.leave.year == year
            chance = 0.5 if leaves_this_year else (0.8 if year == self.year else 0.95)
            paid = Decimal(0)
            paid_date: date | None = None
            if rng.random() < chance:
                start = max(period.join, date(year, 1, 15))
                when = start + timedelta(days=rng.randint(0, 110))
                when = min(when, date(year, 12, 20))
                if when <= self.today:
                    paid_date = when
                    paid = due if rng.random() > 0.02 else (due / 2).quantize(Decimal(1))
            org.fees.append(Fee(year=year, amount_due=due, amount_paid=paid, paid_date=paid_date))
            self.fees_paid[year] = self.fees_paid.get(year, Decimal(0)) + paid

    def _contacts(self, spec: _OrgSpec, org: Organisation, domain: str) -> None:
        rng = self.rng
        kind = spec.org_type
        if kind is OrgType.COMPANY:
            roles: Sequence[str] = _COMPANY_ROLES
        elif kind.is_research:
            roles = _RESEARCH_ROLES
        elif kind is OrgType.PUBLIC_BODY:
            roles = _PUBLIC_ROLES
        elif kind is OrgType.ASSOCIATION:
            roles = _ASSOCIATION_ROLES
        else:
            roles = _BANK_ROLES
        count = 1 if spec.last_leave else rng.choices((1, 2, 3), weights=(4, 4, 2))[0]
        for i in range(count):
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_SURNAMES)
            consent = rng.random() < 0.85
            org.contacts.append(
                Contact(
                    first_name=first,
                    last_name=last,
                    role=rng.choice(roles),
                    email=_personal_email(first, last, domain),
                    phone=_mobile(rng)
                    if rng.random() < 0.5
                    else _phone(rng, spec.place.phone_prefix),
                    is_primary=i == 0,
                    consent=consent,
                    consent_date=_between(rng, max(spec.first_join, date(2018, 5, 25)), self.today)
                    if consent
                    else None,
                )
            )

    # ------------------------------------------------------------------ areas and contact log

    def participations(self) -> None:
        rng = self.rng
        codes = [a[0] for a in _AREAS]
        area_start = date(2012, 1, 1)
        for spec in self.specs:
            assert spec.org is not None
            current = spec.last_leave is None
            if rng.random() > (0.86 if current else 0.5):
                continue
            n = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
            for code in rng.sample(codes, n):
                start = max(spec.periods[-1].join, area_start)
                to_date = spec.last_leave
                upper = min(start + timedelta(days=400), self.today)
                if to_date is not None:
                    upper = min(upper, to_date - timedelta(days=30))
                if upper < start:
                    continue
                from_date = _between(rng, start, upper)
                if current and rng.random() < 0.1:
                    to_date = _between(rng, from_date + timedelta(days=180), self.today)
                    if to_date <= from_date:
                        to_date = None
                role = "coordinatore" if spec.org_type.is_research and rng.random() < 0.3 else None
                self.s.add(
                    AreaParticipation(
                        area=self.areas[code],
                        organisation=spec.org,
                        from_date=from_date,
                        to_date=to_date,
                        role=role,
                    )
                )

    def _staff_on(self, day: date) -> list[_StaffSpec]:
        return [s for s in self.staff if s.start <= day and (s.end is None or s.end >= day)]

    def contact_log(self) -> None:
        rng = self.rng
        subjects = (
            "Rinnovo quota associativa",
            "Visita in azienda",
            "Aggiornamento dati dimensionali",
            "Richiesta supporto bando {programme}",
            "Invito al tavolo di lavoro {area}",
            "Follow-up evento",
            "Ricerca partner per progetto europeo",
            "Presentazione servizi di internazionalizzazione",
            "Segnalazione opportunità {programme}",
            "Intervista per success story",
        )
        start = self.today - timedelta(days=730)
        for spec in self.specs:
            assert spec.org is not None
            if not spec.member_on(self.today) or rng.random() > 0.72:
                continue
            for _ in range(rng.randint(1, 5)):
                day = _between(rng, max(start, spec.periods[-1].join), self.today)
                staff = self._staff_on(day) or self.staff[:1]
                subject = rng.choice(subjects).format(
                    programme=rng.choice(_PROGRAMME_INFO), area=rng.choice(_AREAS)[1]
                )
                self.s.add(
                    ContactLogEntry(
                        organisation=spec.org,
                        contact_date=day,
                        channel=rng.choice([c for c in ContactChannel if c.is_direct]),
                        subject=subject,
                        staff_name=rng.choice(staff).name,
                    )
                )

    # ------------------------------------------------------------------ projects

    def _members_on(self, day: date) -> list[_OrgSpec]:
        return [s for s in self.specs if s.member_on(day)]

    def projects_(self) -> None:
        y = self.year
        S = ProjectStatus  # noqa: N806 - short alias for the table below
        C, P = ProjectRole.COORDINATOR, ProjectRole.PARTNER  # noqa: N806
        # acronym, title, programme, call, status, role, start, end, total, cluster, EU/public,
        # areas, pillars, member partners, external partners
        table: list[tuple[Any, ...]] = [
            (
                "ENERCLUSTER-ROK",
                "Regions of Knowledge for energy-efficient manufacturing clusters",
                "FP7",
                "FP7-REGIONS-2012-2013-1",
                S.CLOSED,
                P,
                date(2013, 1, 1),
                date(2015, 12, 31),
                2_350_000,
                212_000,
                1_980_000,
                ("SM",),
                ("P1",),
                3,
                3,
            ),
            (
                "GREENSCALE",
                "Green energy clusters going international: Latin America and South-East Asia",
                "COSME",
                "COS-CLUSINT-2016-03-01",
                S.CLOSED,
                C,
                date(2017, 1, 1),
                date(2018, 12, 31),
                420_000,
                150_000,
                336_000,
                ("SES", "GB"),
                ("P1",),
                2,
                2,
            ),
            (
                "BLUE-ENERGY",
                "Blue energy value chains for Alpine lakes and the Adriatic",
                "EMFF",
                "EASME/EMFF/2017/1.2.1.12",
                S.CLOSED,
                P,
                date(2018, 3, 1),
                date(2020, 2, 29),
                1_100_000,
                95_000,
                880_000,
                ("WEN",),
                ("P1",),
                2,
                2,
            ),
            (
                "SMARTFACTORY-LOMB",
                "Efficienza energetica e digitalizzazione nelle PMI manifatturiere lombarde",
                "POR FESR Lombardia 2014-2020",
                "POR FESR 2014-2020 Azione I.1.b.1.3 - Accordi per la Ricerca e l'Innovazione",
                S.CLOSED,
                P,
                date(2018, 6, 1),
                date(2021, 5, 31),
                3_200_000,
                140_000,
                1_600_000,
                ("SM",),
                ("P1", "P4"),
                5,
                0,
            ),
            (
                "CLEAN-HUB",
                "Cluster-facilitated innovation vouchers for clean-energy SMEs",
                "H2020 INNOSUP",
                "H2020-INNOSUP-2018-01",
                S.CLOSED,
                C,
                date(2019, 1, 1),
                date(2021, 6, 30),
                1_650_000,
                380_000,
                1_650_000,
                ("SES", "SM", "CA"),
                ("P1", "P4"),
                3,
                3,
            ),
            (
                "H2-MOBILITY",
                "Cross-cluster pilot for hydrogen mobility value chains",
                "H2020 INNOSUP",
                "H2020-INNOSUP-2019-01",
                S.REJECTED,
                C,
                date(2020, 5, 1),
                date(2022, 4, 30),
                2_000_000,
                400_000,
                2_000_000,
                ("CA",),
                ("P2",),
                3,
                2,
            ),
            (
                "H2VALLEY",
                "Lombardy Hydrogen Valley: green hydrogen for industrial districts",
                "Horizon Europe",
                f"HORIZON-JTI-CLEANH2-{y - 3}-06-02",
                S.FUNDED,
                P,
                date(y - 2, 1, 1),
                date(y + 2, 12, 31),
                8_000_000,
                350_000,
                8_000_000,
                ("SES", "CA"),
                ("P2", "P1"),
                5,
                3,
            ),
            (
                "SYMBIOSIS4LOMB",
                "Simbiosi industriale transfrontaliera tra distretti lombardi e ticinesi",
                "Interreg Italia-Svizzera",
                f"Interreg VI-A Italia-Svizzera 2021-2027 - Avviso {y - 3}",
                S.FUNDED,
                C,
                date(y - 2, 4, 1),
                date(y + 1, 3, 31),
                1_450_000,
                320_000,
                1_100_000,
                ("CE", "SM"),
                ("P3",),
                4,
                2,
            ),
            (
                "ALPS4GREENHEAT",
                "Low-temperature district heating for Alpine towns",
                "Interreg Alpine Space",
                f"Interreg Alpine Space 2021-2027 - call {y - 4}",
                S.FUNDED,
                P,
                date(y - 3, 11, 1),
                date(y, 10, 31),
                2_100_000,
                180_000,
                1_575_000,
                ("GB", "SES"),
                ("P1",),
                2,
                3,
            ),
            (
                "CE-REGENERATE",
                "Circular retrofitting of industrial buildings in Central European regions",
                "Interreg Central Europe",
                f"Interreg Central Europe 2021-2027 - call {y - 2}",
                S.REJECTED,
                P,
                date(y - 1, 3, 1),
                date(y + 2, 2, 28),
                1_900_000,
                150_000,
                1_520_000,
                ("GB", "CE"),
                ("P3",),
                2,
                3,
            ),
            (
                "LIFE-HEATREC",
                "Industrial waste-heat recovery for local energy communities",
                "LIFE",
                f"LIFE-{y - 3}-CET-LOCAL",
                S.FUNDED,
                P,
                date(y - 2, 10, 1),
                date(y + 1, 9, 30),
                1_300_000,
                110_000,
                1_235_000,
                ("SM", "SES"),
                ("P1", "P3"),
                3,
                2,
            ),
            (
                "LIFE-AIRLOMB",
                "Clean air in the Po Valley: low-emission biomass heating",
                "LIFE",
                f"LIFE-{y - 1}-SAP-ENV",
                S.SUBMITTED,
                P,
                date(y + 1, 1, 1),
                date(y + 4, 12, 31),
                3_400_000,
                160_000,
                2_040_000,
                ("CA",),
                ("P1",),
                4,
                1,
            ),
            (
                "DIGITWIN-ENERGY",
                "Digital twins for energy-flexible factories",
                "Horizon Europe",
                f"HORIZON-CL4-{y - 2}-TWIN-TRANSITION-01-05",
                S.REJECTED,
                P,
                date(y - 1, 1, 1),
                date(y + 2, 12, 31),
                5_500_000,
                210_000,
                5_500_000,
                ("SM",),
                ("P4",),
                3,
                4,
            ),
            (
                "CALLHUB-GREENMAT",
                "Materiali avanzati per l'accumulo termico nell'industria",
                "Bando Regione Lombardia Call Hub",
                f"Call Hub Ricerca e Innovazione {y - 4}",
                S.FUNDED,
                P,
                date(y - 3, 2, 1),
                date(y, 7, 31),
                3_800_000,
                90_000,
                1_900_000,
                ("SM", "GB"),
                ("P1",),
                5,
                0,
            ),
            (
                "CER-LOMBARDIA",
                "Comunità energetiche rinnovabili nei comuni lombardi",
                "PR FESR Lombardia 2021-2027",
                f"PR FESR 2021-2027 Azione 2.2.1 - Bando {y - 2}",
                S.FUNDED,
                C,
                date(y - 1, 1, 1),
                date(y + 1, 6, 30),
                850_000,
                260_000,
                425_000,
                ("SES",),
                ("P1", "P4"),
                4,
                0,
            ),
            (
                "H2-HEAT-PADANA",
                "Hydrogen-ready industrial heat in the Po Valley",
                "Horizon Europe",
                f"HORIZON-CL5-{y}-D3-02-08",
                S.SUBMITTED,
                P,
                date(y + 1, 3, 1),
                date(y + 4, 2, 28),
                4_200_000,
                180_000,
                4_200_000,
                ("SM", "CA"),
                ("P2",),
                3,
                3,
            ),
            (
                "WATERLOOP",
                "Energy recovery from wastewater sludge in Lombard utilities",
                "LIFE",
                None,
                S.IDEA,
                C,
                None,
                None,
                2_000_000,
                None,
                None,
                ("WEN",),
                ("P3", "P1"),
                2,
                0,
            ),
            (
                "CLEANAIR-SCHOOLS",
                "Ventilazione e monitoraggio della qualità dell'aria nelle scuole",
                "PR FESR Lombardia 2021-2027",
                None,
                S.IDEA,
                None,
                None,
                None,
                None,
                None,
                None,
                ("CA",),
                ("P4",),
                2,
                0,
            ),
            (
                "PV-RECYCLE",
                "Riciclo dei moduli fotovoltaici a fine vita",
                "Horizon Europe",
                None,
                S.SPECIAL,
                C,
                date(y - 1, 5, 1),
                None,
                60_000,
                25_000,
                None,
                ("CE",),
                ("P3",),
                4,
                0,
            ),
            (
                "DIGI-CER",
                "Piattaforma digitale per la gestione delle comunità energetiche",
                "Interreg Italia-Svizzera",
                None,
                S.SPECIAL,
                C,
                date(y, 2, 1),
                None,
                45_000,
                15_000,
                None,
                ("SES",),
                ("P4",),
                3,
                0,
            ),
        ]
        for (
            acronym,
            title,
            programme,
            call,
            status,
            role,
            start,
            end,
            total,
            cluster,
            eu,
            area_codes,
            pillar_codes,
            n_members,
            n_external,
        ) in table:
            if start is not None and status is S.SPECIAL and start > self.today:
                start = self.today
            if status is S.FUNDED and end is not None and end < self.today:
                status = S.CLOSED
            project = Project(
                acronym=acronym,
                title=title,
                programme=programme,
                call_id=call,
                status=status,
                cluster_role=role,
                start_date=start,
                end_date=end,
                total_budget=Decimal(total) if total is not None else None,
                cluster_budget=Decimal(cluster) if cluster is not None else None,
                eu_contribution=Decimal(eu) if eu is not None else None,
                website=(
                    f"https://www.{acronym.lower().replace('-', '')}.eu"
                    if status in (S.FUNDED, S.CLOSED)
                    else None
                ),
                description=f"{title}. Programme: {programme}.",
            )
            project.areas = [self.areas[c] for c in area_codes]
            project.pillars = [self.pillars[c] for c in pillar_codes]
            self._partners(project, n_members, n_external, start)
            self.projects.append(project)
            self.s.add(project)

    def _partners(
        self, project: Project, n_members: int, n_external: int, start: date | None
    ) -> None:
        rng = self.rng
        day = min(start or self.today, self.today)
        pool = [
            s
            for s in self._members_on(day)
            if s.org_type
            in (
                OrgType.COMPANY,
                OrgType.UNIVERSITY,
                OrgType.RESEARCH_ORG,
                OrgType.TECHNOLOGY_CENTRE,
                OrgType.PUBLIC_BODY,
            )
        ]
        research = [s for s in pool if s.org_type.is_research]
        chosen: list[_OrgSpec] = rng.sample(research, 1) if research else []
        rest = [s for s in pool if s not in chosen]
        chosen += rng.sample(rest, min(len(rest), max(0, n_members - len(chosen))))
        externals = rng.sample(_EXTERNAL_PARTNERS, n_external)
        funded = project.total_budget is not None and project.status not in (ProjectStatus.IDEA,)
        remaining = (project.total_budget or Decimal(0)) - (project.cluster_budget or Decimal(0))
        weights = [rng.uniform(0.5, 2.0) for _ in range(len(chosen) + len(externals))]
        rate = (
            (project.eu_contribution or Decimal(0)) / project.total_budget
            if project.total_budget
            else Decimal(0)
        )
        coordinator_index = -1
        if project.cluster_role is not ProjectRole.COORDINATOR and project.status not in (
            ProjectStatus.IDEA,
            ProjectStatus.SPECIAL,
        ):
            coordinator_index = 0  # the research partner, or the first external one
            if externals and rng.random() < 0.4:
                coordinator_index = len(chosen)
        for i in range(len(chosen) + len(externals)):
            budget = (
                _round_to(float(remaining) * weights[i] / sum(weights), 1_000) if funded else None
            )
            partner = ProjectPartner(
                role=ProjectRole.COORDINATOR if i == coordinator_index else ProjectRole.PARTNER,
                budget=budget,
                contribution=(budget * rate).quantize(Decimal(1))
                if budget is not None and rate
                else None,
            )
            if i < len(chosen):
                partner.organisation = chosen[i].org
            else:
                partner.external_name, partner.external_country = externals[i - len(chosen)]
            project.partners.append(partner)

    # ------------------------------------------------------------------ activities

    def activities(self) -> None:
        rng = self.rng
        types = [t for t, _w in _ACTIVITY_WEIGHTS]
        weights = [w for _t, w in _ACTIVITY_WEIGHTS]
        area_codes = [a[0] for a in _AREAS]
        planned: list[tuple[date, ActivityType, str | None]] = []
        for year in self.years:
            planned.append((date(year, 11, rng.randint(10, 25)), ActivityType.CONFERENCE, None))
            planned.append((date(year, 2, rng.randint(5, 25)), ActivityType.STRATEGY, None))
            for _ in range(rng.randint(25, 40) - 2):
                day = _between(rng, date(year, 1, 8), date(year, 12, 18))
                if day.month == 8:
                    day = day.replace(day=min(day.day, 28), month=9)
                planned.append((day, rng.choices(types, weights)[0], rng.choice(area_codes)))
        planned.sort(key=lambda p: p[0])
        for day, kind, code in planned:
            if day > self.today:
                continue
            title, location = self._activity_title(kind, code, day.year)
            area = (
                self.areas[code]
                if code and kind not in (ActivityType.INTERNATIONALISATION, ActivityType.INFO_DAY)
                else None
            )
            anonymous = {
                ActivityType.CONFERENCE: rng.randint(60, 220),
                ActivityType.INFO_DAY: rng.randint(10, 80),
            }.get(kind, rng.choice((0, 0, 0, 5, 12)))
            activity = Activity(
                title=title,
                activity_type=kind,
                start_date=day,
                end_date=day + timedelta(days=rng.randint(1, 3))
                if kind is ActivityType.INTERNATIONALISATION
                else None,
                location=location,
                anonymous_participants=anonymous,
                area_id=area.id if area is not None else None,
                description=f"{title} - {location}.",
            )
            members = self._members_on(day)
            low, high = {
                ActivityType.CONFERENCE: (25, 40),
                ActivityType.TRAINING: (3, 20),
                ActivityType.INTERNATIONALISATION: (3, 12),
                ActivityType.STRATEGY: (10, 30),
            }.get(kind, (5, 30))
            k = rng.randint(low, high)
            for spec in _weighted_sample(rng, members, [m.propensity for m in members], k):
                first, last = rng.choice(_FIRST_NAMES), rng.choice(_SURNAMES)
                activity.participants.append(
                    ActivityParticipant(organisation=spec.org, person_name=f"{first} {last}")
                )
            for _ in range(rng.choice((0, 0, 1, 2, 3, 5, 8))):
                first, last = rng.choice(_FIRST_NAMES), rng.choice(_SURNAMES)
                outside = rng.choice(_EXTERNAL_PEOPLE_ORGS)
                activity.participants.append(
                    ActivityParticipant(
                        external_organisation=outside,
                        person_name=f"{first} {last}",
                        email=_personal_email(first, last, f"{_slug(outside)}.it")
                        if rng.random() < 0.6
                        else None,
                    )
                )
            self.s.add(activity)

    def _activity_title(self, kind: ActivityType, code: str | None, year: int) -> tuple[str, str]:
        rng = self.rng
        topic = rng.choice(_AREA_TOPICS[code]) if code else "transizione energetica"
        place = rng.choice(_LOCATIONS)
        if kind is ActivityType.CONFERENCE:
            return f"Conferenza annuale del Cluster {year}", "Milano, Palazzo Lombardia"
        if kind is ActivityType.STRATEGY:
            return f"Workshop di revisione della strategia {year}", "Milano, sede del Cluster"
        if kind is ActivityType.INTERNATIONALISATION:
            city = rng.choice(_MISSIONS)
            return f"Missione imprenditoriale a {city}: {topic}", city
        if kind is ActivityType.B2B:
            fair = rng.choice(_FAIRS)
            return f"Incontri B2B a {fair}", fair
        if kind is ActivityType.INFO_DAY:
            return f"Info day {rng.choice(_PROGRAMME_INFO)} {year}", place
        templates = {
            ActivityType.NETWORKING: "Networking breakfast: {t}",
            ActivityType.MATCHMAKING: "Matchmaking imprese-ricerca: {t}",
            ActivityType.TRAINING: "Corso di formazione: {t}",
            ActivityType.WORKSHOP: "Workshop tecnico: {t}",
        }
        return templates.get(kind, "Incontro: {t}").format(t=topic), place

    # ------------------------------------------------------------------ finances and recognition

    def finances(self) -> None:
        rng = self.rng
        for year in self.years:
            running = year == self.year
            scale = max(self.today.timetuple().tm_yday / 366, 0.05) if running else 1.0
            fees = self.fees_paid.get(year, Decimal(0))
            services = _round_to(rng.uniform(45_000, 90_000) * scale, 100)
            sponsorship = _round_to(rng.uniform(15_000, 40_000) * scale, 100)
            private = fees + services + sponsorship
            share = rng.uniform(0.45, 0.6)
            public_total = float(private) * (1 - share) / share
            regional = _round_to(public_total * rng.uniform(0.3, 0.45), 100)
            national = _round_to(public_total * rng.uniform(0.1, 0.2), 100)
            eu = _round_to(public_total, 100) - regional - national
            rows = (
                (IncomeCategory.MEMBERSHIP_FEES, fees, "Quote associative"),
                (
                    IncomeCategory.PAID_SERVICES,
                    services,
                    "Servizi a pagamento (diagnosi, formazione, supporto bandi)",
                ),
                (IncomeCategory.SPONSORSHIP, sponsorship, "Sponsor della conferenza annuale"),
                (
                    IncomeCategory.REGIONAL_GRANT,
                    regional,
                    "Regione Lombardia - contributo ai cluster tecnologici",
                ),
                (IncomeCategory.NATIONAL_GRANT, national, "MIMIT / Cluster Tecnologico Nazionale"),
                (IncomeCategory.EU_GRANT, eu, "Quota cluster dei progetti europei"),
            )
            for category, amount, source in rows:
                self.s.add(
                    Income(
                        year=year,
                        category=category,
                        amount=amount,
                        is_private=category.is_private,
                        source=source,
                    )
                )

    def recognition(self) -> None:
        rng = self.rng
        y = self.year
        names = [s.name for s in self.specs if s.org_type is OrgType.COMPANY]
        acronyms = [
            p.acronym
            for p in self.projects
            if p.status in (ProjectStatus.FUNDED, ProjectStatus.CLOSED)
        ]
        for year in self.years:
            for _ in range(rng.randint(8, 12)):
                day = self._day(year)
                if day > self.today:
                    continue
                outlet, scope, site = rng.choice(_OUTLETS)
                title = rng.choice(_MEDIA_TITLES).format(
                    year=year,
                    n=rng.randint(8, 40),
                    city=rng.choice(_MISSIONS),
                    acronym=rng.choice(acronyms),
                )
                url = f"https://www.{site}/{day:%Y/%m/%d}/{_slug(title, 40)}" if site else None
                self.s.add(
                    MediaItem(item_date=day, title=title, outlet=outlet, scope=scope, url=url)
                )
            for _ in range(rng.randint(2, 4)):
                day = self._day(year)
                firms = rng.sample(names, rng.randint(1, 3))
                acronym = rng.choice(acronyms)
                self.s.add(
                    SuccessStory(
                        story_date=day,
                        title=rng.choice(
                            (
                                f"From idea to funded project: {acronym}",
                                "Waste heat shared between neighbouring plants",
                                "A micro-enterprise wins its first EU contract",
                                "Members build a renewable energy community",
                                "Joint hydrogen pilot with the university",
                            )
                        ),
                        summary=f"{' and '.join(firms)} worked with the cluster on {acronym}.",
                        organisations="; ".join(firms),
                    )
                )
        recognitions = [
            (
                date(2014, 6, 12),
                "Cluster profile published on the European Cluster Collaboration Platform",
                "eccp_profile",
                "European Commission - ECCP",
            ),
            (
                date(2015, 3, 2),
                "Member of the Cluster Tecnologico Nazionale Energia",
                "network",
                "Cluster Tecnologico Nazionale Energia",
            ),
            (
                date(2016, 11, 8),
                "Regional technology cluster recognised by Regione Lombardia",
                "recognition",
                "Regione Lombardia",
            ),
            (
                date(2018, 5, 24),
                "Memorandum of understanding with Tenerrdis (Auvergne-Rhône-Alpes)",
                "mou",
                "Tenerrdis",
            ),
            (
                date(2019, 9, 17),
                "Vanguard Initiative pilot on efficient and sustainable manufacturing",
                "network",
                "Vanguard Initiative",
            ),
            (
                date(y - 3, 4, 20),
                "Memorandum of understanding with Energy Cluster Denmark",
                "mou",
                "Energy Cluster Denmark",
            ),
            (
                date(y - 2, 10, 6),
                "Premio Sviluppo Sostenibile - categoria Energia",
                "award",
                "Fondazione per lo Sviluppo Sostenibile",
            ),
            (
                date(y - 1, 6, 14),
                "European Cluster Partnership for Clean Energy: lead partner",
                "network",
                "European Commission - ECCP",
            ),
        ]
        for day, title, kind, issuer in recognitions:
            if day <= self.today:
                self.s.add(Recognition(recognition_date=day, title=title, kind=kind, issuer=issuer))
        for year in (y - 2, y - 1):
            members = sum(1 for s in self.specs if s.member_on(date(year, 12, 31)))
            responses = int(members * rng.uniform(0.32, 0.45))
            score = Decimal(str(round(rng.uniform(3.8, 4.4), 2)))
            newsletters = rng.randint(18, 24)
            self.s.add_all(
                [
                    IndicatorValue(
                        indicator_id="2.2.2",
                        year=year,
                        value_number=None,
                        passed=True,
                        value_text="5 of 6 staff hold a master's degree or PhD; average 9 years of "
                        "experience; all speak English, four a third language.",
                        note="CVs and degree certificates in the evidence folder.",
                    ),
                    IndicatorValue(
                        indicator_id="4.4",
                        year=year,
                        value_number=score,
                        passed=score >= 4,
                        value_text=f"Member survey: {responses} of {members} members answered "
                        f"({responses * 100 // max(members, 1)} %), mean score {score} "
                        "out of 5.",
                        note="Online survey run in December; questionnaire and results attached.",
                    ),
                    IndicatorValue(
                        indicator_id="4.6.1",
                        year=year,
                        value_number=Decimal(newsletters),
                        passed=True,
                        value_text=f"{newsletters} newsletters sent to members and stakeholders.",
                        note="Monthly newsletter plus special issues on calls for proposals.",
                    ),
                ]
            )


def build_demo(
    db: Database,
    *,
    seed: int = 2009,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo energy-cleantech cluster.

    Everything is written in one transaction with history (source ``demo``).

    Args:
        db: an open, empty database.
        seed: random seed; the same seed and *today* give exactly the same data.
        today: the day the demo is "as of" (default: the real today); the five years of
            history are ``today.year - 4`` to ``today.year``. Must be 2022-01-01 or later.
        progress: called as ``progress(done, total)`` after each step.

    Returns:
        Counts of what was written.

    Raises:
        WorkbenchError: if the database already holds organisations or a cluster profile.
    """
    day = _check_today(today)
    with db.session_factory.begin() as session:
        session.info["source"] = "demo"
        session.info["user"] = db.user
        _refuse_non_empty(session)
        builder = _DemoBuilder(session, seed, day, progress)
        builder.run()
        add_eccp_profile(session)  # the ECCP profile page's lists (its own module)
        return _summary(session, day, builder.years)


# =========================================================================== synthetic data


def _stamp(user: str) -> dict[str, Any]:
    now = utcnow()
    return {"version": 1, "created_at": now, "updated_at": now, "updated_by": user}


def _bulk(session: Session, model: Any, rows: list[dict[str, Any]], chunk: int = 20_000) -> None:
    """Insert *rows*; a model's rows are validated first, as every record written is."""
    if not isinstance(model, Table):
        validate_rows(session, model, rows)
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        if part:
            target = model if isinstance(model, Table) else model.__table__
            session.execute(insert(target), part)


_SYNTH_TYPES: tuple[tuple[OrgType, int], ...] = (
    (OrgType.COMPANY, 77),
    (OrgType.UNIVERSITY, 2),
    (OrgType.RESEARCH_ORG, 3),
    (OrgType.TECHNOLOGY_CENTRE, 1),
    (OrgType.PUBLIC_BODY, 4),
    (OrgType.ASSOCIATION, 10),
    (OrgType.FINANCIAL_INSTITUTION, 3),
)
_SYNTH_CLASSES = (SmeClass.MICRO, SmeClass.SMALL, SmeClass.MEDIUM, SmeClass.LARGE)
_SYNTH_CLASS_WEIGHTS = (45, 30, 15, 10)
_SYNTH_PROGRAMMES = (
    "H2020 INNOSUP",
    "COSME",
    "Interreg Alpine Space",
    "Interreg Central Europe",
    "Interreg Italia-Svizzera",
    "LIFE",
    "Horizon Europe",
    "EMFF",
    "FP7",
    "POR FESR Lombardia 2014-2020",
    "PR FESR Lombardia 2021-2027",
    "Bando Regione Lombardia Call Hub",
)


def build_synthetic(
    db: Database,
    *,
    members: int = 10_000,
    projects: int = 500,
    seed: int = 7,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a large synthetic cluster for benchmarks.

    The demo's profile, areas and pillars plus *members* organisations (about 90 % members
    today, the rest former members, a few re-joiners) with five years of fees and size data, one
    contact each, area participations, *projects* projects with partners and about 2,000
    activities with participants. Rows are written with bulk inserts and without history.

    Args:
        db: an open, empty database.
        members: number of organisations.
        projects: number of projects.
        seed: random seed (deterministic like :func:`build_demo`).
        today: the "as of" day (default: the real today).
        progress: called as ``progress(done, total)`` after each step.

    Raises:
        WorkbenchError: if the database already holds organisations or a cluster profile.
    """
    day = _check_today(today)
    steps = 7
    with db.session_factory.begin() as session:
        session.info["source"] = "demo"
        session.info["user"] = db.user
        session.info["history"] = False
        _refuse_non_empty(session)
        builder = _DemoBuilder(session, seed, day, None)
        builder.profile()
        builder.strategy()
        session.flush()
        _report(progress, 1, steps)
        synth = _Synthetic(session, builder, members, projects, db.user)
        synth.organisations()
        _report(progress, 2, steps)
        synth.facts()
        _report(progress, 3, steps)
        synth.areas_()
        _report(progress, 4, steps)
        synth.projects_()
        _report(progress, 5, steps)
        synth.activities()
        _report(progress, 6, steps)
        if session.get_bind().dialect.name == "postgresql":
            # Explicit ids were inserted: move the serial sequences past them.
            from workbench.models import Base
            from workbench.services.backup import reset_sequences

            reset_sequences(session.connection(), list(Base.metadata.sorted_tables))
        summary = _summary(session, day, builder.years)
        _report(progress, 7, steps)
        return summary


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


@dataclass
class _SynthOrg:
    id: int
    org_type: OrgType
    cls: SmeClass | None
    periods: list[tuple[date, date | None]]


class _Synthetic:
    """Row dictionaries for the synthetic database, written with Core bulk inserts."""

    def __init__(
        self, session: Session, builder: _DemoBuilder, members: int, projects: int, user: str
    ) -> None:
        self.s = session
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.years = builder.years
        self.n = members
        self.n_projects = projects
        self.stamp = _stamp(user)
        self.orgs: list[_SynthOrg] = []
        self.by_join: list[tuple[date, int]] = []

    def organisations(self) -> None:
        rng = self.rng
        types = [t for t, _w in _SYNTH_TYPES]
        type_weights = [w for _t, w in _SYNTH_TYPES]
        numbers = rng.sample(range(1_000_000, 9_999_999), self.n)
        rows: list[dict[str, Any]] = []
        periods: list[dict[str, Any]] = []
        used: dict[str, int] = {}
        early, recent = date(2009, 4, 1), date(self.b.year - 8, 1, 1)
        last_join = self.today - timedelta(days=10)
        for i in range(self.n):
            org_id = i + 1
            kind = rng.choices(types, type_weights)[0]
            cls = (
                rng.choices(_SYNTH_CLASSES, _SYNTH_CLASS_WEIGHTS)[0] if kind.is_enterprise else None
            )
            if kind is OrgType.COMPANY:
                base = (
                    f"{rng.choice(_SURNAMES)} {rng.choice(_ROOTS)}"
                    if rng.random() < 0.5
                    else f"{rng.choice(_FEMININE_ROOTS)} {rng.choice(_ADJECTIVES)}"
                )
                suffix = " S.p.A." if cls in (SmeClass.LARGE, SmeClass.MEDIUM) else " S.r.l."
            else:
                base = {
                    OrgType.UNIVERSITY: "Università di {c}",
                    OrgType.RESEARCH_ORG: "Istituto di Ricerca Energetica di {c}",
                    OrgType.TECHNOLOGY_CENTRE: "Centro Tecnologico di {c}",
                    OrgType.PUBLIC_BODY: "Comune di {c}",
                    OrgType.ASSOCIATION: "Associazione Imprese Energia {c}",
                    OrgType.FINANCIAL_INSTITUTION: "Banca di Credito Cooperativo di {c}",
                }[kind].format(c=rng.choice(_LOMBARDY)[0])
                suffix = ""
            seen = used.get(base, 0)
            used[base] = seen + 1
            name = f"{base}{' ' + str(seen + 1) if seen else ''}{suffix}"
            place = _lombard_place(rng) if rng.random() < 0.94 else _other_place(rng)
            base_digits = f"{numbers[i]}{place.vat_office}"
            vat = (
                "IT" + base_digits + luhn.calc_check_digit(base_digits)
                if rng.random() < 0.98
                else None
            )
            domain = f"{_slug(name)}{org_id}.it"
            rows.append(
                {
                    "id": org_id,
                    "name": name,
                    "legal_name": None,
                    "vat": vat,
                    "fiscal_code": vat[2:] if vat else None,
                    "org_type": kind,
                    "nace": rng.choice(_NACE_COMPANY),
                    "address": f"{rng.choice(_STREETS)} {rng.randint(1, 180)}",
                    "postcode": place.postcode,
                    "city": place.city,
                    "province": place.province,
                    "region": place.region,
                    "nuts2": place.nuts2,
                    "country": "IT",
                    "website": f"https://www.{domain}",
                    "email": f"info@{domain}",
                    "phone": _phone(rng, place.phone_prefix),
                    "is_external": False,
                    "search_key": search_key_for(name, None, place.city, vat),
                    **self.stamp,
                }
            )
            roll = rng.random()
            join = (
                _between(rng, recent, last_join)
                if rng.random() < 0.7
                else _between(rng, early, recent)
            )
            spans: list[tuple[date, date | None]]
            if roll < 0.10 and join < self.today - timedelta(days=400):  # former member
                leave = _between(
                    rng, max(join + timedelta(days=365), date(self.b.year - 4, 1, 1)), self.today
                )
                spans = [(join, leave)] if leave > join else [(join, None)]
            elif roll < 0.13 and join < date(self.b.year - 5, 1, 1):  # re-joiner
                leave = _between(rng, join + timedelta(days=365), date(self.b.year - 3, 6, 30))
                spans = [
                    (join, leave),
                    (_between(rng, leave + timedelta(days=60), last_join), None),
                ]
            else:
                spans = [(join, None)]
            for start, end in spans:
                periods.append(
                    {
                        "organisation_id": org_id,
                        "join_date": start,
                        "leave_date": end,
                        "leave_reason": rng.choice(_LEAVE_REASONS) if end else None,
                        "category": "ordinario",
                        "agreement_signed": rng.random() < 0.92,
                        "commitment_evidence": None,
                        **self.stamp,
                    }
                )
            self.orgs.append(_SynthOrg(org_id, kind, cls, spans))
            self.by_join.append((spans[0][0], org_id))
        # The validators' questions (is this VAT taken? which periods has it?) answered in a
        # few set-based queries instead of one query per row.
        self.s.info[ValidationCache.KEY] = ValidationCache.load(
            self.s, (r["vat"] for r in rows if r["vat"]), (r["id"] for r in rows)
        )
        _bulk(self.s, Organisation, rows)
        _bulk(self.s, MembershipPeriod, periods)
        self.by_join.sort()

    def facts(self) -> None:
        rng = self.rng
        fees: list[dict[str, Any]] = []
        sizes: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        dues = {
            SmeClass.MICRO: Decimal(300),
            SmeClass.SMALL: Decimal(600),
            SmeClass.MEDIUM: Decimal(1200),
            SmeClass.LARGE: Decimal(3000),
        }
        for org in self.orgs:
            active_years = [
                y
                for y in self.years
                if any(
                    s <= date(y, 12, 31) and (e is None or e > date(y, 1, 1))
                    for s, e in org.periods
                )
            ]
            due = dues[org.cls] if org.cls else Decimal(1000)
            for year in active_years:
                paid = rng.random() < (0.8 if year == self.b.year else 0.94)
                when = date(year, 1, 15) + timedelta(days=rng.randint(0, 110))
                paid = paid and when <= self.today
                fees.append(
                    {
                        "organisation_id": org.id,
                        "year": year,
                        "amount_due": due,
                        "amount_paid": due if paid else Decimal(0),
                        "paid_date": when if paid else None,
                        **self.stamp,
                    }
                )
            if org.cls is not None and rng.random() < 0.95 and active_years:
                series = _random_series(rng, org.cls, len(active_years))
                for year, (staff, turnover, balance) in zip(active_years, series, strict=True):
                    sizes.append(
                        {
                            "organisation_id": org.id,
                            "year": year,
                            "staff_awu": staff,
                            "turnover": turnover,
                            "balance_sheet": balance,
                            "public_control_pct": None,
                            "source": f"Bilancio {year}",
                            **self.stamp,
                        }
                    )
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_SURNAMES)
            consent = rng.random() < 0.85
            contacts.append(
                {
                    "organisation_id": org.id,
                    "first_name": first,
                    "last_name": last,
                    "role": rng.choice(_COMPANY_ROLES),
                    "email": _personal_email(first, last, f"org{org.id}.it"),
                    "phone": _mobile(rng),
                    "is_primary": True,
                    "consent": consent,
                    "consent_date": org.periods[0][0] if consent else None,
                    "notes": None,
                    **self.stamp,
                }
            )
        _bulk(self.s, Fee, fees)
        _bulk(self.s, SizeData, sizes)
        _bulk(self.s, Contact, contacts)

    def areas_(self) -> None:
        rng = self.rng
        area_ids = [a.id for a in self.b.areas.values()]
        rows: list[dict[str, Any]] = []
        for org in self.orgs:
            if rng.random() > 0.75:
                continue
            start, end = org.periods[-1]
            for area_id in rng.sample(area_ids, rng.choice((1, 1, 2))):
                rows.append(
                    {
                        "area_id": area_id,
                        "organisation_id": org.id,
                        "from_date": start,
                        "to_date": end,
                        "role": None,
                        **self.stamp,
                    }
                )
        _bulk(self.s, AreaParticipation, rows)

    def _members_on(self, day: date) -> list[int]:
        """Ids of organisations that are members on *day*."""
        cut = bisect.bisect_right(self.by_join, (day, 1 << 62))
        out = []
        for _join, org_id in self.by_join[:cut]:
            org = self.orgs[org_id - 1]
            if any(s <= day and (e is None or e > day) for s, e in org.periods):
                out.append(org_id)
        return out

    def _sample_members(self, day: date, k: int, cache: dict[date, list[int]]) -> list[int]:
        key = day.replace(day=1)
        if key not in cache:
            cache[key] = self._members_on(key)
        pool = cache[key]
        return self.rng.sample(pool, min(k, len(pool)))

    def projects_(self) -> None:
        rng = self.rng
        statuses = list(ProjectStatus)
        area_ids = [a.id for a in self.b.areas.values()]
        pillar_ids = [p.id for p in self.b.pillars.values()]
        rows: list[dict[str, Any]] = []
        partners: list[dict[str, Any]] = []
        links_a: list[dict[str, Any]] = []
        links_p: list[dict[str, Any]] = []
        cache: dict[date, list[int]] = {}
        first = date(self.b.year - 4, 1, 1)
        for i in range(self.n_projects):
            project_id = i + 1
            status = rng.choice(statuses)
            start = _between(rng, first, self.today)
            total = _round_to(_log_uniform(rng, 80_000, 9_000_000), 1_000)
            cluster = _round_to(float(total) * rng.uniform(0.04, 0.25), 1_000)
            rows.append(
                {
                    "id": project_id,
                    "acronym": f"SYN-{project_id:04d}",
                    "title": f"Synthetic project {project_id} on "
                    f"{rng.choice(_AREA_TOPICS[rng.choice(_AREAS)[0]])}",
                    "programme": rng.choice(_SYNTH_PROGRAMMES),
                    "call_id": None,
                    "status": status,
                    "cluster_role": rng.choice((ProjectRole.COORDINATOR, ProjectRole.PARTNER)),
                    "start_date": start,
                    "end_date": start + timedelta(days=rng.randint(365, 1460)),
                    "total_budget": total,
                    "cluster_budget": cluster,
                    "eu_contribution": _round_to(float(total) * 0.7, 1_000),
                    "cordis_id": None,
                    "website": None,
                    "description": None,
                    **self.stamp,
                }
            )
            n = rng.randint(2, 8)
            for org_id in self._sample_members(start, n - 1, cache):
                partners.append(
                    {
                        "project_id": project_id,
                        "organisation_id": org_id,
                        "external_name": None,
                        "external_country": None,
                        "role": ProjectRole.PARTNER,
                        "budget": _round_to(float(total - cluster) / n, 1_000),
                        "contribution": None,
                        **self.stamp,
                    }
                )
            name, country = rng.choice(_EXTERNAL_PARTNERS)
            partners.append(
                {
                    "project_id": project_id,
                    "organisation_id": None,
                    "external_name": name,
                    "external_country": country,
                    "role": ProjectRole.PARTNER,
                    "budget": None,
                    "contribution": None,
                    **self.stamp,
                }
            )
            for area_id in rng.sample(area_ids, rng.randint(1, 2)):
                links_a.append({"project_id": project_id, "area_id": area_id})
            for pillar_id in rng.sample(pillar_ids, rng.randint(1, 2)):
                links_p.append({"project_id": project_id, "pillar_id": pillar_id})
        _bulk(self.s, Project, rows)
        _bulk(self.s, ProjectPartner, partners)
        _bulk(self.s, project_area, links_a)
        _bulk(self.s, project_pillar, links_p)

    def activities(self) -> None:
        rng = self.rng
        types = [t for t, _w in _ACTIVITY_WEIGHTS]
        weights = [w for _t, w in _ACTIVITY_WEIGHTS]
        area_ids = [a.id for a in self.b.areas.values()]
        rows: list[dict[str, Any]] = []
        people: list[dict[str, Any]] = []
        cache: dict[date, list[int]] = {}
        first = date(self.b.year - 4, 1, 1)
        days = sorted(_between(rng, first, self.today) for _ in range(2_000))
        for i, day in enumerate(days):
            activity_id = i + 1
            kind = rng.choices(types, weights)[0]
            rows.append(
                {
                    "id": activity_id,
                    "title": f"{kind.value.replace('_', ' ').capitalize()} {activity_id}",
                    "activity_type": kind,
                    "start_date": day,
                    "end_date": None,
                    "location": rng.choice(_LOCATIONS),
                    "description": None,
                    "anonymous_participants": rng.choice((0, 0, 10, 40)),
                    "area_id": rng.choice(area_ids),
                    **self.stamp,
                }
            )
            for org_id in self._sample_members(day, rng.randint(3, 40), cache):
                people.append(
                    {
                        "activity_id": activity_id,
                        "organisation_id": org_id,
                        "external_organisation": None,
                        "person_name": None,
                        "email": None,
                        **self.stamp,
                    }
                )
            if rng.random() < 0.3:
                people.append(
                    {
                        "activity_id": activity_id,
                        "organisation_id": None,
                        "external_organisation": rng.choice(_EXTERNAL_PEOPLE_ORGS),
                        "person_name": f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}",
                        "email": None,
                        **self.stamp,
                    }
                )
        _bulk(self.s, Activity, rows)
        _bulk(self.s, ActivityParticipant, people)

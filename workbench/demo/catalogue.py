"""The demo cluster's catalogue: institutions, banks, partners, areas, pillars, outlets.

The reference data the demo builder draws from (next to the name tables in :mod:`.names`).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.models import (
    ActivityType,
    MediaScope,
    OrgType,
)


@dataclass(frozen=True)
class Institution:
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


RESEARCH = (
    Institution(
        "Politecnico di Milano",
        OrgType.UNIVERSITY,
        "Milano",
        "Piazza Leonardo da Vinci 32",
        "20133",
        "polimi.it",
        nace="85.42",
        founder=True,
    ),
    Institution(
        "Università degli Studi di Milano-Bicocca",
        OrgType.UNIVERSITY,
        "Milano",
        "Piazza dell'Ateneo Nuovo 1",
        "20126",
        "unimib.it",
        nace="85.42",
    ),
    Institution(
        "Università degli Studi di Brescia",
        OrgType.UNIVERSITY,
        "Brescia",
        "Piazza del Mercato 15",
        "25121",
        "unibs.it",
        nace="85.42",
        founder=True,
    ),
    Institution(
        "Università degli Studi di Pavia",
        OrgType.UNIVERSITY,
        "Pavia",
        "Strada Nuova 65",
        "27100",
        "unipv.it",
        nace="85.42",
    ),
    Institution(
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
    Institution(
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
    Institution(
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
    Institution(
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

PUBLIC = (
    Institution(
        "Comune di Milano",
        OrgType.PUBLIC_BODY,
        "Milano",
        "Piazza della Scala 2",
        "20121",
        "comune.milano.it",
        nace="84.11",
        founder=True,
    ),
    Institution(
        "Comune di Brescia",
        OrgType.PUBLIC_BODY,
        "Brescia",
        "Piazza della Loggia 1",
        "25121",
        "comune.brescia.it",
        nace="84.11",
    ),
    Institution(
        "Comune di Bergamo",
        OrgType.PUBLIC_BODY,
        "Bergamo",
        "Piazza Matteotti 27",
        "24122",
        "comune.bergamo.it",
        nace="84.11",
    ),
    Institution(
        "Provincia di Lodi",
        OrgType.PUBLIC_BODY,
        "Lodi",
        "Via Fanfulla 14",
        "26900",
        "provincia.lodi.it",
        nace="84.11",
    ),
    Institution(
        "Camera di Commercio di Milano Monza Brianza Lodi",
        OrgType.PUBLIC_BODY,
        "Milano",
        "Via Meravigli 9/b",
        "20123",
        "milomb.camcom.it",
        nace="84.13",
    ),
)

ASSOCIATIONS = (
    Institution(
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
    Institution(
        "Confindustria Lombardia",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Pantano 9",
        "20122",
        "confindustria.lombardia.it",
        nace="94.11",
    ),
    Institution(
        "Confindustria Brescia",
        OrgType.ASSOCIATION,
        "Brescia",
        "Via Cefalonia 60",
        "25124",
        "confindustriabrescia.it",
        nace="94.11",
    ),
    Institution(
        "Confindustria Bergamo",
        OrgType.ASSOCIATION,
        "Bergamo",
        "Via Camozzi 70",
        "24121",
        "confindustriabergamo.it",
        nace="94.11",
    ),
    Institution(
        "Confartigianato Lombardia",
        OrgType.ASSOCIATION,
        "Milano",
        "Viale Vittorio Veneto 16/A",
        "20124",
        "confartigianato.lombardia.it",
        nace="94.11",
    ),
    Institution(
        "CNA Lombardia",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Ugo Foscolo 3",
        "20121",
        "cnalombardia.it",
        nace="94.11",
    ),
    Institution(
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
    Institution(
        "Fondazione Politecnico di Milano",
        OrgType.ASSOCIATION,
        "Milano",
        "Piazza Leonardo da Vinci 32",
        "20133",
        "fondazione.polimi.it",
        nace="72.19",
    ),
    Institution(
        "Fondazione Lombardia per l'Ambiente",
        OrgType.ASSOCIATION,
        "Milano",
        "Largo 10 Luglio 1976 1",
        "20822",
        "flanet.org",
        nace="94.99",
        has_vat=False,
    ),
    Institution(
        "ANIE Energia",
        OrgType.ASSOCIATION,
        "Milano",
        "Viale Vincenzo Lancetti 43",
        "20158",
        "anienergia.it",
        legal_name="ANIE Energia - Federazione ANIE",
        nace="94.12",
    ),
    Institution(
        "Consorzio Italiano Biogas",
        OrgType.ASSOCIATION,
        "Lodi",
        "Viale Dante Alighieri 4",
        "26900",
        "consorziobiogas.it",
        nace="94.11",
    ),
    Institution(
        "CTI - Comitato Termotecnico Italiano",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Scarlatti 29",
        "20124",
        "cti2000.it",
        legal_name="Comitato Termotecnico Italiano Energia e Ambiente",
        nace="71.20",
    ),
    Institution(
        "Consorzio Milano Ricerche",
        OrgType.ASSOCIATION,
        "Milano",
        "Via Roberto Cozzi 53",
        "20125",
        "milanoricerche.it",
        nace="72.19",
    ),
    Institution(
        "Distretto Green & High-Tech Monza Brianza",
        OrgType.ASSOCIATION,
        "Monza",
        "Via Enrico Fermi 10",
        "20900",
        "dghtmb.it",
        nace="94.11",
    ),
    Institution(
        "Consorzio Energia Veneto",
        OrgType.ASSOCIATION,
        "Verona",
        "Via Antonio Pacinotti 4/B",
        "37135",
        "consorziocev.it",
        nace="35.14",
    ),
)

FORMER_ASSOCIATION = Institution(
    "Associazione Energy Manager Lombardi",
    OrgType.ASSOCIATION,
    "Milano",
    "Via Lepetit 8",
    "20124",
    "energymanagerlombardi.it",
    nace="94.12",
)

# name, city, domain, size figures kind, category
BANKS = (
    ("Banca Sostenibile Italiana S.p.A.", "Milano", "bancasostenibile.it", "large_bank"),
    ("Banca Popolare del Lario S.p.A.", "Como", "popolarelario.it", "large_bank"),
    ("BCC dell'Adda e del Cremasco", "Crema", "bccaddacremasco.it", "medium_bank"),
    ("Credito Valtrompia S.p.A.", "Lumezzane", "creditovaltrompia.it", "small_bank"),
)

EXTERNAL_PARTNERS = (
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

EXTERNAL_PEOPLE_ORGS = (
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
AREAS = (
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

AREA_TOPICS: dict[str, tuple[str, ...]] = {
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
PILLARS: tuple[tuple[str, str, str, tuple[tuple[str, str, str, int, int], ...]], ...] = (
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

ACTIVITY_WEIGHTS: tuple[tuple[ActivityType, int], ...] = (
    (ActivityType.NETWORKING, 15),
    (ActivityType.MATCHMAKING, 10),
    (ActivityType.TRAINING, 18),
    (ActivityType.INTERNATIONALISATION, 8),
    (ActivityType.INFO_DAY, 12),
    (ActivityType.B2B, 8),
    (ActivityType.CONFERENCE, 5),
    (ActivityType.WORKSHOP, 22),
)
MISSIONS = (
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
FAIRS = (
    "Key Energy (Rimini)",
    "Ecomondo (Rimini)",
    "MCE - Mostra Convegno Expocomfort (Milano)",
    "Intersolar Europe (Monaco di Baviera)",
    "Hannover Messe",
    "Hydrogen Expo (Piacenza)",
    "Enlit Europe",
)
LOCATIONS = (
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
PROGRAMME_INFO = (
    "Horizon Europe",
    "LIFE",
    "Interreg Italia-Svizzera",
    "PR FESR Lombardia 2021-2027",
    "Interreg Alpine Space",
    "Interreg Central Europe",
    "Innovation Fund",
)

OUTLETS: tuple[tuple[str, MediaScope, str | None], ...] = (
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
MEDIA_TITLES = (
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

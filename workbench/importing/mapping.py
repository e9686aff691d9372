"""Column mapping: which column of a file feeds which field of the records being imported.

A :class:`Mapping` is a plain ``{header: field key}`` dictionary for one :class:`ImportKind`,
serialisable to JSON (for ``--mapping FILE`` and for :class:`~workbench.models.SavedMapping`).
:func:`suggest_mapping` proposes one automatically:

1. a mapping the user saved for a file with the same headers (matched by header *names*, so
   reordered columns and added columns do not matter);
2. header names in Italian, English, German, French and Spanish (folded: case, accents and
   punctuation do not matter; near spellings accepted with rapidfuzz);
3. the values of columns whose header says nothing (a column of valid VAT numbers, e-mail
   addresses, web addresses or dates).

Every suggestion carries its reason so the wizard can show it; the user can change any of them.
This module is Qt-free; only the saved-mapping helpers touch the database.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from workbench.errors import WorkbenchError
from workbench.importing.errors import alternatives
from workbench.importing.parsing import (
    parse_email,
    parse_fiscal_code,
    parse_org_type,
    parse_url,
    parse_vat,
)
from workbench.text import fold_for_search
from workbench.translatable import Message, compose, msg

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.db import Database
    from workbench.importing.readers import RawTable


class ImportKind(StrEnum):
    """What a file holds."""

    MEMBERS = "members"
    PROJECTS = "projects"
    ACTIVITIES = "activities"
    CORDIS = "cordis"


class MappingError(WorkbenchError):
    """A mapping (from a file or built by hand) cannot be used; the message says why."""


class ValueKind(StrEnum):
    """How the cells of a field are read (see ``plan.py``)."""

    TEXT = "text"
    DATE = "date"
    DECIMAL = "decimal"
    INT = "int"
    YEAR = "year"
    BOOL = "bool"
    VAT = "vat"
    FISCAL_CODE = "fiscal_code"
    EMAIL = "email"
    URL = "url"
    ORG_TYPE = "org_type"
    COUNTRY = "country"
    POSTCODE = "postcode"
    PROJECT_STATUS = "project_status"
    PROJECT_ROLE = "project_role"
    ACTIVITY_TYPE = "activity_type"
    PAID = "paid"  # an amount, or yes/no meaning "the whole fee"


@dataclass(frozen=True)
class FieldSpec:
    """A target field of an import.

    Attributes:
        key: Stable identifier used in mappings ("vat", "contact_email" ...).
        label: English label for the wizard.
        value_kind: How its cells are parsed.
        group: Record the field belongs to ("organisation", "membership", "fee", "size",
            "contact", "area", "project", "partner", "activity", "participant").
        synonyms: Header names that suggest it (any language; folded before comparing).
    """

    key: str
    label: str
    value_kind: ValueKind
    group: str
    synonyms: tuple[str, ...] = ()


def _f(key: str, label: str, kind: ValueKind, group: str, synonyms: str) -> FieldSpec:
    return FieldSpec(key, label, kind, group, tuple(s.strip() for s in synonyms.split("|")))


V = ValueKind

# Synonyms are written as people type them; they are folded like headers before comparing.
# Generic words (email, telefono, nome ...) appear under two fields and are resolved by context.
MEMBER_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "name",
        "Name",
        V.TEXT,
        "organisation",
        "ragione sociale|denominazione|denominazione sociale|azienda|impresa|ente|organizzazione|"
        "nome azienda|nome ente|nome impresa|socio|soci|associato|company|company name|"
        "organisation|organization|organisation name|organization name|member|member name|"
        "nome|name|firma|firmenname|unternehmen|name des unternehmens|raison sociale|entreprise|"
        "nom|nom de l entreprise|empresa|razon social|nombre|nombre de la empresa|entidad",
    ),
    _f(
        "legal_name",
        "Legal name",
        V.TEXT,
        "organisation",
        "denominazione legale|denominazione completa|ragione sociale completa|nome legale|"
        "legal name|official name|registered name|rechtlicher name|amtlicher name|"
        "denomination legale|denominacion legal|legalname",
    ),
    _f(
        "vat",
        "VAT number",
        V.VAT,
        "organisation",
        "p iva|piva|partita iva|partita i v a|p i v a|codice iva|numero partita iva|iva|vat|"
        "vat number|vat no|vat nr|vat id|vat code|vat reg no|vatnumber|tax id|ust idnr|"
        "ust id nr|ust id|ustid|umsatzsteuer id|umsatzsteuer identifikationsnummer|n tva|"
        "no tva|numero tva|tva|numero de tva|tva intracommunautaire|nif|cif|nif cif|nif iva",
    ),
    _f(
        "fiscal_code",
        "Codice fiscale",
        V.FISCAL_CODE,
        "organisation",
        "codice fiscale|c f|cf|cod fisc|cod fiscale|fiscal code|tax code|steuernummer|"
        "code fiscal|codigo fiscal",
    ),
    _f(
        "org_type",
        "Organisation type",
        V.ORG_TYPE,
        "organisation",
        "tipologia|tipo|type|tipo ente|tipologia ente|tipologia socio|tipo organizzazione|"
        "natura giuridica|forma giuridica|organisation type|organization type|type of organisation|"
        "legal form|activity type|activitytype|art|typ|organisationstyp|rechtsform|"
        "type d organisation|forme juridique|tipo de entidad|tipo de organizacion",
    ),
    _f(
        "nace",
        "NACE / ATECO code",
        V.TEXT,
        "organisation",
        "ateco|codice ateco|ateco 2007|nace|nace code|codice nace|nace rev 2|wz|wz code|"
        "wirtschaftszweig|naf|code naf|code ape|cnae|codigo cnae|sector code",
    ),
    _f(
        "address",
        "Address",
        V.TEXT,
        "organisation",
        "indirizzo|via|sede|sede legale|indirizzo sede|sede operativa|address|street|"
        "street address|strasse|anschrift|adresse|rue|direccion|calle|domicilio",
    ),
    _f(
        "postcode",
        "Postcode",
        V.POSTCODE,
        "organisation",
        "cap|c a p|codice postale|postcode|post code|postal code|zip|zip code|postcode|plz|"
        "postleitzahl|code postal|cp|codigo postal",
    ),
    _f(
        "city",
        "City",
        V.TEXT,
        "organisation",
        "comune|citta|localita|citta sede|comune sede|city|town|ort|stadt|ville|commune|ciudad|"
        "localidad|municipio|poblacion",
    ),
    _f(
        "province",
        "Province",
        V.TEXT,
        "organisation",
        "provincia|prov|sigla provincia|province|county|kreis|landkreis|departement|provincia de",
    ),
    _f(
        "region",
        "Region",
        V.TEXT,
        "organisation",
        "regione|region|bundesland|comunidad autonoma|region administrative",
    ),
    _f(
        "nuts2",
        "NUTS-2 region",
        V.TEXT,
        "organisation",
        "nuts2|nuts 2|nuts|nuts code|nutscode|codice nuts|nuts region",
    ),
    _f(
        "country",
        "Country",
        V.COUNTRY,
        "organisation",
        "nazione|paese|stato|country|country code|land|staat|pays|pais|nacion",
    ),
    _f(
        "website",
        "Website",
        V.URL,
        "organisation",
        "sito web|sito|sito internet|indirizzo web|website|web site|web|url|homepage|home page|"
        "internet|webseite|internetseite|site web|site internet|sitio web|pagina web",
    ),
    _f(
        "email",
        "E-mail (organisation)",
        V.EMAIL,
        "organisation",
        "email|e mail|mail|pec|posta elettronica|posta elettronica certificata|indirizzo email|"
        "indirizzo e mail|indirizzo mail|email sede|e mail sede|mail sede|email sede legale|"
        "e mail sede legale|mail sede legale|email ufficio|e mail ufficio|email segreteria|"
        "email aziendale|email azienda|email ente|mail aziendale|company email|general email|"
        "email address|e mail address|mail address|office email|office e mail|"
        "courriel|correo|correo electronico",
    ),
    _f(
        "phone",
        "Phone (organisation)",
        V.TEXT,
        "organisation",
        "telefono|tel|telefono azienda|telefono sede|centralino|phone|telephone|phone number|"
        "company phone|telefon|telefonnummer|numero de telephone|telefono empresa",
    ),
    _f(
        "join_date",
        "Member since",
        V.DATE,
        "membership",
        "data adesione|data di adesione|adesione|data iscrizione|iscritto dal|iscrizione|"
        "socio dal|associato dal|data ingresso|member since|joined|join date|joining date|"
        "date joined|membership start|membership date|beitrittsdatum|mitglied seit|beitritt|"
        "date d adhesion|adhesion|membre depuis|date adhesion|fecha de adhesion|fecha alta|"
        "miembro desde|alta",
    ),
    _f(
        "leave_date",
        "Left on",
        V.DATE,
        "membership",
        "data recesso|recesso|data uscita|data cessazione|cessato il|data dimissioni|leave date|"
        "left|left on|date left|membership end|end of membership|austrittsdatum|austritt|"
        "date de sortie|date de depart|fecha baja|fecha de baja|baja",
    ),
    _f(
        "category",
        "Membership category",
        V.TEXT,
        "membership",
        "categoria socio|tipo socio|categoria|categoria associativa|tipo adesione|"
        "membership category|member category|membership type|category|mitgliedsart|"
        "mitgliedschaft|categorie|categorie de membre|categoria de socio",
    ),
    _f(
        "year",
        "Year (fee and size data)",
        V.YEAR,
        "year",
        "anno|anno di riferimento|esercizio|year|reference year|jahr|bezugsjahr|annee|ano",
    ),
    _f(
        "fee_year",
        "Fee year",
        V.YEAR,
        "fee",
        "anno quota|quota anno|anno quota associativa|fee year|membership year|beitragsjahr|"
        "annee cotisation|ano cuota",
    ),
    _f(
        "fee_due",
        "Fee due",
        V.DECIMAL,
        "fee",
        "quota|quota associativa|quota annuale|quota annua|importo quota|quota dovuta|"
        "contributo associativo|fee|membership fee|annual fee|fee due|amount due|"
        "mitgliedsbeitrag|beitrag|jahresbeitrag|cotisation|montant cotisation|cuota|cuota anual",
    ),
    _f(
        "fee_paid",
        "Fee paid (amount or yes/no)",
        V.PAID,
        "fee",
        "pagato|pagata|quota pagata|importo pagato|versato|importo versato|pagamento|saldato|"
        "paid|fee paid|amount paid|payment|bezahlt|gezahlt|beitrag bezahlt|paye|payee|"
        "cotisation payee|pagado|cuota pagada",
    ),
    _f(
        "fee_paid_date",
        "Fee paid on",
        V.DATE,
        "fee",
        "data pagamento|data versamento|pagato il|payment date|paid on|date paid|"
        "zahlungsdatum|bezahlt am|date de paiement|fecha de pago",
    ),
    _f(
        "size_year",
        "Size data year",
        V.YEAR,
        "size",
        "anno bilancio|anno dati|esercizio di riferimento|anno esercizio|balance year|"
        "fiscal year|financial year|geschaftsjahr|annee fiscale|exercice|ejercicio",
    ),
    _f(
        "staff_awu",
        "Staff (annual work units)",
        V.DECIMAL,
        "size",
        "dipendenti|addetti|numero dipendenti|n dipendenti|numero addetti|n addetti|ula|"
        "unita lavorative annue|organico|personale|employees|staff|headcount|"
        "number of employees|staff headcount|awu|annual work units|fte|mitarbeiter|"
        "anzahl mitarbeiter|beschaftigte|effectif|effectifs|salaries|nombre de salaries|"
        "empleados|plantilla|trabajadores|numero de empleados",
    ),
    _f(
        "turnover",
        "Turnover",
        V.DECIMAL,
        "size",
        "fatturato|fatturato annuo|ricavi|ricavi delle vendite|valore della produzione|"
        "volume d affari|turnover|annual turnover|revenue|revenues|sales|umsatz|jahresumsatz|"
        "chiffre d affaires|ca|facturacion|volumen de negocio|cifra de negocio|"
        "importe neto de la cifra de negocios",
    ),
    _f(
        "balance_sheet",
        "Balance-sheet total",
        V.DECIMAL,
        "size",
        "totale attivo|attivo|totale di bilancio|totale bilancio|totale attivo di bilancio|"
        "balance sheet total|balance sheet|total assets|bilanzsumme|total du bilan|total bilan|"
        "total de bilan|balance general|total activo",
    ),
    _f(
        "contact_name",
        "Contact person (full name)",
        V.TEXT,
        "contact",
        "referente|nome referente|nominativo referente|referente aziendale|persona di contatto|"
        "contatto|nome e cognome|nominativo|rappresentante|responsabile|contact person|"
        "contact|contact name|main contact|representative|full name|ansprechpartner|"
        "kontaktperson|kontakt|personne de contact|interlocuteur|persona de contacto|contacto",
    ),
    _f(
        "contact_first_name",
        "Contact first name",
        V.TEXT,
        "contact",
        "nome|nome referente|first name|firstname|given name|forename|name|vorname|prenom|nombre",
    ),
    _f(
        "contact_last_name",
        "Contact last name",
        V.TEXT,
        "contact",
        "cognome|cognome referente|last name|lastname|surname|family name|nachname|"
        "familienname|nom de famille|apellido|apellidos",
    ),
    _f(
        "contact_role",
        "Contact role",
        V.TEXT,
        "contact",
        "ruolo|ruolo referente|qualifica|carica|funzione|posizione|role|job title|position|"
        "title|funktion|rolle|stellung|fonction|poste|cargo|puesto",
    ),
    _f(
        "contact_email",
        "Contact e-mail",
        V.EMAIL,
        "contact",
        "email|e mail|mail|indirizzo email|posta elettronica|email referente|mail referente|"
        "e mail referente|email contatto|email personale|contact email|email contact|"
        "contact e mail|email ansprechpartner|courriel contact|correo contacto",
    ),
    _f(
        "contact_phone",
        "Contact phone",
        V.TEXT,
        "contact",
        "telefono|tel|phone|telephone|telefon|telefono referente|tel referente|cellulare|cell|"
        "mobile|mobile phone|contact phone|handy|mobil|portable|movil",
    ),
    _f(
        "contact_consent",
        "Contact consent (yes/no)",
        V.BOOL,
        "contact",
        "consenso|consenso privacy|privacy|consenso gdpr|consenso trattamento dati|gdpr|consent|"
        "privacy consent|gdpr consent|einwilligung|datenschutz|consentement|consentimiento",
    ),
    _f(
        "area",
        "Competence area",
        V.TEXT,
        "area",
        "area di competenza|aree di competenza|area|aree|gruppo di lavoro|gruppi di lavoro|"
        "tavolo di lavoro|area tematica|working group|working groups|competence area|"
        "competence areas|arbeitsgruppe|arbeitskreis|kompetenzbereich|groupe de travail|"
        "grupo de trabajo",
    ),
    _f(
        "area_from",
        "In the area since",
        V.DATE,
        "area",
        "area dal|in area dal|data ingresso area|area from|area since|in working group since|"
        "gruppo di lavoro dal|arbeitsgruppe seit",
    ),
)

PROJECT_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "acronym",
        "Acronym",
        V.TEXT,
        "project",
        "acronimo|acronimo progetto|sigla|sigla progetto|acronym|project acronym|projectacronym|"
        "short name|projektakronym|akronym|acronyme|acronimo del proyecto",
    ),
    _f(
        "title",
        "Title",
        V.TEXT,
        "project",
        "titolo|titolo progetto|titolo del progetto|nome progetto|progetto|title|project title|"
        "project name|project|titel|projekttitel|projektname|titre|titre du projet|titulo|"
        "titulo del proyecto|proyecto",
    ),
    _f(
        "programme",
        "Programme",
        V.TEXT,
        "project",
        "programma|programma di finanziamento|fonte di finanziamento|programme|program|"
        "funding programme|funding program|frameworkprogramme|framework programme|programm|"
        "forderprogramm|programme de financement|programa|programa de financiacion",
    ),
    _f(
        "call_id",
        "Call",
        V.TEXT,
        "project",
        "bando|id bando|codice bando|call|call id|call identifier|topic|mastercall|subcall|"
        "ausschreibung|appel|appel a projets|convocatoria",
    ),
    _f(
        "status",
        "Status",
        V.PROJECT_STATUS,
        "project",
        "stato|stato progetto|status|project status|projektstatus|statut|estado",
    ),
    _f(
        "cluster_role",
        "Role of the cluster",
        V.PROJECT_ROLE,
        "project",
        "ruolo cluster|ruolo del cluster|cluster role|role of the cluster|rolle des clusters|"
        "role du cluster|rol del cluster",
    ),
    _f(
        "start_date",
        "Start date",
        V.DATE,
        "project",
        "data inizio|inizio|data avvio|data di inizio|start date|start|startdate|begin|beginn|"
        "projektbeginn|startdatum|date de debut|debut|fecha de inicio|fecha inicio|inicio",
    ),
    _f(
        "end_date",
        "End date",
        V.DATE,
        "project",
        "data fine|fine|data conclusione|data di fine|scadenza|end date|end|enddate|ende|"
        "projektende|enddatum|date de fin|fin|fecha de fin|fecha fin",
    ),
    _f(
        "total_budget",
        "Total budget",
        V.DECIMAL,
        "project",
        "budget totale|budget|costo totale|costo complessivo|importo progetto|valore progetto|"
        "total budget|total cost|totalcost|project budget|project cost|gesamtbudget|"
        "gesamtkosten|budget total|cout total|presupuesto|presupuesto total|coste total",
    ),
    _f(
        "cluster_budget",
        "Cluster budget",
        V.DECIMAL,
        "project",
        "budget cluster|quota cluster|budget del cluster|cluster budget|cluster share|"
        "budget des clusters|presupuesto del cluster",
    ),
    _f(
        "eu_contribution",
        "EU / public contribution",
        V.DECIMAL,
        "project",
        "contributo ue|contributo|contributo pubblico|contributo richiesto|finanziamento|"
        "finanziamento ue|eu contribution|ec contribution|ecmaxcontribution|"
        "ec max contribution|max contribution|grant|funding|eu funding|public funding|"
        "eu beitrag|forderung|fordersumme|zuschuss|contribution ue|subvention|contribucion ue|"
        "subvencion|financiacion ue",
    ),
    _f(
        "cordis_id",
        "CORDIS project id",
        V.TEXT,
        "project",
        "id cordis|cordis id|cordis|grant agreement|grant agreement number|ga number|"
        "numero ga|project id|projectid|project number|id progetto",
    ),
    _f(
        "website",
        "Project website",
        V.URL,
        "project",
        "sito progetto|sito web progetto|sito web|website|project website|web|url|webseite|"
        "site web|sitio web",
    ),
    _f(
        "partner_name",
        "Partner",
        V.TEXT,
        "partner",
        "partner|nome partner|partner di progetto|beneficiario|ente partner|partner name|"
        "organisation|organization|participant|beneficiary|partnerorganisation|partnername|"
        "partenaire|nom du partenaire|socio del proyecto|beneficiario",
    ),
    _f(
        "partner_vat",
        "Partner VAT number",
        V.VAT,
        "partner",
        "p iva partner|partita iva partner|piva partner|partner vat|vat partner|vat|vat number|"
        "vatnumber|p iva|partita iva|ust idnr|n tva|nif",
    ),
    _f(
        "partner_role",
        "Partner role",
        V.PROJECT_ROLE,
        "partner",
        "ruolo partner|ruolo|ruolo nel progetto|partner role|role|role in project|rolle|"
        "role du partenaire|rol|papel",
    ),
    _f(
        "partner_country",
        "Partner country",
        V.COUNTRY,
        "partner",
        "paese partner|nazione partner|nazione|paese|partner country|country|land|pays|pais",
    ),
    _f(
        "partner_budget",
        "Partner budget",
        V.DECIMAL,
        "partner",
        "budget partner|quota partner|costo partner|budget del partner|partner budget|"
        "partner cost|partner total cost|budget partenaire|presupuesto del socio",
    ),
    _f(
        "partner_contribution",
        "Partner contribution",
        V.DECIMAL,
        "partner",
        "contributo partner|contributo ue partner|partner contribution|partner eu contribution|"
        "eccontribution|ec contribution partner|contribution partenaire|contribucion del socio",
    ),
)

ACTIVITY_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "start_date",
        "Date",
        V.DATE,
        "activity",
        "data|data evento|data attivita|giorno|data inizio|date|event date|activity date|"
        "start date|datum|veranstaltungsdatum|date de l evenement|fecha|fecha del evento",
    ),
    _f(
        "end_date",
        "End date",
        V.DATE,
        "activity",
        "data fine|fine|al|end date|until|bis|enddatum|date de fin|fecha de fin",
    ),
    _f(
        "title",
        "Title",
        V.TEXT,
        "activity",
        "titolo|titolo evento|evento|nome evento|attivita|iniziativa|titolo attivita|title|"
        "event|event name|event title|activity|activity title|veranstaltung|titel|"
        "evenement|titre|nom de l evenement|actividad|evento|titulo",
    ),
    _f(
        "activity_type",
        "Type",
        V.ACTIVITY_TYPE,
        "activity",
        "tipo|tipologia|tipo attivita|tipo evento|tipologia evento|format|type|activity type|"
        "event type|art|typ|veranstaltungsart|type d activite|type d evenement|"
        "tipo de actividad|tipo de evento",
    ),
    _f(
        "location",
        "Location",
        V.TEXT,
        "activity",
        "luogo|sede|sede evento|location|place|venue|city|ort|veranstaltungsort|lieu|lugar",
    ),
    _f(
        "participant_org",
        "Participant organisation",
        V.TEXT,
        "participant",
        "azienda|ente|organizzazione|ragione sociale|societa|impresa|company|organisation|"
        "organization|affiliation|firma|unternehmen|organisation du participant|entreprise|"
        "empresa|entidad",
    ),
    _f(
        "participant_vat",
        "Participant organisation VAT",
        V.VAT,
        "participant",
        "p iva|partita iva|piva|vat|vat number|ust idnr|n tva|nif",
    ),
    _f(
        "participant_name",
        "Participant (full name)",
        V.TEXT,
        "participant",
        "partecipante|nome e cognome|nominativo|participant|participant name|attendee|"
        "full name|name|teilnehmer|teilnehmername|nom complet|nombre completo|asistente",
    ),
    _f(
        "participant_first_name",
        "Participant first name",
        V.TEXT,
        "participant",
        "nome|first name|firstname|given name|vorname|prenom|nombre",
    ),
    _f(
        "participant_last_name",
        "Participant last name",
        V.TEXT,
        "participant",
        "cognome|last name|lastname|surname|family name|nachname|nom de famille|apellido|apellidos",
    ),
    _f(
        "participant_email",
        "Participant e-mail",
        V.EMAIL,
        "participant",
        "email|e mail|mail|email partecipante|indirizzo email|participant email|courriel|"
        "correo|correo electronico",
    ),
)

FIELDS: dict[ImportKind, tuple[FieldSpec, ...]] = {
    ImportKind.MEMBERS: MEMBER_FIELDS,
    ImportKind.PROJECTS: PROJECT_FIELDS,
    ImportKind.ACTIVITIES: ACTIVITY_FIELDS,
    ImportKind.CORDIS: PROJECT_FIELDS,
}

#: Fields of which at least one must be mapped, per kind (the record's identity).
IDENTITY_FIELDS: dict[ImportKind, tuple[tuple[str, ...], ...]] = {
    ImportKind.MEMBERS: (("name", "vat"),),
    ImportKind.PROJECTS: (("acronym", "cordis_id"),),
    ImportKind.ACTIVITIES: (("start_date",), ("title",)),
    ImportKind.CORDIS: (("acronym", "cordis_id"),),
}

#: Columns added by the error report; never mapped, so a corrected report re-imports as it is.
REPORT_COLUMNS = ("row", "column", "problem")

# Synonyms shared by two fields: which field wins depends on the other columns of the file.
_GENERIC_CONTACT = frozenset(
    {
        "email",
        "e mail",
        "mail",
        "indirizzo email",
        "posta elettronica",
        "telefono",
        "tel",
        "phone",
        "telephone",
        "telefon",
    }
)
_GENERIC_FIRST_NAME = frozenset({"nome", "name", "nombre"})
_STOPWORDS = frozenset(
    "di del della dei degli delle dell de la il lo le l the of a der die das des du d el los las "
    "n nr no num numero nb in en euro eur e".split()
)
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

#: Scores (0-100) of the suggestion sources; suggestions under ``MIN_SCORE`` are dropped.
EXACT_SCORE = 100.0
MIN_SCORE = 75.0
VALUE_SCORE = 70.0

_NOT_AN_OBJECT = msg("A mapping must be a JSON object of column header -> field.")


def fields_for(kind: ImportKind | str) -> tuple[FieldSpec, ...]:
    """The target fields of *kind*, in the order the wizard lists them."""
    return FIELDS[ImportKind(kind)]


def field_spec(kind: ImportKind | str, key: str) -> FieldSpec:
    """The :class:`FieldSpec` of *key* in *kind*; MappingError when there is none."""
    for spec in fields_for(kind):
        if spec.key == key:
            return spec
    known = ", ".join(s.key for s in fields_for(kind))
    raise MappingError(
        msg(
            '"{key}" is not a field of a {kind} import ({known}).',
            key=key,
            kind=ImportKind(kind).value,
            known=known,
        )
    )


def field_label(spec: FieldSpec) -> Message:
    """The English label of *spec* as a Message parameter of mapping messages.

    The interface translates it like the wizard's field names (see ``workbench.ui.i18n``).
    """
    return Message(spec.label)


def fold_header(header: str) -> str:
    """A header folded for comparison: camelCase split, accents and punctuation removed.

    "P.IVA" -> "p iva", "Città" -> "citta", "startDate" -> "start date", "N° TVA" -> "n tva".
    """
    text = _CAMEL.sub(" ", header)
    text = fold_for_search(text)
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def _core(folded: str) -> str:
    """Folded header without years, bare numbers and stop words ("quota 2024" -> "quota")."""
    words = [w for w in folded.split() if w not in _STOPWORDS and not w.isdigit()]
    return " ".join(words) or folded


def header_year(header: str) -> int | None:
    """A year written in a header ("Fatturato 2023" -> 2023), or None."""
    found = _YEAR_IN_HEADER.findall(header)
    return int(found[0]) if len(set(found)) == 1 else None


# --------------------------------------------------------------------------------------------
# The mapping


@dataclass
class Mapping:
    """Which column (by header name) feeds which field.

    Attributes:
        kind: What the file holds.
        columns: ``{header: field key}``; columns not listed are ignored.
    """

    kind: ImportKind
    columns: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = ImportKind(self.kind)

    def header_for(self, key: str) -> str | None:
        """The header mapped to field *key*, or None."""
        for header, mapped in self.columns.items():
            if mapped == key:
                return header
        return None

    def fields(self) -> dict[str, str]:
        """``{field key: header}`` of the mapped fields."""
        return {key: header for header, key in self.columns.items()}

    def check(self, headers: Sequence[str] | None = None) -> None:
        """Raise MappingError for unknown fields, a field mapped twice or a missing identity.

        With *headers*, headers of the mapping that the file lacks are reported too.
        """
        seen: dict[str, str] = {}
        for header, key in self.columns.items():
            field_spec(self.kind, key)
            if key in seen:
                raise MappingError(
                    msg(
                        'Columns "{first}" and "{second}" are both mapped to '
                        '"{field}": keep one of them.',
                        first=seen[key],
                        second=header,
                        field=field_label(field_spec(self.kind, key)),
                    )
                )
            seen[key] = header
        for choices in IDENTITY_FIELDS[self.kind]:
            if not any(key in seen for key in choices):
                labels = alternatives(
                    compose('"{field}"', field=field_label(field_spec(self.kind, k)))
                    for k in choices
                )
                raise MappingError(
                    msg(
                        "Map a column to {fields}: without it rows cannot be matched.",
                        fields=labels,
                    )
                )
        if headers is not None:
            missing = [h for h in self.columns if h not in set(headers)]
            if missing:
                raise MappingError(
                    msg(
                        "The mapping names columns the file does not have: {columns}. "
                        "Check the sheet, or change the mapping.",
                        columns=", ".join(f'"{h}"' for h in missing),
                    )
                )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"kind": ..., "columns": {header: field}}``."""
        return {"kind": self.kind.value, "columns": dict(self.columns)}

    def to_json(self) -> str:
        """The mapping as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: Any, kind: ImportKind | str | None = None) -> Mapping:
        """Read ``{"kind": ..., "columns": {...}}`` or a bare ``{header: field}`` dictionary.

        Raises:
            MappingError: The data is not a mapping of text to field names, or its kind differs
                from *kind*.
        """
        if not isinstance(data, dict):
            raise MappingError(_NOT_AN_OBJECT)
        columns = data.get("columns", data) if "columns" in data else data
        found_kind = data.get("kind") if "columns" in data else None
        if kind is not None and found_kind is not None and ImportKind(kind) != found_kind:
            raise MappingError(
                msg(
                    "The mapping is for a {found} import, not a {kind} one.",
                    found=found_kind,
                    kind=ImportKind(kind).value,
                )
            )
        chosen = kind or found_kind
        if chosen is None:
            raise MappingError(msg('The mapping does not say what it imports (add "kind").'))
        if not isinstance(columns, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
        ):
            raise MappingError(_NOT_AN_OBJECT)
        try:
            return cls(ImportKind(chosen), dict(columns))
        except ValueError:
            raise MappingError(msg('"{kind}" is not a kind of import.', kind=chosen)) from None

    @classmethod
    def from_json(cls, text: str, kind: ImportKind | str | None = None) -> Mapping:
        """Parse JSON text (see :meth:`from_dict`)."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappingError(
                msg(
                    "The mapping is not valid JSON ({error}, line {line}).",
                    error=exc.msg,
                    line=exc.lineno,
                )
            ) from None
        return cls.from_dict(data, kind)


def load_mapping_file(path: str | Path, kind: ImportKind | str | None = None) -> Mapping:
    """Read a mapping file (JSON) for ``--mapping FILE``; MappingError naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MappingError(
            msg(
                "The mapping file {file} cannot be read ({reason}).",
                file=path.name,
                reason=exc.strerror,
            )
        ) from None
    try:
        mapping = Mapping.from_json(text, kind)
    except MappingError as exc:
        raise _in_file(path, exc) from None
    for key in mapping.columns.values():
        try:
            field_spec(mapping.kind, key)
        except MappingError as exc:
            raise _in_file(path, exc) from None
    return mapping


def _in_file(path: Path, exc: MappingError) -> MappingError:
    """*exc* prefixed with the name of the mapping file it is about."""
    text = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
    return MappingError(compose("{file}: {error}", file=path.name, error=text))


def write_mapping_file(mapping: Mapping, path: str | Path) -> None:
    """Write *mapping* as a JSON file that :func:`load_mapping_file` reads back."""
    Path(path).write_text(mapping.to_json() + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Suggestions


@dataclass(frozen=True)
class ColumnSuggestion:
    """Why a column is (or is not) mapped.

    Attributes:
        header: The column.
        field: Suggested field key, or None when nothing fits.
        score: Confidence 0-100 (100 = exact header or saved mapping).
        reason: "saved", "header", "values" or "" (not mapped), for the wizard.
        detail: Human explanation ('header "P.IVA" means VAT number').
    """

    header: str
    field: str | None
    score: float
    reason: str
    detail: str = ""


@dataclass
class MappingSuggestion:
    """A proposed mapping with the reason for every column.

    Attributes:
        mapping: The proposal (the user may change it).
        columns: One :class:`ColumnSuggestion` per header, in file order.
        saved_id: Id of the SavedMapping that was re-applied, or None.
    """

    mapping: Mapping
    columns: list[ColumnSuggestion]
    saved_id: int | None = None


def suggest_mapping(
    table: RawTable,
    kind: ImportKind | str,
    *,
    db: Database | None = None,
    session: Session | None = None,
) -> MappingSuggestion:
    """Propose a mapping for *table*: saved mapping first, then headers, then values.

    Args:
        table: The file as read.
        kind: What the file holds.
        db: With a database, a mapping saved for the same headers is re-applied; columns it
            does not cover are suggested as usual.
        session: An open session to use instead of *db*.
    """
    kind = ImportKind(kind)
    saved: tuple[int, Mapping] | None = None
    if session is not None:
        saved = find_saved_mapping(session, kind, table.headers)
    elif db is not None:
        from workbench.services.base import unit_of_work

        with unit_of_work(db, write=False) as s:
            saved = find_saved_mapping(s, kind, table.headers)
    fixed = dict(saved[1].columns) if saved else {}
    automatic = _suggest(table, kind, fixed)
    columns: list[ColumnSuggestion] = []
    result: dict[str, str] = {}
    for header in table.headers:
        if header in fixed:
            key = fixed[header]
            columns.append(
                ColumnSuggestion(
                    header,
                    key,
                    EXACT_SCORE,
                    "saved",
                    msg("as in the mapping saved for these columns"),
                )
            )
            result[header] = key
        elif header in automatic:
            columns.append(automatic[header])
            if automatic[header].field:
                result[header] = automatic[header].field  # type: ignore[assignment]
        else:
            columns.append(ColumnSuggestion(header, None, 0.0, ""))
    return MappingSuggestion(Mapping(kind, result), columns, saved[0] if saved else None)


def _suggest(
    table: RawTable, kind: ImportKind, fixed: dict[str, str]
) -> dict[str, ColumnSuggestion]:
    specs = fields_for(kind)
    taken_fields = set(fixed.values())
    free = [
        (j, h)
        for j, h in enumerate(table.headers)
        if h not in fixed and fold_header(h) not in REPORT_COLUMNS
    ]
    scored: list[tuple[float, int, int, str, str]] = []  # score, -order, column, key, synonym
    per_column: dict[int, list[tuple[float, str, str]]] = {}
    for j, header in free:
        folded = fold_header(header)
        if folded.startswith("column ") and len(folded.split()) == 2:
            continue  # "Column C": no header in the file
        per_column[j] = _not_one_person(folded, _header_scores(folded, specs))
    context = _context(per_column, set(fixed.values()))
    for j, candidates in per_column.items():
        for score, key, synonym in candidates:
            score = _adjust(score, key, synonym, context)
            if score >= MIN_SCORE:
                scored.append((score, -len(synonym), j, key, synonym))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    chosen: dict[int, ColumnSuggestion] = {}
    for score, _order, j, key, _synonym in scored:
        if j in chosen or key in taken_fields:
            continue
        header = table.headers[j]
        spec = field_spec(kind, key)
        chosen[j] = ColumnSuggestion(
            header,
            key,
            round(score, 1),
            "header",
            msg('header "{header}" reads as {field}', header=header, field=field_label(spec)),
        )
        taken_fields.add(key)
    _resolve_by_values(table, kind, chosen, taken_fields)
    for j, header in free:
        if j not in chosen:
            guess = _value_guess(table, j, kind, taken_fields, person=context.contact_person)
            if guess is not None:
                label = field_label(field_spec(kind, guess))
                chosen[j] = ColumnSuggestion(
                    header,
                    guess,
                    VALUE_SCORE,
                    "values",
                    msg("its values look like {field}", field=label),
                )
                taken_fields.add(guess)
    return {table.headers[j]: s for j, s in chosen.items()}


def _header_scores(folded: str, specs: Sequence[FieldSpec]) -> list[tuple[float, str, str]]:
    """(score, field, synonym) for every field whose synonyms resemble the header.

    A synonym scores ``EXACT_SCORE`` when it folds to the header, one less when it is equal
    once years and little words are ignored, ``ratio - 2`` when the two are at least 88%
    alike (both 4 letters or more), and 78-95 when the header holds all its words (the more
    of the header it explains, the better). Each field keeps its best synonym, the first one
    listed on a tie. The synonyms are looked up in an index built once per field list (see
    :class:`_SynonymIndex`), so scoring a header costs the same however many synonyms there
    are, and a header row costs O(columns).
    """
    index = _synonym_index(tuple(specs))
    core = _core(folded)
    words = set(core.split())
    # spec position -> (score, -synonym order, synonym): max() keeps the first synonym on a tie
    best: dict[int, tuple[float, int, str]] = {}

    def offer(entries: Iterable[_Synonym], score: float) -> None:
        for entry in entries:
            candidate = (score, -entry.order, entry.synonym)
            if candidate > best.get(entry.spec, (0.0, 0, "")):
                best[entry.spec] = candidate

    offer(index.by_folded.get(folded, ()), EXACT_SCORE)
    offer(index.by_core.get(core, ()), EXACT_SCORE - 1)  # equal without years, little words
    if len(core) >= 4:
        for syn, ratio, _ in process.extract(
            core, index.fuzzy_cores, scorer=fuzz.ratio, processor=None, score_cutoff=88,
            limit=None,
        ):  # fmt: skip
            offer(index.by_core[syn], ratio - 2)
    # The header contains the synonym plus other words ("Quota associativa 2024 (€)"): good,
    # and better the more of the header it explains.
    seen: set[int] = set()
    for word in words:
        for entry in index.by_word.get(word, ()):
            if entry.order not in seen and entry.words <= words:
                seen.add(entry.order)
                offer((entry,), 78 + 17 * (len(entry.core) / max(len(core), 1)))
    return [
        (score, specs[position].key, synonym)
        for position, (score, _order, synonym) in sorted(best.items())
    ]


@dataclass(frozen=True)
class _Synonym:
    spec: int  # position of its field in the field list
    order: int  # position among all synonyms of the list, for "first listed wins"
    synonym: str  # as written in the field list
    core: str  # _core(fold_header(synonym))
    words: frozenset[str]  # the words of core


@dataclass(frozen=True)
class _SynonymIndex:
    """The synonyms of one field list, folded once and filed by every key a header may match.

    Attributes:
        by_folded: Folded synonym -> its entries (exact matches).
        by_core: Core of a synonym (years and little words removed) -> its entries.
        by_word: Each word of a core -> the entries of 3 letters or more whose core has it.
        fuzzy_cores: The distinct cores of 4 letters or more, for the similarity search.
    """

    by_folded: dict[str, tuple[_Synonym, ...]]
    by_core: dict[str, tuple[_Synonym, ...]]
    by_word: dict[str, tuple[_Synonym, ...]]
    fuzzy_cores: tuple[str, ...]


@functools.lru_cache(maxsize=16)
def _synonym_index(specs: tuple[FieldSpec, ...]) -> _SynonymIndex:
    by_folded: dict[str, list[_Synonym]] = {}
    by_core: dict[str, list[_Synonym]] = {}
    by_word: dict[str, list[_Synonym]] = {}
    order = 0
    for position, spec in enumerate(specs):
        for synonym in spec.synonyms:
            folded = fold_header(synonym)
            core = _core(folded)
            if not core:
                continue
            entry = _Synonym(position, order, synonym, core, frozenset(core.split()))
            order += 1
            by_folded.setdefault(folded, []).append(entry)
            by_core.setdefault(core, []).append(entry)
            if len(core) >= 3:
                for word in entry.words:
                    by_word.setdefault(word, []).append(entry)
    return _SynonymIndex(
        by_folded={k: tuple(v) for k, v in by_folded.items()},
        by_core={k: tuple(v) for k, v in by_core.items()},
        by_word={k: tuple(v) for k, v in by_word.items()},
        fuzzy_cores=tuple(core for core in by_core if len(core) >= 4),
    )


#: Headers naming several contacts: a column of addresses and phone numbers, or a list of
#: people. Spelt close to "Contact", "Contatto", "Referente", they are never the one contact
#: person of a row (nor make a bare "E-mail" the person's address, see :func:`_context`).
_PLURAL_CONTACTS = frozenset(
    {
        "contacts",
        "contatti",
        "referenti",
        "kontakte",
        "contactos",
        "contact persons",
        "contacts persons",
        "persone di contatto",
        "kontaktpersonen",
        "personnes de contact",
        "personas de contacto",
    }
)
#: Fields holding the name of one person.
_ONE_PERSON = frozenset({"contact_name", "contact_first_name", "contact_last_name"})


def _not_one_person(
    folded: str, candidates: list[tuple[float, str, str]]
) -> list[tuple[float, str, str]]:
    """*candidates* of a header without the one-person fields when the header is a plural."""
    if _core(folded) not in _PLURAL_CONTACTS:
        return candidates
    return [c for c in candidates if c[1] not in _ONE_PERSON]


@dataclass(frozen=True)
class _Context:
    contact_person: bool
    last_name: bool


def _context(per_column: dict[int, list[tuple[float, str, str]]], fixed: set[str]) -> _Context:
    def strong(key: str) -> bool:
        return key in fixed or any(
            score >= 90 and k == key and syn not in _GENERIC_FIRST_NAME
            for candidates in per_column.values()
            for score, k, syn in candidates
        )

    last = strong("contact_last_name") or strong("participant_last_name")
    person = last or strong("contact_name")
    return _Context(contact_person=person, last_name=last)


def _adjust(score: float, key: str, synonym: str, context: _Context) -> float:
    """Resolve words shared by two fields ("Email", "Nome") from the other columns."""
    syn = fold_header(synonym)
    if syn in _GENERIC_CONTACT:
        # With a contact person in the file a bare "Email" is the person's address.
        if key in ("contact_email", "contact_phone"):
            return score if context.contact_person else score - 10
        if key in ("email", "phone"):
            return score - 10 if context.contact_person else score
    if syn in _GENERIC_FIRST_NAME:
        # "Nome" beside "Cognome" is a first name; alone it names the organisation.
        if key in ("contact_first_name", "participant_first_name"):
            return score if context.last_name else score - 40
        if key in ("name", "participant_name"):
            return score - 40 if context.last_name else score
    return score


# --------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class ValueProfile:
    """Share of a column's non-empty values (sampled) that read as each kind of value."""

    filled: int
    vat: float
    fiscal_code: float
    email: float
    url: float
    date: float
    org_type: float


def profile_column(values: Iterable[object], sample: int = 200) -> ValueProfile:
    """Look at up to *sample* non-empty values of a column."""
    cells = [v for v in values if v is not None and v != ""][:sample]
    n = len(cells) or 1

    def share(check: Any, only_text: bool = True) -> float:
        ok = 0
        for value in cells:
            if only_text and not isinstance(value, str | int):
                continue
            try:
                if check(value) is not None:
                    ok += 1
            except ValueError:
                pass
        return ok / n

    date_like = (
        sum(
            1
            for v in cells
            if isinstance(v, date | datetime)
            or (isinstance(v, str) and re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", v.strip()))
        )
        / n
    )
    return ValueProfile(
        filled=len(cells),
        vat=share(lambda v: parse_vat(v) if re.search(r"\d{8}", str(v)) else None),
        fiscal_code=share(lambda v: parse_fiscal_code(v) if len(str(v).strip()) == 16 else None),
        email=share(parse_email),
        url=share(lambda v: parse_url(v) if re.search(r"www\.|https?://", str(v), re.I) else None),
        date=date_like,
        org_type=share(parse_org_type),
    )


def _column_values(table: RawTable, j: int) -> list[object]:
    return [row[j] for row in table.rows[:500]]


def _resolve_by_values(
    table: RawTable, kind: ImportKind, chosen: dict[int, ColumnSuggestion], taken: set[str]
) -> None:
    """A "Categoria" column holding organisation types is the type, not the membership class."""
    if kind is not ImportKind.MEMBERS or "org_type" in taken:
        return
    for j, suggestion in list(chosen.items()):
        if suggestion.field == "category":
            profile = profile_column(_column_values(table, j))
            if profile.filled and profile.org_type >= 0.8:
                chosen[j] = ColumnSuggestion(
                    suggestion.header,
                    "org_type",
                    suggestion.score,
                    "header",
                    msg('header "{header}" holds organisation types', header=suggestion.header),
                )
                taken.discard("category")
                taken.add("org_type")


_VALUE_FIELDS: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    ImportKind.MEMBERS: {
        "vat": ("vat",),
        "fiscal_code": ("fiscal_code",),
        "email": ("email", "contact_email"),
        "url": ("website",),
        "date": ("join_date",),
    },
    ImportKind.PROJECTS: {
        "vat": ("partner_vat",),
        "url": ("website",),
        "date": ("start_date", "end_date"),
    },
    ImportKind.CORDIS: {"vat": ("partner_vat",), "date": ("start_date", "end_date")},
    ImportKind.ACTIVITIES: {
        "vat": ("participant_vat",),
        "email": ("participant_email",),
        "date": ("start_date",),
    },
}


def _value_guess(
    table: RawTable, j: int, kind: ImportKind, taken: set[str], *, person: bool = True
) -> str | None:
    """The field a column of unrecognised header holds, judged by its values.

    Without a contact-person column (*person* False) e-mail addresses are never taken for a
    contact's: a second office address ("PEC" beside "E-mail") would otherwise make every row
    without a contact person an error.
    """
    profile = profile_column(_column_values(table, j))
    if profile.filled == 0:
        return None
    options = _VALUE_FIELDS[kind]
    for what in ("vat", "fiscal_code", "email", "url", "date"):
        if getattr(profile, what) >= 0.8 and what in options:
            for key in options[what]:
                if key not in taken and (person or key not in _PERSON_ONLY):
                    return key
    return None


#: Fields a value guess may choose only when the file names a contact person.
_PERSON_ONLY = frozenset({"contact_email"})


# --------------------------------------------------------------------------------------------
# Saved mappings


def header_signature(headers: Iterable[str]) -> str:
    """Hash of the set of folded headers: equal for the same columns in any order or case."""
    folded = sorted({fold_header(h) for h in headers if h})
    return hashlib.sha256("\n".join(folded).encode("utf-8")).hexdigest()


def find_saved_mapping(
    session: Session, kind: ImportKind | str, headers: Sequence[str]
) -> tuple[int, Mapping] | None:
    """The saved mapping to re-apply to a file with *headers*, translated to its headers.

    A mapping saved for the same header set wins; otherwise the newest saved mapping whose
    mapped headers are all present (columns added or moved since) is used.
    """
    from sqlalchemy import select

    from workbench.models import SavedMapping

    kind = ImportKind(kind)
    by_fold = {fold_header(h): h for h in headers}
    signature = header_signature(headers)
    rows = session.scalars(
        select(SavedMapping)
        .where(SavedMapping.kind == kind.value)
        .order_by(SavedMapping.updated_at.desc(), SavedMapping.id.desc())
    ).all()
    ordered = sorted(rows, key=lambda r: r.signature != signature)  # stable: exact first
    for row in ordered:
        try:
            saved = Mapping.from_json(row.mapping_json, kind)
        except MappingError:
            continue
        translated: dict[str, str] = {}
        for header, key in saved.columns.items():
            present = by_fold.get(fold_header(header))
            if present is None:
                break
            translated[present] = key
        else:
            if translated:
                return row.id, Mapping(kind, translated)
    return None


def remember_mapping(session: Session, mapping: Mapping, headers: Sequence[str]) -> int:
    """Save *mapping* for files with *headers* (replacing one saved for the same headers)."""
    from sqlalchemy import select

    from workbench.models import SavedMapping, utcnow

    signature = header_signature(headers)
    row = session.scalars(
        select(SavedMapping).where(
            SavedMapping.kind == mapping.kind.value, SavedMapping.signature == signature
        )
    ).first()
    if row is None:
        row = SavedMapping(kind=mapping.kind.value, signature=signature)
        session.add(row)
    row.headers_json = json.dumps(list(headers), ensure_ascii=False)
    row.mapping_json = json.dumps(mapping.to_dict(), ensure_ascii=False)
    row.updated_at = utcnow()
    session.flush()
    return row.id


def save_mapping(db: Database, mapping: Mapping, headers: Sequence[str]) -> int:
    """Save *mapping* in its own unit of work; returns the SavedMapping id."""
    from workbench.services.base import unit_of_work

    mapping.check(headers)
    with unit_of_work(db) as session:
        return remember_mapping(session, mapping, headers)


__all__ = [
    "ACTIVITY_FIELDS",
    "FIELDS",
    "MEMBER_FIELDS",
    "PROJECT_FIELDS",
    "REPORT_COLUMNS",
    "ColumnSuggestion",
    "FieldSpec",
    "ImportKind",
    "Mapping",
    "MappingError",
    "MappingSuggestion",
    "ValueKind",
    "ValueProfile",
    "field_spec",
    "fields_for",
    "find_saved_mapping",
    "fold_header",
    "header_signature",
    "header_year",
    "load_mapping_file",
    "profile_column",
    "remember_mapping",
    "save_mapping",
    "suggest_mapping",
    "write_mapping_file",
]

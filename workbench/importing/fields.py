"""The import's field tables and header vocabulary: data, no logic.

Every field an import can fill, per :class:`ImportKind`: its key, English label, how its cells
are read (:class:`ValueKind`), the record it belongs to and the header names that suggest it in
Italian, English, German, French and Spanish. :mod:`workbench.importing.mapping` matches headers
against these tables; adding a synonym is a one-line change here. The tables are Python (not a
data file) because they are typed, read at import time with no I/O, and reviewed as code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ImportKind(StrEnum):
    """What a file holds."""

    MEMBERS = "members"
    PROJECTS = "projects"
    ACTIVITIES = "activities"
    CORDIS = "cordis"


class ValueKind(StrEnum):
    """How the cells of a field are read (see :mod:`workbench.importing.plan.values`)."""

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


def fields_for(kind: ImportKind | str) -> tuple[FieldSpec, ...]:
    """The target fields of *kind*, in the order the wizard lists them."""
    return FIELDS[ImportKind(kind)]


# Synonyms shared by two fields: which field wins depends on the other columns of the file.
GENERIC_CONTACT_WORDS = frozenset(
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
GENERIC_FIRST_NAME_WORDS = frozenset({"nome", "name", "nombre"})
#: Words a header's core leaves out ("quota 2024" -> "quota").
HEADER_STOPWORDS = frozenset(
    "di del della dei degli delle dell de la il lo le l the of a der die das des du d el los las "
    "n nr no num numero nb in en euro eur e".split()
)

#: Headers naming several contacts: a column of addresses and phone numbers, or a list of
#: people. Spelt close to "Contact", "Contatto", "Referente", they are never the one contact
#: person of a row (nor make a bare "E-mail" the person's address, see :func:`_context`).
PLURAL_CONTACT_HEADERS = frozenset(
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


__all__ = [
    "ACTIVITY_FIELDS",
    "FIELDS",
    "GENERIC_CONTACT_WORDS",
    "GENERIC_FIRST_NAME_WORDS",
    "HEADER_STOPWORDS",
    "IDENTITY_FIELDS",
    "MEMBER_FIELDS",
    "PLURAL_CONTACT_HEADERS",
    "PROJECT_FIELDS",
    "REPORT_COLUMNS",
    "FieldSpec",
    "ImportKind",
    "ValueKind",
    "fields_for",
]

"""English and Italian labels of the reports, and number/date formatting per language.

A small dict-based table: reports are generated in one language chosen per report, independent
of the user-interface language, so they do not go through Qt's translation machinery.
Unknown keys fall back to English, then to the key itself, so a missing translation never
breaks a report.
"""

# ruff: noqa: E501  (translation table: one readable line per text)
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

LANGUAGES = ("en", "it")

_MONTHS = {
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
    "it": (
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre"
    ).split(),
}

# key: (English, Italian)
_TEXTS: dict[str, tuple[str, str]] = {
    # report titles
    "report.assessment": (
        "Cluster excellence label — evidence report",
        "Label di eccellenza — rapporto di evidenze",
    ),
    "report.assessment.short": ("Label assessment evidence", "Evidenze per il label"),
    "report.members": ("Member directory", "Elenco dei soci"),
    "report.projects": ("Project portfolio", "Portafoglio progetti"),
    "report.eccp": ("ECCP profile figures", "Dati del profilo ECCP"),
    "cover.assessment_year": ("Assessment year {year}", "Anno di valutazione {year}"),
    "cover.period": ("Period covered: {start} – {end}", "Periodo considerato: {start} – {end}"),
    "cover.generated": ("Generated on {date}", "Generato il {date}"),
    # The one reference day of a report: every figure and age is counted to it.
    "cover.figures_as_of": ("Figures as of {date}", "Dati al {date}"),
    "cover.level": ("Target label: {level}", "Label richiesto: {level}"),
    "cover.filters": ("Selection: {filters}", "Selezione: {filters}"),
    "toc": ("Contents", "Indice"),
    "page_x_of_y": ("Page {page} of {pages}", "Pagina {page} di {pages}"),
    # sections
    "sec.summary": ("Executive summary", "Sintesi"),
    "sec.profile": ("Cluster profile", "Profilo del cluster"),
    "sec.indicators": ("Indicators", "Indicatori"),
    "sec.indicator_table": ("Indicator results", "Risultati degli indicatori"),
    "sec.improvements": ("Silver improvement areas", "Aree di miglioramento Silver"),
    "tbl.improvements": (
        "Improvement areas: baseline, action, result",
        "Aree di miglioramento: situazione di partenza, azione, risultato",
    ),
    "silver.lead": (
        "The Silver label asks for three improvement areas chosen against the Gold indicators, each documented from its baseline (the first Bronze benchmarking) through the action taken to the result, with evidence. The audit checks them against the Gold criteria; no score bar applies to Silver.",
        "Il label Silver richiede tre aree di miglioramento scelte tra gli indicatori Gold, ciascuna documentata dalla situazione di partenza (il primo benchmarking Bronze) all'azione intrapresa e al risultato, con le evidenze. La verifica le confronta con i criteri Gold; per il Silver non vale alcuna soglia di punteggio.",
    ),
    "silver.not_recorded": (
        "No improvement area recorded yet",
        "Nessuna area di miglioramento ancora registrata",
    ),
    "silver.no_action": ("no action recorded yet", "nessuna azione ancora registrata"),
    "silver.no_result": ("no result recorded yet", "nessun risultato ancora registrato"),
    "silver.no_evidence": ("no evidence attached", "nessuna evidenza allegata"),
    "silver.note": (
        "{recorded} of the {slots} improvement areas Silver asks for are recorded (Indicators page, Silver improvement areas).",
        "Sono registrate {recorded} delle {slots} aree di miglioramento richieste per il Silver (pagina Indicatori, Aree di miglioramento Silver).",
    ),
    "sec.missing": ("Missing inputs", "Dati mancanti"),
    "sec.composition": ("Composition", "Composizione"),
    "sec.areas": ("Competence areas", "Aree di competenza"),
    "sec.pillars": ("Strategic pillars", "Pilastri strategici"),
    "sec.projects": ("Projects", "Progetti"),
    "sec.finance": ("Finance", "Finanza"),
    "sec.activities": ("Activities", "Attività"),
    "sec.annexes": ("Annexes", "Allegati"),
    "sec.annex_register": (
        "Annex {n}: member register on {date}",
        "Allegato {n}: libro soci al {date}",
    ),
    "sec.annex_projects": ("Annex {n}: project list", "Allegato {n}: elenco progetti"),
    "sec.annex_basis": (
        "Annex {n}: the basis of every figure",
        "Allegato {n}: su cosa si basa ogni valore",
    ),
    "sec.area": ("Area {n}: {name}", "Area {n}: {name}"),
    "sec.members_register": ("Members {year}", "Soci {year}"),
    "sec.partners": ("Project partners", "Partner dei progetti"),
    "sec.directory": ("Members", "Soci"),
    "sec.overview": ("Overview", "Panoramica"),
    "sec.figures": ("Figures", "Dati"),
    # sheet names (max 31 characters)
    "sheet.summary": ("Summary", "Sintesi"),
    "sheet.indicators": ("Indicators", "Indicatori"),
    "sheet.basis": ("Basis", "Basi dei valori"),
    "sheet.improvements": ("Improvement areas", "Aree di miglioramento"),
    "sheet.members": ("Members {year}", "Soci {year}"),
    "sheet.composition": ("Composition", "Composizione"),
    "sheet.areas": ("Competence areas", "Aree di competenza"),
    "sheet.pillars": ("Pillars", "Pilastri"),
    "sheet.projects": ("Projects", "Progetti"),
    "sheet.partners": ("Partners", "Partner"),
    "sheet.finance": ("Finance", "Finanza"),
    "sheet.activities": ("Activities", "Attività"),
    "sheet.directory": ("Members", "Soci"),
    "sheet.eccp": ("ECCP", "ECCP"),
    "sheet.eccp_profile": ("ECCP profile", "Profilo ECCP"),
    "sec.eccp_profile": ("ECCP profile", "Profilo ECCP"),
    # table titles
    "tbl.profile": ("Cluster profile", "Profilo del cluster"),
    "tbl.labels": ("Labels", "Label"),
    "tbl.readiness": ("Readiness", "Prontezza"),
    "tbl.key_figures": ("Key figures", "Dati principali"),
    "tbl.indicators": ("Indicators", "Indicatori"),
    "tbl.missing": ("Missing inputs", "Dati mancanti"),
    "tbl.by_area": ("Results by area", "Risultati per area"),
    "tbl.advice": (
        "What would make failing indicators pass",
        "Cosa serve per superare gli indicatori non soddisfatti",
    ),
    "tbl.register": ("Member register on {date}", "Libro soci al {date}"),
    "tbl.by_type": ("Members by type", "Soci per tipologia"),
    "tbl.by_sme": ("Companies by SME class", "Imprese per classe PMI"),
    "tbl.by_region": ("Members by region", "Soci per regione"),
    "tbl.composition": (
        "Members by type, SME class and region",
        "Soci per tipologia, classe PMI e regione",
    ),
    "tbl.movements": ("Members over time", "Andamento dei soci"),
    "tbl.area_counts": ("Members per competence area", "Soci per area di competenza"),
    "tbl.area_matrix": (
        "Members × competence areas on {date}",
        "Soci × aree di competenza al {date}",
    ),
    "tbl.kpis": (
        "Objectives and KPIs (target vs actual)",
        "Obiettivi e KPI (obiettivo vs effettivo)",
    ),
    "tbl.projects": ("Projects", "Progetti"),
    "tbl.by_programme": ("Funding by programme", "Finanziamenti per programma"),
    "tbl.by_year": ("Projects by start year", "Progetti per anno di avvio"),
    "tbl.by_pillar": ("Funding by strategic pillar", "Finanziamenti per pilastro strategico"),
    "tbl.by_status": ("Projects by status", "Progetti per stato"),
    "tbl.pipeline": (
        "Pipeline: ideas, special projects and proposals (not funding)",
        "In preparazione: idee, progetti speciali e proposte (non finanziamenti)",
    ),
    "tbl.no_dates": ("Projects without dates (not counted)", "Progetti senza date (non contati)"),
    "tbl.partners": ("Project partners", "Partner dei progetti"),
    "tbl.income": ("Income by category", "Entrate per categoria"),
    "tbl.private_share": ("Private and public income", "Entrate private e pubbliche"),
    "tbl.activities_by_type": ("Activities by type", "Attività per tipologia"),
    "tbl.activities": ("Activities", "Attività"),
    "tbl.directory": ("Members", "Soci"),
    "tbl.eccp": ("ECCP profile figures on {date}", "Dati del profilo ECCP al {date}"),
    "tbl.eccp_types": ("Members by type", "Soci per tipologia"),
    "tbl.eccp_not_classed": ("Members not classed", "Soci non classificati"),
    "tbl.eccp_lists": (
        "Sectoral focus, networks, services and languages",
        "Settori, reti, servizi e lingue",
    ),
    "tbl.eccp_players": ("Major players", "Principali attori"),
    "tbl.eccp_countries": (
        "International and trans-national target countries",
        "Paesi obiettivo internazionali e transnazionali",
    ),
    "tbl.eccp_clusters": ("Clusters collaborated with", "Cluster con cui si è collaborato"),
    "tbl.eccp_team": ("Cluster management team", "Team di gestione del cluster"),
    "col.eccp_list": ("List", "Elenco"),
    "col.link": ("Link", "Link"),
    "col.scope": ("Scope", "Ambito"),
    "col.other_activities": ("Other activities", "Altre attività"),
    "col.person": ("Person", "Persona"),
    "f.not_classed": (
        "Members not classed (companies without size data)",
        "Soci non classificati (imprese senza dati dimensionali)",
    ),
    "f.not_covered": (
        "Areas of specialisation not covered above",
        "Aree di specializzazione non comprese sopra",
    ),
    "tbl.staff": ("Management team", "Staff di gestione"),
    # column titles
    "col.no": ("No.", "N."),
    "col.id": ("Id", "Id"),
    "col.area": ("Area", "Area"),
    "col.indicator": ("Indicator", "Indicatore"),
    "col.indicators": ("Indicators", "Indicatori"),
    "col.threshold": ("Threshold", "Soglia"),
    "col.status": ("Status", "Esito"),
    "col.evidence": ("Evidence files", "File di evidenza"),
    "col.note": ("Note", "Nota"),
    "col.number": ("No.", "N."),
    "col.gold_criterion": ("Gold criterion", "Criterio Gold"),
    "col.baseline": ("Baseline", "Partenza"),
    "col.baseline_date": ("Baseline date", "Data di partenza"),
    "col.action": ("Action taken", "Azione intrapresa"),
    "col.result": ("Result", "Risultato"),
    "col.result_date": ("Result date", "Data del risultato"),
    "col.evidence_files": ("Evidence", "Evidenze"),
    "col.missing": ("Missing inputs", "Dati mancanti"),
    "col.advice": ("What is needed", "Cosa serve"),
    "col.name": ("Name", "Denominazione"),
    "col.vat": ("VAT / fiscal code", "P.IVA / C.F."),
    "col.type": ("Type", "Tipologia"),
    "col.sme": ("SME class", "Classe PMI"),
    "col.join": ("Join date", "Data adesione"),
    "col.leave": ("Leave date", "Data recesso"),
    "col.status_year_end": ("Status on 31/12", "Stato al 31/12"),
    "col.city": ("City", "Comune"),
    "col.region": ("Region", "Regione"),
    "col.country": ("Country", "Nazione"),
    "col.nuts2": ("NUTS-2", "NUTS-2"),
    "col.count": ("Count", "Numero"),
    "col.count_year": ("{year}", "{year}"),
    "col.pct_year": ("% {year}", "% {year}"),
    "col.share": ("Share", "Quota"),
    "col.year": ("Year", "Anno"),
    "col.joined": ("Joined", "Entrati"),
    "col.left": ("Left", "Usciti"),
    "col.total_year_end": ("Members on 31/12", "Soci al 31/12"),
    "col.code": ("Code", "Codice"),
    "col.coordinator": ("Coordinator", "Coordinatore"),
    "col.pillars": ("Pillars", "Pilastri"),
    "col.areas": ("Areas", "Aree"),
    "col.members_on": ("Members {year}", "Soci {year}"),
    "col.meetings": ("Meetings/year", "Riunioni/anno"),
    "col.members_total": ("Total", "Totale"),
    "col.pillar": ("Pillar", "Pilastro"),
    "col.period": ("Period", "Periodo"),
    "col.objective": ("Objective", "Obiettivo"),
    "col.kpi": ("KPI", "KPI"),
    "col.unit": ("Unit", "Unità"),
    "col.target_year": ("Target {year}", "Obiettivo {year}"),
    "col.actual_year": ("Actual {year}", "Effettivo {year}"),
    "col.acronym": ("Acronym", "Acronimo"),
    "col.title": ("Title", "Titolo"),
    "col.programme": ("Programme", "Programma"),
    "col.call": ("Call", "Bando"),
    "col.project_status": ("Status", "Stato"),
    "col.role": ("Cluster role", "Ruolo del cluster"),
    "col.partner_role": ("Role", "Ruolo"),
    "col.start": ("Start", "Inizio"),
    "col.end": ("End", "Fine"),
    "col.total_budget": ("Total budget", "Budget totale"),
    "col.cluster_budget": ("Cluster budget", "Budget cluster"),
    "col.eu_contribution": ("EU/public contribution", "Contributo UE/pubblico"),
    "col.partners": ("Partners", "Partner"),
    "col.member_partners": ("Member partners", "Partner soci"),
    "col.partner_names": ("Partner names", "Nomi dei partner"),
    "col.projects": ("Projects", "Progetti"),
    "col.project": ("Project", "Progetto"),
    "col.partner": ("Partner", "Partner"),
    "col.is_member": ("Member", "Socio"),
    "col.budget": ("Budget", "Budget"),
    "col.contribution": ("Contribution", "Contributo"),
    "col.category": ("Category", "Categoria"),
    "col.private_public": ("Private/public", "Privato/pubblico"),
    "col.amount_year": ("{year}", "{year}"),
    "col.private": ("Private income", "Entrate private"),
    "col.public": ("Public income", "Entrate pubbliche"),
    "col.total": ("Total", "Totale"),
    "col.private_share": ("Private share", "Quota privata"),
    "col.activities_year": ("Activities {year}", "Attività {year}"),
    "col.participants_year": ("Participants {year}", "Partecipanti {year}"),
    "col.date": ("Date", "Data"),
    "col.activity_type": ("Type", "Tipologia"),
    "col.member_participants": ("Member participants", "Partecipanti soci"),
    "col.other_participants": ("Other participants", "Altri partecipanti"),
    "col.participants": ("Participants", "Partecipanti"),
    "col.field": ("Item", "Voce"),
    "col.value": ("Value", "Valore"),
    "col.level": ("Level", "Livello"),
    "col.body": ("Body", "Ente"),
    "col.assessed": ("Assessed", "Valutazione"),
    "col.verdict_of": ("Verdict {period}", "Esito {period}"),
    "col.counted": ("What was counted", "Cosa è stato contato"),
    "col.decided_by": ("Decided by", "Deciso da"),
    "col.valid_until": ("Valid until", "Valido fino al"),
    "col.days_left": ("Days left", "Giorni rimanenti"),
    "col.score": ("Score %", "Punteggio %"),
    "col.label_status": ("Status", "Stato"),
    "col.member_since": ("Member since", "Socio dal"),
    "col.left_on": ("Left on", "Uscito il"),
    "col.member_status": ("Membership", "Adesione"),
    "col.fee": ("Fee {year}", "Quota {year}"),
    "col.website": ("Website", "Sito web"),
    "col.email": ("Email", "Email"),
    "col.phone": ("Phone", "Telefono"),
    "col.fte": ("FTE", "FTE"),
    "col.role_staff": ("Role", "Ruolo"),
    "col.total_row": ("Total", "Totale"),
    "col.value_details": ("Values in words", "Valori per esteso"),
    # units of numeric cells (workbook number formats, PDF values)
    "unit.year": ("year", "anno"),
    "unit.years": ("years", "anni"),
    "unit.fte": ("FTE", "ETP"),
    # profile fields
    "f.name": ("Name", "Denominazione"),
    "f.legal_name": ("Legal name", "Ragione sociale"),
    "f.vat": ("VAT number", "Partita IVA"),
    "f.founded": ("Founded", "Fondazione"),
    "f.years_active": ("Years of activity", "Anni di attività"),
    "f.sector": ("Sector", "Settore"),
    "f.region": ("Region (NUTS-2)", "Regione (NUTS-2)"),
    "f.address": ("Address", "Indirizzo"),
    "f.website": ("Website", "Sito web"),
    "f.website_en": ("English website", "Sito in inglese"),
    "f.eccp_url": ("ECCP profile", "Profilo ECCP"),
    "f.email": ("Email", "Email"),
    "f.planned_budget": ("Planned yearly budget", "Budget annuale previsto"),
    "f.readiness": ("Readiness score", "Punteggio di prontezza"),
    "f.passing": ("Indicators passing", "Indicatori soddisfatti"),
    "f.failing": ("Indicators failing", "Indicatori non soddisfatti"),
    "f.unknown": ("Indicators without data", "Indicatori senza dati"),
    "f.not_scored": (
        "Indicators not scored (no threshold; counted as not passing)",
        "Indicatori non valutati (senza soglia; contano come non superati)",
    ),
    "f.gold_bar": ("{level} bar", "Soglia {level}"),
    "f.ready": ("Ready for {level}", "Pronto per il {level}"),
    "f.bar": ("Score bar", "Soglia di punteggio"),
    "f.improvements": (
        "Silver improvement areas recorded",
        "Aree di miglioramento Silver registrate",
    ),
    "f.no_bar": (
        "none: the {level} label is not judged on a total score",
        "nessuna: il label {level} non è valutato su un punteggio complessivo",
    ),
    "f.members_on": ("Members on {date}", "Soci al {date}"),
    "f.projects_in_period": (
        "Funded projects running in the period",
        "Progetti finanziati attivi nel periodo",
    ),
    "f.eu_in_period": (
        "EU/public contribution of those projects",
        "Contributo UE/pubblico di tali progetti",
    ),
    "f.activities_in_period": ("Activities in the period", "Attività nel periodo"),
    "f.total_members": ("Total members", "Soci totali"),
    "f.sme_members": ("SME members", "Soci PMI"),
    "f.larger_companies": ("Larger companies", "Grandi imprese"),
    "f.research_orgs": (
        "Research organisations / universities / technology centres",
        "Organismi di ricerca / università / centri tecnologici",
    ),
    "f.other_actors": ("Other ecosystem actors", "Altri attori dell'ecosistema"),
    "f.management_fte": ("Management staff (FTE)", "Staff di gestione (FTE)"),
    "f.labels": ("Labels", "Label"),
    "f.day": ("Reference date", "Data di riferimento"),
    "f.projects_funded": ("Funded projects", "Progetti finanziati"),
    "f.funded_budget": ("Funded total budget", "Budget totale dei finanziati"),
    "f.funded_eu": ("Funded EU/public contribution", "Contributo UE/pubblico dei finanziati"),
    "f.pipeline_count": ("In the pipeline", "In preparazione"),
    "f.pipeline_in_period": (
        "Pipeline projects in the period (not counted)",
        "Progetti in preparazione nel periodo (non contati)",
    ),
    "f.organisations": ("Organisations", "Organizzazioni"),
    "f.selection": ("Selection", "Selezione"),
    "f.all_members": ("members on {date}", "soci al {date}"),
    "f.selected_members": (
        "{n} organisations selected on the Members page",
        "{n} organizzazioni selezionate nella pagina Soci",
    ),
    # words
    "yes": ("yes", "sì"),
    "no": ("no", "no"),
    "none": ("none", "nessuno"),
    "member": ("member", "socio"),
    "left": ("left", "uscito"),
    "current": ("current", "attuale"),
    "default": ("default", "predefinita"),
    "private": ("private", "privato"),
    "public": ("public", "pubblico"),
    "in_region": ("in the cluster's region ({region})", "nella regione del cluster ({region})"),
    "other_regions": ("other regions", "altre regioni"),
    "unknown_region": ("region not recorded", "regione non indicata"),
    "no_sme_class": ("no SME class", "nessuna classe PMI"),
    "sme_unknown": ("no size data", "dati dimensionali assenti"),
    "expired": ("expired", "scaduto"),
    "valid": ("valid", "valido"),
    "no_labels": ("No label recorded yet.", "Nessun label registrato."),
    "nothing_missing": (
        "Every input the indicators need is recorded.",
        "Tutti i dati richiesti dagli indicatori sono presenti.",
    ),
    "no_rows": ("No records.", "Nessun dato."),
    "chart.members_by_type": ("Members by type on {date}", "Soci per tipologia al {date}"),
    "chart.sme": ("Companies by SME class on {date}", "Imprese per classe PMI al {date}"),
    "chart.members_over_time": ("Members on 31 December", "Soci al 31 dicembre"),
    "chart.by_programme": (
        "EU/public contribution by programme (EUR)",
        "Contributo UE/pubblico per programma (EUR)",
    ),
    "chart.by_pillar": (
        "EU/public contribution by pillar (EUR)",
        "Contributo UE/pubblico per pilastro (EUR)",
    ),
    "chart.income": ("Income by year (EUR)", "Entrate per anno (EUR)"),
    "chart.activities": ("Activities by type", "Attività per tipologia"),
    "chart.area_members": ("Members per competence area", "Soci per area di competenza"),
    "chart.readiness": ("Readiness score", "Punteggio di prontezza"),
    "summary.readiness_text": (
        "{passing} of {total} indicators pass: readiness score {score}, against the {bar} the {level} label needs.",
        "{passing} indicatori su {total} sono soddisfatti: punteggio di prontezza {score}, a fronte del {bar} richiesto per il label {level}.",
    ),
    "summary.readiness_no_bar": (
        "{passing} of {total} indicators pass: readiness score {score}. The {level} label has no score bar: each indicator is judged against its own criterion.",
        "{passing} indicatori su {total} sono soddisfatti: punteggio di prontezza {score}. Il label {level} non ha una soglia di punteggio: ogni indicatore è valutato secondo il proprio criterio.",
    ),
    "summary.improvements": (
        "Improvement areas: {recorded} of the {slots} the Silver label asks for are recorded (see the chapter Silver improvement areas).",
        "Aree di miglioramento: ne sono registrate {recorded} delle {slots} richieste per il label Silver (vedere il capitolo Aree di miglioramento Silver).",
    ),
    "summary.ready": (
        "On the recorded data the cluster meets the {level} bar.",
        "Con i dati registrati il cluster raggiunge la soglia del label {level}.",
    ),
    "summary.not_ready": (
        "On the recorded data the cluster does not yet meet the {level} bar.",
        "Con i dati registrati il cluster non raggiunge ancora la soglia del label {level}.",
    ),
    "summary.unknown_note": (
        "Indicators without data count as not passing: entering the missing inputs listed in this report can only raise the score.",
        "Gli indicatori senza dati contano come non soddisfatti: inserire i dati mancanti elencati in questo rapporto può solo alzare il punteggio.",
    ),
    # Empty reports: one plain sentence on the cover and atop the first sheet.
    "no_data.assessment": (
        "There is no data for this report: no members, projects, activities or income are recorded for {start} – {end}. Enter or import them, then write the report again.",
        "Non ci sono dati per questo rapporto: non risultano soci, progetti, attività o entrate per il periodo {start} – {end}. Inseriscili o importali, poi genera di nuovo il rapporto.",
    ),
    "no_data.members": (
        "There is no data for this report: no organisation is a member on {date}. Enter or import the members, then write the report again.",
        "Non ci sono dati per questo rapporto: nessuna organizzazione è socia al {date}. Inserisci o importa i soci, poi genera di nuovo il rapporto.",
    ),
    "no_data.selection": (
        "There is no data for this report: the selection holds no organisations. Change the filters on the Members page, then write the report again.",
        "Non ci sono dati per questo rapporto: la selezione non contiene organizzazioni. Cambia i filtri nella pagina Soci, poi genera di nuovo il rapporto.",
    ),
    "no_data.projects": (
        "There is no data for this report: no projects are recorded. Enter or import them, then write the report again.",
        "Non ci sono dati per questo rapporto: non risultano progetti. Inseriscili o importali, poi genera di nuovo il rapporto.",
    ),
    "no_data.projects_selection": (
        "There is no data for this report: no project matches the selection ({filters}). Change the filters, then write the report again.",
        "Non ci sono dati per questo rapporto: nessun progetto corrisponde alla selezione ({filters}). Cambia i filtri, poi genera di nuovo il rapporto.",
    ),
    "no_data.eccp": (
        "There is no data for this report: no organisation is a member on {date}, so every figure is zero. Enter or import the members, then write the report again.",
        "Non ci sono dati per questo rapporto: nessuna organizzazione è socia al {date}, quindi tutti i valori sono zero. Inserisci o importa i soci, poi genera di nuovo il rapporto.",
    ),
    "summary.period": (
        "Evidence covers the two full calendar years before the assessment ({start} – {end}) and the current state on {day}.",
        "Le evidenze coprono i due anni solari completi precedenti la valutazione ({start} – {end}) e la situazione attuale al {day}.",
    ),
    "threshold.default_note": (
        "Thresholds marked * are Cluster Workbench defaults (ESCA publishes no per-indicator "
        "thresholds; each default and its reason is in the program's documentation), not "
        "values set by the cluster.",
        "Le soglie con * sono valori predefiniti di Cluster Workbench (ESCA non pubblica soglie "
        "per singolo indicatore; ogni valore e il suo motivo sono nella documentazione del "
        "programma), non valori fissati dal cluster.",
    ),
    "tbl.basis": ("Basis of each figure", "Su cosa si basa ogni valore"),
    "basis.proposed": ("proposed: {value}", "proposto: {value}"),
    "basis.no_evidence": ("no evidence attached", "nessuna evidenza allegata"),
    "basis.note": (
        "For each indicator and period: the value and its verdict, what the records counted, "
        "what is missing and the evidence files attached for that year. A proposed value is "
        "what the records show for an indicator entered by hand: it counts once confirmed on "
        "the Indicators page. At Gold level every indicator entered by hand needs documents.",
        "Per ogni indicatore e periodo: il valore e il suo esito, cosa è stato contato dai "
        "dati, cosa manca e i file di evidenza allegati per quell'anno. Un valore proposto è "
        "ciò che i dati mostrano per un indicatore inserito a mano: conta una volta "
        "confermato nella pagina Indicatori. Per il livello Gold ogni indicatore inserito a "
        "mano richiede documenti.",
    ),
    "verdict.note": (
        "Each period is judged against the threshold (✔ pass, ✘ fail, – not scored: no "
        "threshold, ? no data); the indicator's verdict is that of the latest period with a "
        'pass or fail (current state, else {second}, else {first}), named under "Decided by".',
        "Ogni periodo è confrontato con la soglia (✔ superato, ✘ non superato, – non valutato: "
        "senza soglia, ? senza dati); l'esito dell'indicatore è quello dell'ultimo periodo "
        "superato o non superato (situazione attuale, altrimenti {second}, altrimenti {first}), "
        'indicato in "Deciso da".',
    ),
    "register.note": (
        "Layout of the register of members (libro soci): every organisation that was a member during {year}, in order of admission; those with a leave date left during the year.",
        "Formato del libro soci: tutte le organizzazioni socie nel corso del {year}, in ordine di ammissione; quelle con data di recesso sono uscite nel corso dell'anno.",
    ),
    "register.totals": (
        "{members} members on 31/12/{year}; {left} left during the year",
        "{members} soci al 31/12/{year}; {left} usciti nel corso dell'anno",
    ),
    "projects.note": (
        "Funded and closed projects running at some time between {start} and {end}: only "
        "these count as funding.",
        "Progetti finanziati e conclusi attivi tra il {start} e il {end}: solo questi contano "
        "come finanziamenti.",
    ),
    "projects.funded_note": (
        "Funded and closed projects: only these count as funding.",
        "Progetti finanziati e conclusi: solo questi contano come finanziamenti.",
    ),
    "projects.pipeline_note": (
        "Ideas, special projects, submitted and rejected proposals dated between {start} and "
        "{end}: shown for information, never added to funding.",
        "Idee, progetti speciali, proposte presentate e respinte con date tra il {start} e il "
        "{end}: a titolo informativo, mai sommate ai finanziamenti.",
    ),
    "projects.pipeline_note_all": (
        "Ideas, special projects, submitted and rejected proposals: shown for information, "
        "never added to funding.",
        "Idee, progetti speciali, proposte presentate e respinte: a titolo informativo, mai "
        "sommate ai finanziamenti.",
    ),
    "projects.no_dates_note": (
        "These projects have no start date, so they cannot run in any period and are not "
        "counted. Add their dates on the Projects page.",
        "Questi progetti non hanno data di avvio: non risultano attivi in alcun periodo e non "
        "sono contati. Inserisci le date nella pagina Progetti.",
    ),
    "projects.status_note": (
        "Each status on its own: only funded and closed projects count as funding, so the "
        "rows are not added up.",
        "Ogni stato a sé: solo i progetti finanziati e conclusi contano come finanziamenti, "
        "quindi le righe non vanno sommate.",
    ),
    "projects.year_note": (
        "Budgets are counted in the year the project starts.",
        "I budget sono attribuiti all'anno di avvio del progetto.",
    ),
    "finance.note": (
        "Private income: membership fees, paid services, sponsorship and other private sources. Share = private ÷ total.",
        "Entrate private: quote associative, servizi a pagamento, sponsorizzazioni e altre fonti private. Quota = private ÷ totale.",
    ),
    "activities.note": (
        "Participants = named participants (members and others) plus counted unnamed attendees.",
        "Partecipanti = partecipanti nominativi (soci e non soci) più i presenti non nominativi.",
    ),
    "areas.matrix_note": (
        "1 = the member takes part in the area on {date}.",
        "1 = il socio partecipa all'area al {date}.",
    ),
    "directory.note": ("{n} organisations.", "{n} organizzazioni."),
    "eccp.note": (
        "SME class by the EU definition (Recommendation 2003/361/EC) with the two-consecutive-years rule. Every member is in exactly one line from SME members to members not classed, so those lines add up to the total; banks and other financial institutions are other ecosystem actors.",
        "Classe PMI secondo la definizione UE (Raccomandazione 2003/361/CE) con la regola dei due anni consecutivi. Ogni socio è in una sola riga, dai soci PMI ai soci non classificati, quindi quelle righe sommano al totale; banche e altri istituti finanziari sono altri attori dell'ecosistema.",
    ),
    "eccp.label": ("{level} label ({body})", "Label {level} ({body})"),
    "eccp.label_until": (", valid until {date}", ", valido fino al {date}"),
    "eccp.not_classed_note": (
        "Companies without size data in any year up to the reference date: enter their staff and turnover to class them.",
        "Imprese senza dati dimensionali in nessun anno fino alla data di riferimento: inserisci addetti e fatturato per classificarle.",
    ),
    "status.pass": ("PASS", "SÌ"),
    "status.fail": ("FAIL", "NO"),
    "status.unknown": ("NO DATA", "SENZA DATI"),
    "status.not_scored": ("NOT SCORED", "NON VALUTATO"),
    "status.na": ("N/A", "N/A"),
    "fee.paid": ("paid", "pagata"),
    "fee.unpaid": ("unpaid", "non pagata"),
    "fee.none": ("—", "—"),
    "mstatus.active": ("member", "socio"),
    "mstatus.former": ("former member", "ex socio"),
    "mstatus.none": ("not a member", "non socio"),
}

_ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "eccp_list": {
        "sectoral_industry": ("Sectoral industries", "Settori industriali"),
        "technology_field": ("Technology fields", "Campi tecnologici"),
        "s3_priority_area": ("S3 EU priority areas", "Aree prioritarie S3 UE"),
        "emerging_industry": ("Emerging industries", "Industrie emergenti"),
        "network": ("Networks and partnerships", "Reti e partenariati"),
        "support_service": ("Support services provided", "Servizi di supporto offerti"),
        "language": ("Languages spoken", "Lingue parlate"),
    },
    "eccp_category": {
        "sme": ("SME", "PMI"),
        "larger_company": ("Larger company", "Grande impresa"),
        "research": (
            "Research organisation / university / technology centre",
            "Organismo di ricerca / università / centro tecnologico",
        ),
        "other_actor": ("Other ecosystem actor", "Altro attore dell'ecosistema"),
        "not_classed": ("Company without size data", "Impresa senza dati dimensionali"),
    },
    "eccp_scope": {
        "trans_national": ("Trans-national (Europe)", "Transnazionale (Europa)"),
        "international": ("International (beyond Europe)", "Internazionale (fuori Europa)"),
    },
    "eccp_activity": {
        "missions": ("Missions", "Missioni"),
        "events": ("Events", "Eventi"),
        "study_visits": ("Study visits", "Visite studio"),
        "fairs": ("Fairs", "Fiere"),
    },
    "org_type": {
        "company": ("Company", "Impresa"),
        "university": ("University", "Università"),
        "research_org": ("Research organisation", "Organismo di ricerca"),
        "technology_centre": ("Technology centre", "Centro tecnologico"),
        "public_body": ("Public body", "Ente pubblico"),
        "association": ("Association", "Associazione"),
        "financial_institution": ("Financial institution", "Istituto finanziario"),
        "other": ("Other", "Altro"),
    },
    "sme": {
        "micro": ("Micro", "Micro"),
        "small": ("Small", "Piccola"),
        "medium": ("Medium", "Media"),
        "large": ("Large", "Grande"),
    },
    "project_status": {
        "idea": ("Idea", "Idea"),
        "special": ("Special project", "Progetto speciale"),
        "submitted": ("Submitted", "Presentato"),
        "funded": ("Funded", "Finanziato"),
        "rejected": ("Rejected", "Respinto"),
        "closed": ("Closed", "Concluso"),
    },
    "role": {
        "coordinator": ("Coordinator", "Coordinatore"),
        "partner": ("Partner", "Partner"),
        "associated": ("Associated", "Associato"),
        "subcontractor": ("Subcontractor", "Subfornitore"),
        "third_party": ("Third party", "Terza parte"),
        "observer": ("Observer", "Osservatore"),
    },
    "activity_type": {
        "networking": ("Networking", "Networking"),
        "matchmaking": ("Matchmaking", "Matchmaking"),
        "training": ("Training", "Formazione"),
        "internationalisation": ("Internationalisation", "Internazionalizzazione"),
        "info_day": ("Info day", "Info day"),
        "b2b": ("B2B meetings", "Incontri B2B"),
        "conference": ("Conference", "Convegno"),
        "workshop": ("Workshop", "Workshop"),
        "strategy": ("Strategy session", "Sessione strategica"),
        "newsletter": ("Newsletter", "Newsletter"),
        "other": ("Other", "Altro"),
    },
    "income": {
        "membership_fees": ("Membership fees", "Quote associative"),
        "paid_services": ("Paid services", "Servizi a pagamento"),
        "sponsorship": ("Sponsorship", "Sponsorizzazioni"),
        "other_private": ("Other private income", "Altre entrate private"),
        "regional_grant": ("Regional grant", "Contributo regionale"),
        "national_grant": ("National grant", "Contributo nazionale"),
        "eu_grant": ("EU grant", "Contributo UE"),
        "other_public": ("Other public income", "Altre entrate pubbliche"),
    },
    "label": {
        "bronze": ("Bronze", "Bronze"),
        "silver": ("Silver", "Silver"),
        "gold": ("Gold", "Gold"),
    },
    "area": {
        "structure": ("Structure of the cluster", "Struttura del cluster"),
        "governance": ("Cluster management and governance", "Gestione e governance del cluster"),
        "financing": ("Financing", "Finanziamento"),
        "strategy": ("Strategy, activities and services", "Strategia, attività e servizi"),
        "recognition": ("Achievements and recognition", "Risultati e riconoscimenti"),
        "services": ("Services", "Servizi"),
        "contacts": ("Contacts and interaction", "Contatti e interazione"),
        # The six Bronze benchmarking areas (those not shared with Gold's areas).
        "management_governance": (
            "Cluster management and governance",
            "Gestione e governance del cluster",
        ),
        "contacts_interaction": (
            "Contacts and interaction within the cluster",
            "Contatti e interazione all'interno del cluster",
        ),
        "achievements_recognition": ("Achievements and recognition", "Risultati e riconoscimenti"),
    },
}


def check_lang(lang: str) -> str:
    """Return *lang* if it is a report language, else raise ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"Report language '{lang}' is not available: use one of en, it.")
    return lang


def t(key: str, lang: str, **values: Any) -> str:
    """The text of *key* in *lang*, with ``{placeholders}`` filled from *values*."""
    pair = _TEXTS.get(key)
    if pair is None:
        text = key
    else:
        text = pair[1] if lang == "it" else pair[0]
    return text.format(**values) if values else text


def enum_label(group: str, value: Any, lang: str) -> str:
    """Human label of an enum value (``group`` is org_type, sme, role, income ...)."""
    if value is None:
        return ""
    raw = str(getattr(value, "value", value))
    pair = _ENUMS.get(group, {}).get(raw)
    if pair is None:
        return raw.replace("_", " ").capitalize()
    return pair[1] if lang == "it" else pair[0]


def long_date(day: date, lang: str) -> str:
    """A date in words: "23 November 2025" / "23 novembre 2025"."""
    return f"{day.day} {_MONTHS[lang if lang in _MONTHS else 'en'][day.month - 1]} {day.year}"


def short_date(day: date | None) -> str:
    """dd/mm/yyyy, the form used in both languages' tables ("" for no date)."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_number(value: Any, lang: str, decimals: int = 0) -> str:
    """A number with grouping: 1,234.56 in English and 1.234,56 in Italian."""
    if value is None:
        return ""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{decimals}f}"
    if lang == "it":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_money(value: Any, lang: str) -> str:
    """An amount in euro with two decimals and grouping, without the currency sign."""
    return format_number(value, lang, 2)


def format_pct(value: Any, lang: str, decimals: int = 1) -> str:
    """A percentage given as 0-100 ("41.5 %" / "41,5 %")."""
    if value is None:
        return ""
    return f"{format_number(value, lang, decimals)} %"

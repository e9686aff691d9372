"""The reports' labels by key, and number/date formatting per language.

Reports are generated in one language chosen per report, independent of the interface
language. Their texts are entries of the one gettext catalogue (:mod:`workbench.i18n`): the
tables below map a stable key (``"sec.summary"``) to its English msgid, marked with ``N_``
(or ``NP_`` with the context ``"report"`` where the report's Italian differs from the
window's for the same English, "Denominazione" for "Name"), and :func:`t` translates it.
An unknown key shows the key itself, so a missing entry never breaks a report.
"""

# ruff: noqa: E501  (translation table: one readable line per text)
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from workbench.i18n import N_, gettext, pgettext

#: A catalogue entry: its English msgid, or (context, msgid).
Entry = str | tuple[str, str]


def NP_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 - gettext convention
    """Mark *message* in *context* for extraction; translated by :func:`t`."""
    return (context, message)


def _text(entry: Entry, lang: str) -> str:
    if isinstance(entry, tuple):
        return pgettext(entry[0], entry[1], lang)
    return gettext(entry, lang)


LANGUAGES = ("en", "it")

#: The Babel (CLDR) locale that writes a report language's numbers and dates.
_LOCALES = {"en": "en_GB", "it": "it_IT"}

# key: English msgid
_TEXTS: dict[str, Entry] = {
    # report titles
    "report.assessment": N_("Cluster excellence label — evidence report"),
    "report.assessment.short": N_("Label assessment evidence"),
    "report.members": N_("Member directory"),
    "report.projects": N_("Project portfolio"),
    "report.eccp": N_("ECCP profile figures"),
    "cover.assessment_year": N_("Assessment year {year}"),
    "cover.period": N_("Period covered: {start} – {end}"),
    "cover.generated": N_("Generated on {date}"),
    # The one reference day of a report: every figure and age is counted to it.
    "cover.figures_as_of": N_("Figures as of {date}"),
    "cover.level": N_("Target label: {level}"),
    "cover.filters": N_("Selection: {filters}"),
    "toc": N_("Contents"),
    "page_x_of_y": N_("Page {page} of {pages}"),
    "reminder.subject": N_("Membership fee {year}: reminder"),
    "reminder.attention": N_("For the attention of {name}"),
    "reminder.dear": N_("Dear {name},"),
    "reminder.body": N_(
        "According to our records the {year} membership fee of {member} has not been paid in full yet."
    ),
    "reminder.due": N_("Fee due for {year}"),
    "reminder.paid": N_("Paid so far"),
    "reminder.outstanding": NP_("report", "Still to pay"),
    "reminder.request": N_(
        "Please pay the outstanding amount of {amount} at your earliest convenience. If you have paid it in the meantime, please disregard this reminder, and thank you."
    ),
    "reminder.questions": N_("For any question please write to {email}."),
    "reminder.regards": N_("Kind regards,"),
    "reminder.attached": N_("The reminder letter is attached as a PDF."),
    "reminder.vat": N_("VAT {vat}"),
    "reminder.file": N_("fee-reminder"),
    # sections
    "sec.summary": N_("Executive summary"),
    "sec.profile": N_("Cluster profile"),
    "sec.indicators": N_("Indicators"),
    "sec.indicator_table": N_("Indicator results"),
    "sec.improvements": N_("Silver improvement areas"),
    "tbl.improvements": N_("Improvement areas: baseline, action, result"),
    "silver.lead": N_(
        "The Silver label asks for three improvement areas chosen against the Gold indicators, each documented from its baseline (the first Bronze benchmarking) through the action taken to the result, with evidence. The audit checks them against the Gold criteria; no score bar applies to Silver."
    ),
    "silver.not_recorded": N_("No improvement area recorded yet"),
    "silver.no_action": N_("no action recorded yet"),
    "silver.no_result": N_("no result recorded yet"),
    "silver.no_evidence": N_("no evidence attached"),
    "silver.note": N_(
        "{recorded} of the {slots} improvement areas Silver asks for are recorded (Indicators page, Silver improvement areas)."
    ),
    "sec.missing": N_("Missing inputs"),
    "sec.composition": N_("Composition"),
    "sec.areas": N_("Competence areas"),
    "sec.pillars": N_("Strategic pillars"),
    "sec.projects": N_("Projects"),
    "sec.finance": N_("Finance"),
    "sec.activities": N_("Activities"),
    "sec.annexes": N_("Annexes"),
    "sec.annex_register": N_("Annex {n}: member register on {date}"),
    "sec.annex_projects": N_("Annex {n}: project list"),
    "sec.annex_basis": N_("Annex {n}: the basis of every figure"),
    "sec.area": N_("Area {n}: {name}"),
    "sec.members_register": N_("Members {year}"),
    "sec.partners": N_("Project partners"),
    "sec.directory": N_("Members"),
    "sec.overview": N_("Overview"),
    "sec.figures": N_("Figures"),
    # sheet names (max 31 characters)
    "sheet.summary": N_("Summary"),
    "sheet.indicators": N_("Indicators"),
    "sheet.basis": N_("Basis"),
    "sheet.missing": N_("Missing inputs"),
    "sheet.improvements": N_("Improvement areas"),
    "sheet.members": N_("Members {year}"),
    "sheet.composition": N_("Composition"),
    "sheet.areas": N_("Competence areas"),
    "sheet.pillars": N_("Pillars"),
    "sheet.projects": N_("Projects"),
    "sheet.partners": N_("Partners"),
    "sheet.finance": N_("Finance"),
    "sheet.activities": N_("Activities"),
    "sheet.directory": N_("Members"),
    "sheet.eccp": N_("ECCP"),
    # table titles
    "tbl.profile": N_("Cluster profile"),
    "tbl.labels": N_("Labels"),
    "tbl.readiness": NP_("report", "Readiness"),
    "tbl.key_figures": N_("Key figures"),
    "tbl.indicators": N_("Indicators"),
    "tbl.missing": N_("Missing inputs"),
    "tbl.by_area": N_("Results by area"),
    "tbl.advice": N_("What would make failing indicators pass"),
    "tbl.register": N_("Member register on {date}"),
    "tbl.by_type": NP_("report", "Members by type"),
    "tbl.by_sme": N_("Companies by SME class"),
    "tbl.by_region": N_("Members by region"),
    "tbl.composition": N_("Members by type, SME class and region"),
    "tbl.movements": N_("Members over time"),
    "tbl.area_counts": N_("Members per competence area"),
    "tbl.area_matrix": N_("Members × competence areas on {date}"),
    "tbl.kpis": N_("Objectives and KPIs (target vs actual)"),
    "tbl.projects": N_("Projects"),
    "tbl.by_programme": N_("Funding by programme"),
    "tbl.by_year": N_("Projects by start year"),
    "tbl.by_pillar": N_("Funding by strategic pillar"),
    "tbl.by_status": N_("Projects by status"),
    "tbl.pipeline": N_("Pipeline: ideas, special projects and proposals (not funding)"),
    "tbl.no_dates": N_("Projects without dates (not counted)"),
    "tbl.partners": N_("Project partners"),
    "tbl.income": N_("Income by category"),
    "tbl.private_share": N_("Private and public income"),
    "tbl.activities_by_type": N_("Activities by type"),
    "tbl.activities": N_("Activities"),
    "tbl.directory": N_("Members"),
    "tbl.eccp": N_("ECCP profile figures on {date}"),
    "tbl.eccp_types": NP_("report", "Members by type"),
    "tbl.staff": N_("Management team"),
    "sheet.eccp_profile": N_("ECCP profile"),
    "sec.eccp_profile": N_("ECCP profile"),
    "tbl.eccp_not_classed": N_("Members not classed"),
    "tbl.eccp_lists": N_("Sectoral focus, networks, services and languages"),
    "tbl.eccp_players": NP_("report", "Major players"),
    "tbl.eccp_countries": N_("International and trans-national target countries"),
    "tbl.eccp_clusters": N_("Clusters collaborated with"),
    "tbl.eccp_team": N_("Cluster management team"),
    "col.eccp_list": N_("List"),
    "col.link": N_("Link"),
    "col.scope": NP_("report", "Scope"),
    "col.other_activities": N_("Other activities"),
    "col.person": N_("Person"),
    "f.not_classed": N_("Members not classed (companies without size data)"),
    "f.not_covered": N_("Areas of specialisation not covered above"),
    # column titles
    "col.no": N_("No."),
    "col.id": N_("Id"),
    "col.area": N_("Area"),
    "col.indicator": N_("Indicator"),
    "col.indicators": N_("Indicators"),
    "col.threshold": N_("Threshold"),
    "col.status": NP_("report", "Status"),
    "col.evidence": N_("Evidence files"),
    "col.note": N_("Note"),
    "col.number": N_("No."),
    "col.gold_criterion": N_("Gold criterion"),
    "col.baseline": N_("Baseline"),
    "col.baseline_date": N_("Baseline date"),
    "col.action": N_("Action taken"),
    "col.result": NP_("report", "Result"),
    "col.result_date": N_("Result date"),
    "col.evidence_files": NP_("report", "Evidence"),
    "col.missing": N_("Missing inputs"),
    "col.advice": N_("What is needed"),
    "col.name": NP_("report", "Name"),
    "col.vat": N_("VAT / fiscal code"),
    "col.type": NP_("report", "Type"),
    "col.sme": N_("SME class"),
    "col.join": NP_("report", "Join date"),
    "col.leave": NP_("report", "Leave date"),
    "col.status_year_end": N_("Status on 31/12"),
    "col.city": N_("City"),
    "col.region": N_("Region"),
    "col.country": NP_("report", "Country"),
    "col.nuts2": N_("NUTS-2"),
    "col.count": N_("Count"),
    "col.count_year": N_("{year}"),
    "col.pct_year": N_("% {year}"),
    "col.share": N_("Share"),
    "col.year": N_("Year"),
    "col.joined": N_("Joined"),
    "col.left": NP_("report", "Left"),
    "col.total_year_end": N_("Members on 31/12"),
    "col.code": N_("Code"),
    "col.coordinator": N_("Coordinator"),
    "col.pillars": N_("Pillars"),
    "col.areas": N_("Areas"),
    "col.members_on": N_("Members {year}"),
    "col.meetings": N_("Meetings/year"),
    "col.members_total": N_("Total"),
    "col.pillar": N_("Pillar"),
    "col.period": N_("Period"),
    "col.objective": N_("Objective"),
    "col.kpi": N_("KPI"),
    "col.unit": N_("Unit"),
    "col.target_year": N_("Target {year}"),
    "col.actual_year": N_("Actual {year}"),
    "col.acronym": N_("Acronym"),
    "col.title": N_("Title"),
    "col.programme": N_("Programme"),
    "col.call": N_("Call"),
    "col.project_status": NP_("report", "Status"),
    "col.role": N_("Cluster role"),
    "col.partner_role": N_("Role"),
    "col.start": N_("Start"),
    "col.end": N_("End"),
    "col.total_budget": N_("Total budget"),
    "col.cluster_budget": NP_("report", "Cluster budget"),
    "col.eu_contribution": N_("EU/public contribution"),
    "col.partners": N_("Partners"),
    "col.member_partners": N_("Member partners"),
    "col.partner_names": N_("Partner names"),
    "col.projects": N_("Projects"),
    "col.project": N_("Project"),
    "col.partner": N_("Partner"),
    "col.is_member": N_("Member"),
    "col.budget": N_("Budget"),
    "col.contribution": N_("Contribution"),
    "col.category": N_("Category"),
    "col.private_public": N_("Private/public"),
    "col.amount_year": N_("{year}"),
    "col.private": N_("Private income"),
    "col.public": N_("Public income"),
    "col.total": N_("Total"),
    "col.private_share": N_("Private share"),
    "col.activities_year": N_("Activities {year}"),
    "col.participants_year": N_("Participants {year}"),
    "col.date": N_("Date"),
    "col.activity_type": NP_("report", "Type"),
    "col.member_participants": N_("Member participants"),
    "col.other_participants": N_("Other participants"),
    "col.participants": N_("Participants"),
    "col.field": N_("Item"),
    "col.value": N_("Value"),
    "col.level": N_("Level"),
    "col.body": N_("Body"),
    "col.assessed": NP_("report", "Assessed"),
    "col.verdict_of": N_("Verdict {period}"),
    "col.counted": N_("What was counted"),
    "col.decided_by": N_("Decided by"),
    "col.valid_until": N_("Valid until"),
    "col.days_left": N_("Days left"),
    "col.score": N_("Score %"),
    "col.label_status": NP_("report", "Status"),
    "col.member_since": N_("Member since"),
    "col.left_on": N_("Left on"),
    "col.member_status": N_("Membership"),
    "col.fee": N_("Fee {year}"),
    "col.website": N_("Website"),
    "col.email": N_("Email"),
    "col.phone": N_("Phone"),
    "col.fte": NP_("report", "FTE"),
    "col.role_staff": N_("Role"),
    "col.total_row": N_("Total"),
    # units of numeric cells (workbook number formats, PDF values)
    "unit.year": N_("year"),
    "unit.years": N_("years"),
    "unit.fte": NP_("report", "FTE"),
    # profile fields
    "f.name": NP_("report", "Name"),
    "f.legal_name": N_("Legal name"),
    "f.vat": N_("VAT number"),
    "f.founded": N_("Founded"),
    "f.years_active": N_("Years of activity"),
    "f.sector": N_("Sector"),
    "f.region": N_("Region (NUTS-2)"),
    "f.address": N_("Address"),
    "f.website": N_("Website"),
    "f.website_en": NP_("report", "English website"),
    "f.eccp_url": N_("ECCP profile"),
    "f.email": N_("Email"),
    "f.planned_budget": N_("Planned yearly budget"),
    "f.readiness": N_("Readiness score"),
    "f.passing": N_("Indicators passing"),
    "f.failing": N_("Indicators failing"),
    "f.unknown": N_("Indicators without data"),
    "f.not_scored": N_("Indicators not scored (no threshold; counted as not passing)"),
    "f.gold_bar": N_("{level} bar"),
    "f.ready": N_("Ready for {level}"),
    "f.bar": N_("Score bar"),
    "f.improvements": N_("Silver improvement areas recorded"),
    "f.no_bar": N_("none: the {level} label is not judged on a total score"),
    "f.members_on": N_("Members on {date}"),
    "f.projects_in_period": N_("Funded projects running in the period"),
    "f.eu_in_period": N_("EU/public contribution of those projects"),
    "f.activities_in_period": N_("Activities in the period"),
    "f.total_members": N_("Total members"),
    "f.sme_members": N_("SME members"),
    "f.larger_companies": N_("Larger companies"),
    "f.research_orgs": N_("Research organisations / universities / technology centres"),
    "f.other_actors": N_("Other ecosystem actors"),
    "f.management_fte": N_("Management staff (FTE)"),
    "f.labels": N_("Labels"),
    "f.day": N_("Reference date"),
    "f.projects_funded": N_("Funded projects"),
    "f.funded_budget": N_("Funded total budget"),
    "f.funded_eu": N_("Funded EU/public contribution"),
    "f.pipeline_count": N_("In the pipeline"),
    "f.pipeline_in_period": N_("Pipeline projects in the period (not counted)"),
    "f.organisations": N_("Organisations"),
    "f.selection": N_("Selection"),
    "f.all_members": N_("members on {date}"),
    "f.selected_members": N_("{n} organisations selected on the Members page"),
    # words
    "yes": N_("yes"),
    "no": N_("no"),
    "none": NP_("report", "none"),
    "member": N_("member"),
    "left": N_("left"),
    "current": N_("current"),
    "default": N_("default"),
    "private": N_("private"),
    "public": N_("public"),
    "in_region": N_("in the cluster's region ({region})"),
    "other_regions": N_("other regions"),
    "unknown_region": N_("region not recorded"),
    "no_sme_class": N_("no SME class"),
    "sme_unknown": N_("no size data"),
    "expired": N_("expired"),
    "valid": N_("valid"),
    "no_labels": N_("No label recorded yet."),
    "nothing_missing": N_("Every input the indicators need is recorded."),
    "no_rows": N_("No records."),
    "chart.members_by_type": N_("Members by type on {date}"),
    "chart.sme": N_("Companies by SME class on {date}"),
    "chart.members_over_time": N_("Members on 31 December"),
    "chart.by_programme": N_("EU/public contribution by programme (EUR)"),
    "chart.by_pillar": N_("EU/public contribution by pillar (EUR)"),
    "chart.income": N_("Income by year (EUR)"),
    "chart.activities": N_("Activities by type"),
    "chart.area_members": N_("Members per competence area"),
    "chart.readiness": N_("Readiness score"),
    "summary.readiness_text": N_(
        "{passing} of {total} indicators pass: readiness score {score}, against the {bar} the {level} label needs."
    ),
    "summary.readiness_no_bar": N_(
        "{passing} of {total} indicators pass: readiness score {score}. The {level} label has no score bar: each indicator is judged against its own criterion."
    ),
    "summary.improvements": N_(
        "Improvement areas: {recorded} of the {slots} the Silver label asks for are recorded (see the chapter Silver improvement areas)."
    ),
    "summary.ready": N_("On the recorded data the cluster meets the {level} bar."),
    "summary.not_ready": N_("On the recorded data the cluster does not yet meet the {level} bar."),
    "summary.unknown_note": N_(
        "Indicators without data count as not passing: entering the missing inputs listed in this report can only raise the score."
    ),
    # Empty reports: one plain sentence on the cover and atop the first sheet.
    "no_data.assessment": N_(
        "There is no data for this report: no members, projects, activities or income are recorded for {start} – {end}. Enter or import them, then write the report again."
    ),
    "no_data.members": N_(
        "There is no data for this report: no organisation is a member on {date}. Enter or import the members, then write the report again."
    ),
    "no_data.selection": N_(
        "There is no data for this report: the selection holds no organisations. Change the filters on the Members page, then write the report again."
    ),
    "no_data.projects": N_(
        "There is no data for this report: no projects are recorded. Enter or import them, then write the report again."
    ),
    "no_data.projects_selection": N_(
        "There is no data for this report: no project matches the selection ({filters}). Change the filters, then write the report again."
    ),
    "no_data.eccp": N_(
        "There is no data for this report: no organisation is a member on {date}, so every figure is zero. Enter or import the members, then write the report again."
    ),
    "summary.period": N_(
        "Evidence covers the two full calendar years before the assessment ({start} – {end}) and the current state on {day}."
    ),
    "threshold.default_note": N_(
        "Thresholds marked * are Cluster Workbench defaults (ESCA publishes no per-indicator "
        "thresholds; each default and its reason is in the program's documentation), not "
        "values set by the cluster."
    ),
    "tbl.basis": N_("Basis of each figure"),
    "basis.proposed": N_("proposed: {value}"),
    "basis.no_evidence": N_("no evidence attached"),
    "basis.note": N_(
        "For each indicator and period: the value and its verdict, what the records counted, "
        "what is missing and the evidence files attached for that year. A proposed value is "
        "what the records show for an indicator entered by hand: it counts once confirmed on "
        "the Indicators page. At Gold level every indicator entered by hand needs documents."
    ),
    "verdict.note": N_(
        "Each period is judged against the threshold (✔ pass, ✘ fail, – not scored: no "
        "threshold, ? no data); the indicator's verdict is that of the latest period with a "
        'pass or fail (current state, else {second}, else {first}), named under "Decided by".'
    ),
    "register.note": N_(
        "Layout of the register of members (libro soci): every organisation that was a member during {year}, in order of admission; those with a leave date left during the year."
    ),
    "register.totals": N_("{members} members on 31/12/{year}; {left} left during the year"),
    "projects.note": N_(
        "Funded and closed projects running at some time between {start} and {end}: only "
        "these count as funding."
    ),
    "projects.funded_note": N_("Funded and closed projects: only these count as funding."),
    "projects.pipeline_note": N_(
        "Ideas, special projects, submitted and rejected proposals dated between {start} and "
        "{end}: shown for information, never added to funding."
    ),
    "projects.pipeline_note_all": N_(
        "Ideas, special projects, submitted and rejected proposals: shown for information, "
        "never added to funding."
    ),
    "projects.no_dates_note": N_(
        "These projects have no start date, so they cannot run in any period and are not "
        "counted. Add their dates on the Projects page."
    ),
    "projects.status_note": N_(
        "Each status on its own: only funded and closed projects count as funding, so the "
        "rows are not added up."
    ),
    "projects.year_note": N_("Budgets are counted in the year the project starts."),
    "finance.note": N_(
        "Private income: membership fees, paid services, sponsorship and other private sources. Share = private ÷ total."
    ),
    "activities.note": N_(
        "Participants = named participants (members and others) plus counted unnamed attendees."
    ),
    "areas.matrix_note": N_("1 = the member takes part in the area on {date}."),
    "directory.note": N_("{n} organisations."),
    "eccp.note": N_(
        "SME class by the EU definition (Recommendation 2003/361/EC) with the two-consecutive-years rule. Every member is in exactly one line from SME members to members not classed, so those lines add up to the total; banks and other financial institutions are other ecosystem actors."
    ),
    "eccp.label": N_("{level} label ({body})"),
    "eccp.label_until": N_(", valid until {date}"),
    "eccp.not_classed_note": N_(
        "Companies without size data in any year up to the reference date: enter their staff and turnover to class them."
    ),
    "status.pass": N_("PASS"),
    "status.fail": N_("FAIL"),
    "status.unknown": N_("NO DATA"),
    "status.not_scored": N_("NOT SCORED"),
    "status.na": N_("N/A"),
    "fee.paid": N_("paid"),
    "fee.unpaid": N_("unpaid"),
    "fee.none": N_("—"),
    "mstatus.active": N_("member"),
    "mstatus.former": N_("former member"),
    "mstatus.none": N_("not a member"),
}

_ENUMS: dict[str, dict[str, Entry]] = {
    "eccp_list": {
        "sectoral_industry": N_("Sectoral industries"),
        "technology_field": N_("Technology fields"),
        "s3_priority_area": N_("S3 EU priority areas"),
        "emerging_industry": N_("Emerging industries"),
        "network": N_("Networks and partnerships"),
        "support_service": N_("Support services provided"),
        "language": N_("Languages spoken"),
    },
    "eccp_category": {
        "sme": N_("SME"),
        "larger_company": N_("Larger company"),
        "research": N_("Research organisation / university / technology centre"),
        "other_actor": N_("Other ecosystem actor"),
        "not_classed": N_("Company without size data"),
    },
    "eccp_scope": {
        "trans_national": N_("Trans-national (Europe)"),
        "international": N_("International (beyond Europe)"),
    },
    "eccp_activity": {
        "missions": N_("Missions"),
        "events": N_("Events"),
        "study_visits": N_("Study visits"),
        "fairs": N_("Fairs"),
    },
    "org_type": {
        "company": N_("Company"),
        "university": N_("University"),
        "research_org": N_("Research organisation"),
        "technology_centre": N_("Technology centre"),
        "public_body": N_("Public body"),
        "association": N_("Association"),
        "financial_institution": N_("Financial institution"),
        "other": N_("Other"),
    },
    "sme": {
        "micro": N_("Micro"),
        "small": N_("Small"),
        "medium": N_("Medium"),
        "large": N_("Large"),
    },
    "project_status": {
        "idea": N_("Idea"),
        "special": N_("Special project"),
        "submitted": N_("Submitted"),
        "funded": N_("Funded"),
        "rejected": N_("Rejected"),
        "closed": N_("Closed"),
    },
    "role": {
        "coordinator": N_("Coordinator"),
        "partner": N_("Partner"),
        "associated": N_("Associated"),
        "subcontractor": NP_("report", "Subcontractor"),
        "third_party": N_("Third party"),
        "observer": N_("Observer"),
    },
    "activity_type": {
        "networking": N_("Networking"),
        "matchmaking": N_("Matchmaking"),
        "training": N_("Training"),
        "internationalisation": N_("Internationalisation"),
        "info_day": N_("Info day"),
        "b2b": N_("B2B meetings"),
        "conference": N_("Conference"),
        "workshop": N_("Workshop"),
        "strategy": N_("Strategy session"),
        "newsletter": N_("Newsletter"),
        "other": N_("Other"),
    },
    "income": {
        "membership_fees": N_("Membership fees"),
        "paid_services": N_("Paid services"),
        "sponsorship": N_("Sponsorship"),
        "other_private": N_("Other private income"),
        "regional_grant": N_("Regional grant"),
        "national_grant": N_("National grant"),
        "eu_grant": N_("EU grant"),
        "other_public": N_("Other public income"),
    },
    "label": {
        "bronze": N_("Bronze"),
        "silver": N_("Silver"),
        "gold": N_("Gold"),
    },
    "area": {
        "structure": N_("Structure of the cluster"),
        "governance": N_("Cluster management and governance"),
        "financing": N_("Financing"),
        "strategy": N_("Strategy, activities and services"),
        "recognition": N_("Achievements and recognition"),
        "services": N_("Services"),
        "contacts": N_("Contacts and interaction"),
        # The six Bronze benchmarking areas (those not shared with Gold's areas).
        "management_governance": N_("Cluster management and governance"),
        "contacts_interaction": N_("Contacts and interaction within the cluster"),
        "achievements_recognition": N_("Achievements and recognition"),
    },
}


def check_lang(lang: str) -> str:
    """Return *lang* if it is a report language, else raise ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"Report language '{lang}' is not available: use one of en, it.")
    return lang


def t(key: str, lang: str, **values: Any) -> str:
    """The text of *key* in *lang*, with ``{placeholders}`` filled from *values*."""
    entry = _TEXTS.get(key)
    text = key if entry is None else _text(entry, lang)
    return text.format(**values) if values else text


def enum_label(group: str, value: Any, lang: str) -> str:
    """Human label of an enum value (``group`` is org_type, sme, role, income ...)."""
    if value is None:
        return ""
    raw = str(getattr(value, "value", value))
    entry = _ENUMS.get(group, {}).get(raw)
    if entry is None:
        return raw.replace("_", " ").capitalize()
    return _text(entry, lang)


def babel_locale(lang: str) -> str:
    """The CLDR locale of the report language *lang* (``"it_IT"``, English: ``"en_GB"``)."""
    return _LOCALES.get(lang, "en_GB")


def long_date(day: date, lang: str) -> str:
    """A date in words: "23 November 2025" / "23 novembre 2025" (Babel, CLDR month names)."""
    return babel_dates.format_date(day, "d MMMM y", locale=babel_locale(lang))


def short_date(day: date | None) -> str:
    """dd/mm/yyyy, the form used in both languages' tables ("" for no date)."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_number(value: Any, lang: str, decimals: int = 0) -> str:
    """A number with grouping: 1,234.56 in English and 1.234,56 in Italian (Babel, CLDR).

    Rounded half up to *decimals* places first (Babel would round half to even).
    """
    if value is None:
        return ""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(number, format=pattern, locale=babel_locale(lang))


def format_money(value: Any, lang: str) -> str:
    """An amount in euro with two decimals and grouping, without the currency sign."""
    return format_number(value, lang, 2)


def with_unit(number: str, unit: str, value: Any, lang: str) -> str:
    """*number* (the text of *value*) followed by its *unit* in words: "48.4 %", "3.90 FTE".

    The one rule for a quantity's unit, shared by the PDF and the workbook's width estimate.
    """
    if unit == "%":
        return f"{number} %"
    if unit == "FTE":
        return f"{number} {t('unit.fte', lang)}"
    if unit == "years":
        return f"{number} {t('unit.year' if value == 1 else 'unit.years', lang)}"
    return number


def format_pct(value: Any, lang: str, decimals: int = 1) -> str:
    """A percentage given as 0-100 ("41.5 %" / "41,5 %")."""
    if value is None:
        return ""
    return f"{format_number(value, lang, decimals)} %"

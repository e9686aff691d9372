"""The label-assessment evidence pack: one read of everything, then its two views.

:func:`assessment_data` reads the evidence once (:func:`_read_evidence`: the section tables of
``cluster``, ``register``, ``strategy``, ``projects`` and ``indicators``), then lays the same
tables out twice: the workbook's sheets (:func:`_workbook_sheets`) and the PDF's chapters
(:func:`_summary_section`, :func:`_area_sections`, :func:`_annex_sections`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from workbench.db import Database
from workbench.models import Project
from workbench.reports import levels
from workbench.reports.data.cluster import (
    finance_tables,
    labels_table,
    profile_table,
    staff_table,
)
from workbench.reports.data.common import (
    ReportProfile,
    facts_table,
    new_report,
    read_profile,
    say_no_data,
)
from workbench.reports.data.indicators import (
    Indicators,
    advice_table,
    area_results_table,
    basis_table,
    for_level,
    indicator_notes,
    indicator_table,
    missing_table,
    read_indicators,
    silver_improvements,
)
from workbench.reports.data.projects import (
    ProjectRow,
    classify_projects,
    money_totals,
    project_charts,
    project_group_tables,
    project_list_tables,
    project_rows,
)
from workbench.reports.data.register import (
    Population,
    RegisterRow,
    composition_tables,
    member_registers,
    members_at_end,
    movements_table,
    register_table,
)
from workbench.reports.data.strategy import (
    activity_tables,
    areas_tables,
    pillar_table,
)
from workbench.reports.i18n import (
    check_lang,
    enum_label,
    format_number,
    format_pct,
    long_date,
    short_date,
    t,
)
from workbench.reports.model import (
    Amount,
    Block,
    Chart,
    ChartRow,
    Heading,
    Paragraph,
    Progress,
    Quantity,
    ReportData,
    Section,
    Sheet,
    Table,
    scaled,
)
from workbench.services import projects as project_service


@dataclass(frozen=True)
class _Evidence:
    """What the assessment of year Y shows, read once; both views lay these tables out."""

    year: int
    lang: str
    today: date
    #: The report's one reference day (the indicators' current day).
    day: date
    #: Y-2 and Y-1, the evidence years.
    years: list[int]
    start: date
    end: date
    profile: ReportProfile
    ind: Indicators
    level_name: str
    registers: dict[int, list[RegisterRow]]
    at_end: Population
    composition: dict[str, Table]
    movements: Table
    areas: dict[str, Table]
    kpis: Table
    #: Funded, pipeline and undated projects of the period (undated whatever their dates).
    classes: tuple[list[Project], list[Project], list[Project]]
    funded_rows: list[ProjectRow]
    project_tables: list[Table]
    groups: dict[str, Table]
    finance: dict[str, Table]
    activities: dict[str, Table]
    labels: Table
    staff: Table
    #: Silver's improvement areas: chapter, sheet, "recorded / asked", sentence (else None).
    silver: tuple[Section, Sheet, str, str] | None

    @property
    def last(self) -> int:
        """Y-1, the year whose 31 December the snapshots (charts, matrix) show."""
        return self.years[-1]


def _read_evidence(
    db: Database, year: int, lang: str, today: date, level: str, step: Progress
) -> _Evidence:
    """Every table of the assessment of *year* (progress 2-85 of 100)."""
    from workbench.indicators import current_day

    day = current_day(year, today)
    years = [year - 2, year - 1]
    start, end = date(years[0], 1, 1), date(years[-1], 12, 31)
    profile = read_profile(db)
    step(2, 100)
    ind = for_level(read_indicators(db, year, lang, level, today))
    step(25, 100)
    registers = member_registers(db, years, sme=ind.sme)
    # The classes served the registers: their size history and results go now (they were
    # most of the 50,000-member report's peak while the rest was assembled and written).
    ind = replace(ind, sme=None)
    at_end = {y: list(members_at_end(registers[y]).values()) for y in years}
    step(55, 100)
    composition = composition_tables(at_end, years, lang, profile.nuts2)
    movements = movements_table(db, list(range(years[0] - 3, years[-1] + 1)), lang)
    areas = areas_tables(db, at_end, years, lang)
    step(65, 100)
    kpis = pillar_table(db, years, lang)
    funded, pipeline, undated = classify_projects(project_service.list_projects(db), start, end)
    funded_rows = project_rows(funded)
    project_tables = project_list_tables(
        funded_rows, project_rows(pipeline), project_rows(undated), lang, start, end
    )
    groups = project_group_tables(funded_rows, lang, project_rows(pipeline))
    step(75, 100)
    finance = finance_tables(db, [*years, *ind.money_years], lang)
    activities = activity_tables(db, years, lang)
    step(85, 100)
    return _Evidence(
        year=year,
        lang=lang,
        today=today,
        day=day,
        years=years,
        start=start,
        end=end,
        profile=profile,
        ind=ind,
        level_name=enum_label("label", ind.level, lang),
        registers=registers,
        at_end=at_end,
        composition=composition,
        movements=movements,
        areas=areas,
        kpis=kpis,
        classes=(funded, pipeline, undated),
        funded_rows=funded_rows,
        project_tables=project_tables,
        groups=groups,
        finance=finance,
        activities=activities,
        labels=labels_table(db, lang, day),
        staff=staff_table(db, lang, start, day),
        silver=silver_improvements(db, ind, lang),
    )


def _readiness_table(ev: _Evidence) -> Table:
    """The readiness figures (score, passing, failing ...) and the level's bar."""
    ind, lang = ev.ind, ev.lang
    readiness = facts_table(
        "readiness",
        t("tbl.readiness", lang),
        [
            (t("f.readiness", lang), Quantity(ind.readiness_pct, "%")),
            (t("f.passing", lang), ind.passing),
            (t("f.failing", lang), sum(1 for r in ind.rows if r["status"] == "fail")),
            (t("f.unknown", lang), sum(1 for r in ind.rows if r["status"] == "unknown")),
            (t("col.indicators", lang), ind.total),
            (t("f.not_scored", lang), ind.not_scored),
            *levels.bar_facts(ind, lang, ev.level_name),
        ],
        lang,
    )
    if ev.silver is not None:
        readiness.rows.append([t("f.improvements", lang), ev.silver[2]])
    return readiness


def _key_figures_table(ev: _Evidence) -> Table:
    """Members at each year end, projects, EU funding, pipeline and activities of the period."""
    lang = ev.lang
    # Money facts are shown as money in the PDF; the generic "auto" column formats Decimals.
    return facts_table(
        "key_figures",
        t("tbl.key_figures", lang),
        [
            *[
                (t("f.members_on", lang, date=short_date(date(y, 12, 31))), len(ev.at_end[y]))
                for y in ev.years
            ],
            (t("f.projects_in_period", lang), len(ev.funded_rows)),
            (t("f.eu_in_period", lang), Amount(money_totals(ev.funded_rows)[2])),
            (t("f.pipeline_in_period", lang), len(ev.classes[1])),
            (t("f.activities_in_period", lang), len(ev.activities["activities"].rows)),
        ],
        lang,
    )


def _new_assessment_report(ev: _Evidence) -> ReportData:
    """The empty report with its cover: year, level, period, reference day, four tiles."""
    lang, ind = ev.lang, ev.ind
    period_text = t(
        "cover.period", lang, start=long_date(ev.start, lang), end=long_date(ev.end, lang)
    )
    report = new_report(
        "assessment",
        lang,
        ev.profile,
        [
            t("cover.assessment_year", lang, year=ev.year),
            t("cover.level", lang, level=ev.level_name),
            period_text,
            t("cover.figures_as_of", lang, date=long_date(ev.day, lang)),
            t("cover.generated", lang, date=long_date(ev.today, lang)),
        ],
        ev.today,
        running_title=t("report.assessment.short", lang),
    )
    report.cover_facts = [
        (t("f.readiness", lang), format_pct(ind.readiness_pct, lang)),
        (t("f.passing", lang), f"{ind.passing} / {ind.total}"),
        (
            t("f.members_on", lang, date=short_date(ev.end)),
            format_number(len(ev.at_end[ev.last]), lang),
        ),
        (t("f.projects_in_period", lang), format_number(len(ev.funded_rows), lang)),
    ]
    return report


def _charts(ev: _Evidence) -> dict[str, Chart]:
    """The assessment's charts by name, each drawn from one of its tables."""
    lang, years, last = ev.lang, ev.years, ev.last
    snapshot = short_date(date(last, 12, 31))
    by_programme, by_pillar = project_charts(ev.groups, lang)
    return {
        "pie": Chart(
            "pie",
            t("chart.members_by_type", lang, date=snapshot),
            ev.composition["by_type"],
            "type",
            [f"n_{last}"],
        ),
        "sme_bar": Chart(
            "bar",
            t("chart.sme", lang, date=snapshot),
            ev.composition["by_sme"],
            "sme",
            [f"n_{y}" for y in years],
        ),
        "over_time": Chart(
            "bar", t("chart.members_over_time", lang), ev.movements, "year", ["total"]
        ),
        "by_programme": by_programme,
        "by_pillar": by_pillar,
        "income": Chart(
            "stacked",
            t("chart.income", lang),
            ev.finance["private_share"],
            "year",
            ["private", "public"],
            "money",
        ),
        "activities": Chart(
            "hbar",
            t("chart.activities", lang),
            ev.activities["activities_by_type"],
            "type",
            [f"n_{y}" for y in years],
        ),
        "areas": Chart(
            "hbar",
            t("chart.area_members", lang),
            ev.areas["area_counts"],
            "area",
            [f"members_{last}"],
        ),
    }


def _workbook_sheets(
    ev: _Evidence,
    charts: dict[str, Chart],
    registers: dict[int, Table],
    summary: list[Block],
    indicators: list[Block],
    missing: Table,
    basis: Table,
) -> list[Sheet]:
    """The workbook: summary, indicators, missing inputs, registers ... the basis last.

    *summary* is the summary sheet's tables, *indicators* the indicator table and the results
    by area; *missing* (what is missing) has the sheet after them, Silver's improvement areas
    in between.
    """
    lang, composition, groups = ev.lang, ev.composition, ev.groups
    sheets = [
        Sheet(
            t("sheet.summary", lang),
            [Paragraph(t("cover.figures_as_of", lang, date=long_date(ev.day, lang)), "lead")]
            + summary,
            freeze=False,
        ),
        # What is missing on its own sheet: under the indicator table it shared that table's
        # narrow columns and every line wrapped six to eight times (two printed pages).
        Sheet(t("sheet.indicators", lang), indicators),
        Sheet(t("sheet.missing", lang), [missing]),
        *[Sheet(t("sheet.members", lang, year=y), [registers[y]]) for y in ev.years],
        Sheet(
            t("sheet.composition", lang),
            [
                composition["by_type"],
                composition["by_sme"],
                composition["by_region"],
                composition["composition"],
                ev.movements,
                charts["pie"],
                charts["sme_bar"],
                charts["over_time"],
            ],
        ),
        Sheet(
            t("sheet.areas", lang),
            [ev.areas["area_counts"], ev.areas["area_matrix"], charts["areas"]],
        ),
        Sheet(t("sheet.pillars", lang), [ev.kpis, groups["by_pillar"], charts["by_pillar"]]),
        Sheet(
            t("sheet.projects", lang),
            [
                *ev.project_tables,
                groups["by_programme"],
                groups["by_year"],
                groups["by_status"],
                charts["by_programme"],
            ],
        ),
        Sheet(
            t("sheet.finance", lang),
            [ev.finance["income"], ev.finance["private_share"], charts["income"]],
        ),
        Sheet(
            t("sheet.activities", lang),
            [
                ev.activities["activities_by_type"],
                ev.activities["activities"],
                charts["activities"],
            ],
        ),
        # Last: the long table behind every figure, for whoever checks them.
        Sheet(t("sheet.basis", lang), [basis]),
    ]
    if ev.silver is not None:
        sheets.insert(2, ev.silver[1])
    return sheets


def _summary_section(ev: _Evidence, by_area: Table, key_figures: Table) -> Section:
    """The PDF's first chapter: period, score, readiness, results by area, key figures."""
    ind, lang = ev.ind, ev.lang
    period = t(
        "summary.period",
        lang,
        start=short_date(ev.start),
        end=short_date(ev.end),
        day=short_date(ev.day),
    )
    blocks: list[Block] = [
        Paragraph(period, "lead"),
        levels.score_block(ind, lang, ev.level_name),
        levels.readiness_paragraph(ind, lang, ev.level_name),
    ]
    if ev.silver is not None:
        # Silver's own requirement, said in the summary beside the score.
        blocks.append(Paragraph(ev.silver[3]))
    if any(r["status"] == "unknown" for r in ind.rows):
        blocks.append(Paragraph(t("summary.unknown_note", lang), "note"))
    blocks += [by_area, key_figures, ev.labels]
    advice = advice_table(ind, lang)
    if advice.rows:
        blocks.append(advice)
    return Section("summary", t("sec.summary", lang), blocks)


def _area_extras(ev: _Evidence, charts: dict[str, Chart]) -> dict[str, list[Block]]:
    """What follows each Gold area's indicators in the PDF: the tables its figures rest on."""
    lang, composition, groups = ev.lang, ev.composition, ev.groups
    return {
        "structure": [
            Heading(t("sec.composition", lang)),
            ChartRow([charts["pie"], charts["sme_bar"]]),
            composition["by_type"],
            composition["by_sme"],
            composition["by_region"],
            composition["composition"],
        ],
        "governance": [
            Heading(t("tbl.movements", lang)),
            ChartRow([charts["over_time"]]),
            ev.movements,
            Heading(t("sec.areas", lang)),
            ChartRow([charts["areas"]]),
            ev.areas["area_counts"],
        ],
        "financing": [
            Heading(t("sec.finance", lang)),
            ChartRow([charts["income"]]),
            ev.finance["income"],
            ev.finance["private_share"],
            Heading(t("tbl.by_programme", lang)),
            ChartRow([charts["by_programme"]]),
            groups["by_programme"],
            groups["by_year"],
            groups["by_status"],
        ],
        "strategy": [
            Heading(t("sec.pillars", lang)),
            ev.kpis,
            ChartRow([charts["by_pillar"]]),
            groups["by_pillar"],
            Heading(t("sec.activities", lang)),
            ChartRow([charts["activities"]]),
            ev.activities["activities_by_type"],
        ],
        "recognition": [],
    }


def _area_sections(ev: _Evidence, charts: dict[str, Chart]) -> list[Section]:
    """One PDF chapter per area of the level: its indicators, their notes, its tables."""
    ind, lang = ev.ind, ev.lang
    extras = _area_extras(ev, charts)
    sections = []
    area_order = list(dict.fromkeys([r["area"] for r in ind.rows]))
    for n, area in enumerate(area_order, 1):
        rows = [r for r in ind.rows if r["area"] == area]
        blocks: list[Block] = [
            indicator_table(
                ind, lang, rows, f"indicators_{area}", t("tbl.indicators", lang), full=False
            ),
            *indicator_notes(rows, lang),
            *extras.get(levels.GOLD_AREA_OF.get(area, area), []),
        ]
        sections.append(
            Section(
                f"area_{area}",
                t("sec.area", lang, n=n, name=enum_label("area", area, lang)),
                blocks,
            )
        )
    return sections


def _annex_sections(ev: _Evidence, registers: dict[int, Table], basis: Table) -> list[Section]:
    """The PDF's annexes: each year's register, the projects, the basis of every figure."""
    lang = ev.lang
    sections = []
    annex = 1
    for y in ev.years:
        register = registers[y]
        # The note leads the annex as a paragraph, so the table itself carries none.
        register_pdf = replace(register, key=f"register_pdf_{y}", note=None)
        sections.append(
            Section(
                f"annex_register_{y}",
                t("sec.annex_register", lang, n=annex, date=short_date(date(y, 12, 31))),
                [Paragraph(register.note or "", "note"), register_pdf],
                landscape=True,
                annex=True,
            )
        )
        annex += 1
    sections.append(
        Section(
            "annex_projects",
            t("sec.annex_projects", lang, n=annex),
            list(ev.project_tables),
            landscape=True,
            annex=True,
        )
    )
    annex += 1
    sections.append(
        Section(
            "annex_basis",
            t("sec.annex_basis", lang, n=annex),
            [basis],
            landscape=True,
            annex=True,
        )
    )
    return sections


def _anything_recorded(ev: _Evidence) -> bool:
    """Whether the period has members, projects, activities or income at all."""
    return bool(
        any(ev.registers[y] for y in ev.years)
        or any(ev.classes)
        or ev.activities["activities"].rows
        or ev.finance["income"].rows
    )


def assessment_data(
    db: Database,
    year: int,
    lang: str = "en",
    today: date | None = None,
    *,
    level: str = "gold",
    progress: Progress | None = None,
) -> ReportData:
    """The label-assessment evidence pack for assessment year *year*.

    Evidence covers the two full calendar years before *year* (Y-2, Y-1) plus the current
    state. The report's one reference day is the day the indicators evaluate the current
    period on (``min(today, 31 Dec Y)``): the cover prints it as "Figures as of", and the
    profile's years of activity, the staff and the labels' days left are counted to it.
    *today* is only the generation day. Progress is reported as (done, 100).
    """
    check_lang(lang)
    today = today or date.today()
    step = scaled(progress, 0, 100)
    ev = _read_evidence(db, year, lang, today, level, step)
    ind = ev.ind
    key_figures = _key_figures_table(ev)
    profile = profile_table(ev.profile, lang, ev.day)
    by_area = area_results_table(ind, lang)
    missing = missing_table(ind, lang)
    basis = basis_table(ind, lang)
    charts = _charts(ev)
    # One register table per year for both views (the PDF annex only renames its copy).
    registers = {y: register_table(ev.registers[y], y, lang) for y in ev.years}

    report = _new_assessment_report(ev)
    report.sheets = _workbook_sheets(
        ev,
        charts,
        registers,
        [profile, _readiness_table(ev), key_figures, ev.labels, ev.staff],
        [
            indicator_table(
                ind, lang, ind.rows, "indicators", t("tbl.indicators", lang), full=True
            ),
            by_area,
        ],
        missing,
        basis,
    )
    pdf_indicators = indicator_table(
        ind, lang, ind.rows, "indicators_pdf", t("tbl.indicators", lang), full=False
    )
    report.sections = [
        _summary_section(ev, by_area, key_figures),
        Section("profile", t("sec.profile", lang), [profile, ev.staff]),
        Section(
            "indicators",
            t("sec.indicator_table", lang),
            [pdf_indicators, missing],
        ),
        *_area_sections(ev, charts),
        *([ev.silver[0]] if ev.silver is not None else []),
        *_annex_sections(ev, registers, basis),
    ]
    if not _anything_recorded(ev):
        say_no_data(
            report,
            t("no_data.assessment", lang, start=short_date(ev.start), end=short_date(ev.day)),
        )
    step(100, 100)
    return report

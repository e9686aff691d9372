"""The project portfolio."""

from __future__ import annotations

from datetime import date

from workbench.db import Database
from workbench.i18n import gettext
from workbench.models import (
    ProjectStatus,
)
from workbench.reports.data.common import (
    format_eur_short,
    new_report,
    read_profile,
    say_no_data,
)
from workbench.reports.data.projects import (
    ProjectFilters,
    classify_projects,
    money_totals,
    partners_table,
    project_charts,
    project_group_tables,
    project_list_tables,
    project_rows,
)
from workbench.reports.i18n import (
    check_lang,
    format_number,
    long_date,
    t,
)
from workbench.reports.model import (
    ChartRow,
    Progress,
    ReportData,
    Section,
    Sheet,
    scaled,
)
from workbench.services import projects as project_service


def project_portfolio_data(
    db: Database,
    lang: str = "en",
    filters: ProjectFilters | None = None,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """The project portfolio with the Projects page's filters: list, partners and totals."""
    check_lang(lang)
    today = today or date.today()
    filters = filters or ProjectFilters()
    step = scaled(progress, 0, 100)
    status = ProjectStatus(filters.status) if filters.status else None
    projects = project_service.list_projects(
        db,
        programme=filters.programme,
        status=status,
        pillar_id=filters.pillar_id,
        year=filters.year,
    )
    if filters.project_ids is not None:
        order = {pid: i for i, pid in enumerate(filters.project_ids)}
        projects = sorted((p for p in projects if p.id in order), key=lambda p: order[p.id])
    step(40, 100)
    funded, pipeline, undated = classify_projects(projects)
    rows = project_rows(funded)
    tables = project_list_tables(rows, project_rows(pipeline), project_rows(undated), lang)
    groups = project_group_tables(rows, lang, project_rows(pipeline))
    partners = partners_table(project_rows(projects), lang)
    step(70, 100)
    profile = read_profile(db)
    selection = filters.describe(lang) or gettext("all projects", lang)
    by_programme, by_pillar = project_charts(groups, lang)
    report = new_report(
        "projects",
        lang,
        profile,
        [
            t("cover.filters", lang, filters=selection),
            t("cover.figures_as_of", lang, date=long_date(today, lang)),
            t("cover.generated", lang, date=long_date(today, lang)),
        ],
        today,
    )
    total_budget, _cluster_budget, eu_contribution = money_totals(rows)
    report.cover_facts = [
        (t("f.projects_funded", lang), format_number(len(rows), lang)),
        (t("f.funded_budget", lang), format_eur_short(total_budget, lang)),
        (t("f.funded_eu", lang), format_eur_short(eu_contribution, lang)),
        (t("f.pipeline_count", lang), format_number(len(pipeline), lang)),
    ]
    report.sheets = [
        Sheet(
            t("sheet.projects", lang),
            [
                *tables,
                groups["by_programme"],
                groups["by_year"],
                groups["by_status"],
                by_programme,
            ],
        ),
        Sheet(t("sheet.partners", lang), [partners]),
        Sheet(t("sheet.pillars", lang), [groups["by_pillar"], by_pillar]),
    ]
    report.sections = [
        Section(
            "overview",
            t("sec.overview", lang),
            [
                ChartRow([by_programme]),
                groups["by_programme"],
                groups["by_status"],
                groups["by_year"],
                ChartRow([by_pillar]),
                groups["by_pillar"],
            ],
        ),
        Section("projects", t("sec.projects", lang), list(tables), landscape=True),
        Section("partners", t("sec.partners", lang), [partners], landscape=True),
    ]
    if not projects:
        described = filters.describe(lang)
        # Only when other projects exist is the selection the reason for an empty report.
        if described and project_service.list_projects(db):
            say_no_data(report, t("no_data.projects_selection", lang, filters=described))
        else:
            say_no_data(report, t("no_data.projects", lang))
    step(100, 100)
    return report

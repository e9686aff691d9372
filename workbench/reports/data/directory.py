"""The member directory: the Members page's rows as a report (directory and types)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from workbench.db import Database
from workbench.models import (
    OrgType,
)
from workbench.reports.data.common import (
    new_report,
    pct,
    read_profile,
    say_no_data,
)
from workbench.reports.i18n import (
    check_lang,
    enum_label,
    format_number,
    long_date,
    short_date,
    t,
)
from workbench.reports.model import (
    Chart,
    ChartRow,
    ColumnSpec,
    Paragraph,
    Progress,
    ReportData,
    Section,
    Sheet,
    Table,
    scaled,
)
from workbench.services import member_lists
from workbench.services import members as member_service
from workbench.services.members import MemberRow


def _chosen_rows(
    db: Database,
    ids: list[int] | None,
    day: date,
    filter_description: str | None,
    lang: str,
) -> tuple[list[MemberRow], str]:
    """The rows of *ids* in that order (None: every member on *day*), and the selection in words."""
    all_rows = member_service.member_rows(db, as_of=day)
    if ids is None:
        return [r for r in all_rows if r.status == "active"], t(
            "f.all_members", lang, date=short_date(day)
        )
    by_id = {r.id: r for r in all_rows}
    chosen = [by_id[i] for i in ids if i in by_id]
    return chosen, filter_description or t("f.selected_members", lang, n=len(chosen))


def _directory_table(db: Database, chosen: list[MemberRow], day: date, lang: str) -> Table:
    """One line per member: type, SME class, status, areas, fee of *day*'s year, contacts."""
    contacts = member_lists.contact_details(db)
    body = []
    for r in chosen:
        website, email, phone = contacts.get(r.id, (None, None, None))
        body.append(
            [
                r.name,
                enum_label("org_type", r.org_type, lang),
                enum_label("sme", r.sme_class, lang) if r.sme_class else None,
                r.vat,
                r.city,
                r.region,
                r.member_since,
                r.left_on,
                t(f"mstatus.{r.status}", lang),
                ", ".join(r.areas) or None,
                t(f"fee.{r.fee_status}", lang),
                website,
                email,
                phone,
            ]
        )
    return Table(
        title=t("tbl.directory", lang),
        columns=[
            ColumnSpec("name", t("col.name", lang), "text", 42),
            ColumnSpec("type", t("col.type", lang), "text", 20),
            ColumnSpec("sme", t("col.sme", lang), "text", 10),
            ColumnSpec("vat", t("col.vat", lang), "text", 16),
            ColumnSpec("city", t("col.city", lang), "text", 16),
            ColumnSpec("region", t("col.region", lang), "text", 14),
            ColumnSpec("member_since", t("col.member_since", lang), "date"),
            ColumnSpec("left_on", t("col.left_on", lang), "date"),
            ColumnSpec("status", t("col.member_status", lang), "text", 12),
            ColumnSpec("areas", t("col.areas", lang), "text", 30),
            ColumnSpec("fee", t("col.fee", lang, year=day.year), "text", 10),
            ColumnSpec("website", t("col.website", lang), "text", 28, pdf=False),
            ColumnSpec("email", t("col.email", lang), "text", 26, pdf=False),
            ColumnSpec("phone", t("col.phone", lang), "text", 16, pdf=False),
        ],
        rows=body,
        note=t("directory.note", lang, n=len(body)),
        key="directory",
    )


def _type_table(type_counts: Counter[OrgType], lang: str) -> Table:
    """The chosen members by organisation type, with each type's share."""
    total = sum(type_counts.values())
    return Table(
        title=t("tbl.by_type", lang),
        columns=[
            ColumnSpec("type", t("col.type", lang), "text", 28),
            ColumnSpec("count", t("col.count", lang), "int"),
            ColumnSpec("share", t("col.share", lang), "pct"),
        ],
        rows=[
            [enum_label("org_type", k, lang), type_counts[k], pct(type_counts[k], total)]
            for k in OrgType
            if type_counts[k]
        ],
        totals=[t("col.total_row", lang), total, pct(total, total)],
        key="directory_by_type",
    )


def member_directory_data(
    db: Database,
    rows_filter: Sequence[int] | None = None,
    lang: str = "en",
    as_of: date | None = None,
    *,
    member_ids: Sequence[int] | None = None,
    filter_description: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """A directory of members: the rows shown on the Members page, in the page's order.

    Args:
        db: the database.
        rows_filter: same as *member_ids* (positional form).
        lang: en or it.
        as_of: status, areas and SME class as of this day (default today).
        member_ids: MemberRow ids to include, in this order (the page's filtered and sorted
            rows). None: every organisation that is a member on *as_of*.
        filter_description: the page's filters in words, printed on the report.
        today: generation date (default today).
        progress: ``progress(done, total)`` callback.
    """
    check_lang(lang)
    today = today or date.today()
    day = as_of or today
    step = scaled(progress, 0, 100)
    wanted = member_ids if member_ids is not None else rows_filter
    ids = list(wanted) if wanted is not None else None
    chosen, selection = _chosen_rows(db, ids, day, filter_description, lang)
    step(40, 100)
    table = _directory_table(db, chosen, day, lang)
    step(60, 100)
    type_counts = Counter(r.org_type for r in chosen)
    by_type = _type_table(type_counts, lang)
    pie = Chart("pie", t("tbl.by_type", lang), by_type, "type", ["count"])
    report = new_report(
        "members",
        lang,
        read_profile(db),
        [
            t("cover.figures_as_of", lang, date=long_date(day, lang)),
            t("cover.filters", lang, filters=selection),
            t("cover.generated", lang, date=long_date(today, lang)),
        ],
        today,
    )
    report.cover_facts = [
        (t("f.organisations", lang), format_number(len(chosen), lang)),
        *[
            (enum_label("org_type", k, lang), format_number(type_counts[k], lang))
            for k, _n in type_counts.most_common(3)
        ],
    ]
    report.sheets = [Sheet(t("sheet.directory", lang), [table, by_type, pie])]
    report.sections = [
        Section(
            "overview",
            t("sec.overview", lang),
            [
                Paragraph(t("f.selection", lang) + ": " + selection, "lead"),
                ChartRow([pie]),
                by_type,
            ],
        ),
        Section("directory", t("sec.directory", lang), [table], landscape=True),
    ]
    report.payload = {"as_of": day, "selection": selection, "count": len(chosen)}
    if not chosen:
        empty = "no_data.members" if ids is None else "no_data.selection"
        say_no_data(report, t(empty, lang, date=short_date(day)))
    step(100, 100)
    return report

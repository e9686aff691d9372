"""The ECCP profile report: computed composition figures plus the fields the cluster keeps.

Two sheets (xlsx) and one JSON document with the same content:

* **ECCP** - the composition on the reference day: total members, then the five lines of the one
  ECCP rule (:mod:`workbench.rules.eccp`) that add up to it - SME members, larger companies,
  research organisations, other ecosystem actors and members not classed (companies without
  size data), each member not classed named in its own table - then management FTE, labels and
  members by type.
* **ECCP profile** - what the ECCP profile page asks for and the cluster keeps
  (:mod:`workbench.services.eccp_profile`): each list one row per value, major players with their
  type, target countries with scope and activities, collaborating clusters, team roles.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from workbench.db import Database
from workbench.indicators import EccpFigures, eccp_figures
from workbench.models import EccpListKind
from workbench.reports.data.common import facts_table, new_report, read_profile, say_no_data
from workbench.reports.i18n import check_lang, enum_label, long_date, short_date, t
from workbench.reports.model import (
    ColumnSpec,
    Progress,
    ReportData,
    Section,
    Sheet,
    Table,
    scaled,
)
from workbench.services.eccp_profile import EccpProfileData, read_eccp_profile

__all__ = ["eccp_data"]

_ACTIVITIES = ("missions", "events", "study_visits", "fairs")


def eccp_data(
    db: Database,
    day: date | None = None,
    lang: str = "en",
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """The ECCP profile figures on *day* (default today) and the kept profile fields.

    The composition lines of the figures table add up to its total members (the payload's
    ``composition`` too); the JSON payload holds everything the two sheets show.
    """
    check_lang(lang)
    day = day or date.today()
    step = scaled(progress, 0, 100)
    figures = eccp_figures(db, day)
    step(60, 100)
    kept = read_eccp_profile(db)
    step(80, 100)
    profile = read_profile(db)
    figures_tables = _figure_tables(figures, lang)
    profile_tables = _profile_tables(kept, lang)
    report = new_report(
        "eccp",
        lang,
        profile,
        [t("cover.figures_as_of", lang, date=long_date(day, lang))],
        today or date.today(),
    )
    report.sheets = [
        Sheet(t("sheet.eccp", lang), list(figures_tables), freeze=False),
        Sheet(t("sheet.eccp_profile", lang), list(profile_tables), freeze=False),
    ]
    report.sections = [
        Section("figures", t("sec.figures", lang), list(figures_tables)),
        Section("eccp_profile", t("sec.eccp_profile", lang), list(profile_tables)),
    ]
    if not figures.total_members:
        say_no_data(report, t("no_data.eccp", lang, date=short_date(day)))
    report.payload = _payload(profile.name, figures, kept)
    step(100, 100)
    return report


# --------------------------------------------------------------------------- figures


def _label_texts(figures: EccpFigures, lang: str) -> list[str]:
    """The labels valid on the day, in the report's language."""
    return [
        t("eccp.label", lang, level=enum_label("label", level, lang), body=body)
        + (t("eccp.label_until", lang, date=short_date(until)) if until else "")
        for level, body, until in figures.valid_labels
    ]


def _figure_tables(figures: EccpFigures, lang: str) -> list[Table]:
    labels = _label_texts(figures, lang)
    items: list[tuple[str, Any]] = [
        (t("f.day", lang), figures.day),
        (t("f.total_members", lang), figures.total_members),
        (t("f.sme_members", lang), figures.sme_members),
        (t("f.larger_companies", lang), figures.larger_companies),
        (t("f.research_orgs", lang), figures.research_orgs),
        (t("f.other_actors", lang), figures.other_actors),
        (t("f.not_classed", lang), figures.unclassified_companies),
        (t("f.management_fte", lang), Decimal(figures.management_fte)),
        (t("f.labels", lang), ", ".join(labels) or t("none", lang)),
    ]
    table = facts_table("eccp", t("tbl.eccp", lang, date=short_date(figures.day)), items, lang)
    table.rows = [[label, value] for label, value in items]  # keep zeros and every line
    table.note = t("eccp.note", lang)
    by_type = dict(figures.members_by_type or {})
    types = Table(
        title=t("tbl.eccp_types", lang),
        columns=[
            ColumnSpec("type", t("col.type", lang), "text", 28),
            ColumnSpec("count", t("col.count", lang), "int"),
        ],
        rows=[[enum_label("org_type", k, lang), v] for k, v in by_type.items()],
        totals=[t("col.total_row", lang), sum(by_type.values())],
        key="eccp_types",
    )
    not_classed = Table(
        title=t("tbl.eccp_not_classed", lang),
        columns=[ColumnSpec("name", t("col.name", lang), "text", 48)],
        rows=[[name] for name in figures.not_classed_names],
        key="eccp_not_classed",
        note=t("eccp.not_classed_note", lang) if figures.not_classed_names else t("none", lang),
    )
    return [table, types, not_classed]


# --------------------------------------------------------------------------- kept fields


def _profile_tables(kept: EccpProfileData, lang: str) -> list[Table]:
    lists = Table(
        title=t("tbl.eccp_lists", lang),
        columns=[
            ColumnSpec("list", t("col.eccp_list", lang), "text", 34),
            ColumnSpec("value", t("col.value", lang), "text", 56),
        ],
        rows=[
            [enum_label("eccp_list", kind, lang), value]
            for kind in EccpListKind
            for value in kept.lists.get(kind.value, [])
        ],
        key="eccp_lists",
    )
    if kept.specialisation_not_covered:
        lists.rows.append([t("f.not_covered", lang), kept.specialisation_not_covered])
    yes, no = t("yes", lang), t("no", lang)
    return [
        lists,
        Table(
            title=t("tbl.eccp_players", lang),
            columns=[
                ColumnSpec("name", t("col.name", lang), "text", 34),
                ColumnSpec("type", t("col.type", lang), "text", 26),
                ColumnSpec("url", t("col.link", lang), "text", 40),
            ],
            rows=[
                [p.name, enum_label("eccp_category", p.player_type, lang), p.url]
                for p in kept.major_players
            ],
            key="eccp_players",
        ),
        Table(
            title=t("tbl.eccp_countries", lang),
            columns=[
                ColumnSpec("country", t("col.country", lang), "text", 10),
                ColumnSpec("scope", t("col.scope", lang), "text", 22),
                # free text before the yes/no columns: stacked tables share a sheet's column
                # widths, and the third column is a wide one (links) on this sheet
                ColumnSpec("other", t("col.other_activities", lang), "text", 30),
                *(
                    ColumnSpec(a, enum_label("eccp_activity", a, lang), "text", 12)
                    for a in _ACTIVITIES
                ),
            ],
            rows=[
                [
                    c.country,
                    enum_label("eccp_scope", c.scope, lang),
                    c.other_activities,
                    *(yes if a in c.activities else no for a in _ACTIVITIES),
                ]
                for c in kept.target_countries
            ],
            key="eccp_countries",
        ),
        Table(
            title=t("tbl.eccp_clusters", lang),
            columns=[
                ColumnSpec("name", t("col.name", lang), "text", 34),
                ColumnSpec("country", t("col.country", lang), "text", 10),
                ColumnSpec("url", t("col.link", lang), "text", 40),
            ],
            rows=[[c["name"], c["country"], c["url"]] for c in kept.collaborating_clusters],
            key="eccp_clusters",
        ),
        Table(
            title=t("tbl.eccp_team", lang),
            columns=[
                ColumnSpec("role", t("col.role_staff", lang), "text", 34),
                ColumnSpec("person", t("col.person", lang), "text", 28),
                ColumnSpec("email", t("col.email", lang), "text", 30),
            ],
            rows=[[r["role"], r["person"], r["email"]] for r in kept.team_roles],
            key="eccp_team",
        ),
    ]


# --------------------------------------------------------------------------- JSON


def _payload(cluster: str, figures: EccpFigures, kept: EccpProfileData) -> dict[str, Any]:
    labels = [str(getattr(x, "value", x)) for x in (figures.labels or [])]
    by_type = {str(getattr(k, "value", k)): v for k, v in (figures.members_by_type or {}).items()}
    return {
        "cluster": cluster,
        "day": figures.day,
        "total_members": figures.total_members,
        "sme_members": figures.sme_members,
        "larger_companies": figures.larger_companies,
        "research_orgs": figures.research_orgs,
        "other_actors": figures.other_actors,
        "not_classed": figures.unclassified_companies,
        "composition": {
            "sme_members": figures.sme_members,
            "larger_companies": figures.larger_companies,
            "research_orgs": figures.research_orgs,
            "other_actors": figures.other_actors,
            "not_classed": figures.unclassified_companies,
            "total": figures.classified_total,
        },
        "not_classed_members": list(figures.not_classed_names),
        "management_fte": Decimal(figures.management_fte),
        "labels": labels,
        "members_by_type": by_type,
        "profile": {
            **kept.lists,
            "specialisation_not_covered": kept.specialisation_not_covered,
            "major_players": [asdict(p) for p in kept.major_players],
            "target_countries": [asdict(c) for c in kept.target_countries],
            "collaborating_clusters": kept.collaborating_clusters,
            "management_team": kept.team_roles,
        },
    }

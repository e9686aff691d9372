"""Field specifications of the Cluster profile tabs (profile form and the simple record tables).

Each table (staff, income, labels, governance bodies, media, success stories, recognitions)
is a :class:`~workbench.ui.widgets.record_table.RecordTableSpec`: which fields the form has,
which columns the table shows and how rows are loaded. Validation is the services' (the
validators of :mod:`workbench.services.cluster`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox

from workbench.models import (
    GovernanceBody,
    Income,
    IncomeCategory,
    Label,
    LabelLevel,
    MediaItem,
    MediaScope,
    Recognition,
    StaffMember,
    SuccessStory,
)
from workbench.services import base as records
from workbench.ui.formatting import format_decimal
from workbench.ui.models.table import Column
from workbench.ui.widgets.record_table import (
    CENTER,
    RIGHT,
    FieldKind,
    FieldSpec,
    RecordForm,
    RecordTableSpec,
    format_date,
    format_money,
)


def tr(text: str) -> str:
    """Translate *text* in the ``ClusterProfilePage`` context."""
    return QCoreApplication.translate("ClusterProfilePage", text)


def profile_fields() -> list[FieldSpec]:
    """The Profile tab's form."""
    return [
        FieldSpec("name", tr("Cluster name")),
        FieldSpec("legal_name", tr("Legal name")),
        FieldSpec("vat", tr("VAT number")),
        FieldSpec("founding_date", tr("Founded on"), FieldKind.OPTIONAL_DATE),
        FieldSpec("sector", tr("Sector"), placeholder=tr("e.g. energy and cleantech")),
        FieldSpec("nuts2", tr("NUTS-2 region code"), placeholder=tr("e.g. ITC4")),
        FieldSpec("region_name", tr("Region")),
        FieldSpec("address", tr("Address")),
        FieldSpec("email", tr("E-mail")),
        FieldSpec("website", tr("Website")),
        FieldSpec("website_en", tr("English website")),
        FieldSpec("eccp_url", tr("ECCP profile"), placeholder="https://reita.ec.europa.eu/…"),
        FieldSpec(
            "logo_path",
            tr("Logo (for reports)"),
            FieldKind.PATH,
            file_filter=tr("Images (*.png *.jpg *.jpeg *.svg)"),
        ),
        FieldSpec("planned_yearly_budget", tr("Planned yearly budget"), FieldKind.MONEY),
        FieldSpec("description", tr("Description"), FieldKind.MULTILINE),
        FieldSpec(
            "specialisation_not_covered",
            tr("Specialisation not covered"),
            FieldKind.MULTILINE,
            tooltip=tr("ECCP profile: areas of specialisation the ECCP lists do not cover"),
        ),
    ]


# --------------------------------------------------------------------------- labels of enums


def category_labels() -> dict[IncomeCategory, str]:
    """Translated income categories."""
    return {
        IncomeCategory.MEMBERSHIP_FEES: tr("Membership fees"),
        IncomeCategory.PAID_SERVICES: tr("Paid services"),
        IncomeCategory.SPONSORSHIP: tr("Sponsorship"),
        IncomeCategory.OTHER_PRIVATE: tr("Other private"),
        IncomeCategory.REGIONAL_GRANT: tr("Regional grant"),
        IncomeCategory.NATIONAL_GRANT: tr("National grant"),
        IncomeCategory.EU_GRANT: tr("EU grant"),
        IncomeCategory.OTHER_PUBLIC: tr("Other public"),
    }


def level_labels() -> dict[LabelLevel, str]:
    """Translated label levels."""
    return {
        LabelLevel.BRONZE: tr("Bronze"),
        LabelLevel.SILVER: tr("Silver"),
        LabelLevel.GOLD: tr("Gold"),
    }


def scope_labels() -> dict[MediaScope, str]:
    """Translated media scopes."""
    return {
        MediaScope.LOCAL: tr("Local"),
        MediaScope.REGIONAL: tr("Regional"),
        MediaScope.NATIONAL: tr("National"),
        MediaScope.INTERNATIONAL: tr("International"),
    }


def _attribute(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, name)


def _choices(labels: dict[Any, str]) -> list[tuple[str, Any]]:
    return [(text, value) for value, text in labels.items()]


def _label_of(labels: dict[Any, str], value: Any) -> str:
    if value is None:
        return ""
    for key, text in labels.items():
        if str(key) == str(value):
            return text
    return str(value)


def days_to_expiry(label: Label, today: date | None = None) -> int | None:
    """Days from *today* to the label's expiry (negative once expired); None without a date."""
    if label.valid_until is None:
        return None
    return (label.valid_until - (today or date.today())).days


def expiry_text(label: Label) -> str:
    """Expiry as words: in 120 days, today, expired 3 days ago (empty without a date)."""
    days = days_to_expiry(label)
    if days is None:
        return ""
    if days > 0:
        return tr("in {0} days").format(days)
    if days == 0:
        return tr("today")
    return tr("expired {0} days ago").format(-days)


# --------------------------------------------------------------------------- table specs


def staff_spec() -> RecordTableSpec:
    """Management team."""
    return RecordTableSpec(
        model=StaffMember,
        noun=tr("staff member"),
        add_text=tr("Add staff member…"),
        fields=[
            FieldSpec("name", tr("Name")),
            FieldSpec("role", tr("Role"), placeholder=tr("e.g. cluster manager")),
            FieldSpec(
                "fte",
                tr("FTE"),
                FieldKind.DECIMAL,
                default=Decimal("1"),
                tooltip=tr("Share of a full-time job, from 0.01 to 1"),
            ),
            FieldSpec("start_date", tr("Started on"), FieldKind.DATE, default=date.today),
            FieldSpec("end_date", tr("Left on"), FieldKind.OPTIONAL_DATE),
            FieldSpec("degree", tr("Degree")),
            FieldSpec("experience_years", tr("Years of experience"), FieldKind.OPTIONAL_INT),
            FieldSpec("languages", tr("Languages"), placeholder=tr("e.g. Italian, English")),
            FieldSpec("training_days", tr("Training days per year"), FieldKind.DECIMAL, places=1),
        ],
        columns=[
            Column("name", tr("Name"), lambda s: s.name),
            Column("role", tr("Role"), lambda s: s.role),
            Column(
                "fte",
                tr("FTE"),
                lambda s: format_decimal(s.fte, 2),
                sort_key=lambda s: s.fte,
                align=RIGHT,
            ),
            Column(
                "start",
                tr("Started"),
                lambda s: format_date(s.start_date),
                sort_key=lambda s: s.start_date,
                align=CENTER,
            ),
            Column(
                "end",
                tr("Left"),
                lambda s: format_date(s.end_date),
                sort_key=lambda s: s.end_date,
                align=CENTER,
            ),
            Column("degree", tr("Degree"), lambda s: s.degree),
            Column(
                "experience",
                tr("Experience (years)"),
                lambda s: s.experience_years,
                sort_key=lambda s: s.experience_years,
                align=RIGHT,
            ),
            Column("languages", tr("Languages"), lambda s: s.languages),
        ],
        load=lambda db: records.list_records(
            db, StaffMember, order_by=[StaffMember.end_date.is_not(None), StaffMember.name]
        ),
        label=lambda s: s.name,
        empty_text=tr(
            "No staff yet. The label asks for the management team's FTE, "
            "qualifications and training."
        ),
    )


def _income_defaults(form: RecordForm, is_new: bool) -> None:
    """The private flag follows the category unless the user set it for this record."""
    combo = form.editor("category")
    check = form.editor("is_private")
    assert isinstance(combo, QComboBox) and isinstance(check, QCheckBox)

    def on_category(_index: int) -> None:
        category = combo.currentData()
        if category is not None:
            check.setChecked(IncomeCategory(category).is_private)

    combo.currentIndexChanged.connect(on_category)
    if is_new:
        on_category(combo.currentIndex())


def income_spec() -> RecordTableSpec:
    """Income per year and category."""
    categories = category_labels()
    return RecordTableSpec(
        model=Income,
        noun=tr("income"),
        add_text=tr("Add income…"),
        fields=[
            FieldSpec("year", tr("Year"), FieldKind.YEAR, default=lambda: date.today().year - 1),
            FieldSpec("category", tr("Category"), FieldKind.CHOICE, choices=_choices(categories)),
            FieldSpec("amount", tr("Amount"), FieldKind.MONEY),
            FieldSpec(
                "is_private",
                tr("Private money"),
                FieldKind.BOOL,
                tooltip=tr("Set from the category; change it for exceptions"),
            ),
            FieldSpec("source", tr("Source"), placeholder=tr("e.g. Regione Lombardia call 2024")),
        ],
        columns=[
            Column("year", tr("Year"), lambda i: i.year, sort_key=lambda i: i.year, align=CENTER),
            Column("category", tr("Category"), lambda i: _label_of(categories, i.category)),
            Column(
                "amount",
                tr("Amount"),
                lambda i: format_money(i.amount),
                sort_key=lambda i: i.amount,
                align=RIGHT,
            ),
            Column(
                "private",
                tr("Private/public"),
                lambda i: tr("private") if i.is_private else tr("public"),
                align=CENTER,
            ),
            Column("source", tr("Source"), lambda i: i.source),
        ],
        load=lambda db: records.list_records(
            db, Income, order_by=[Income.year.desc(), Income.category]
        ),
        label=lambda i: f"{i.year} {_label_of(categories, i.category)}",
        empty_text=tr("No income recorded. The share of private funds is computed from it."),
        setup_form=_income_defaults,
    )


def label_spec() -> RecordTableSpec:
    """Excellence labels obtained."""
    levels = level_labels()
    return RecordTableSpec(
        model=Label,
        noun=tr("label"),
        add_text=tr("Add label…"),
        fields=[
            FieldSpec("level", tr("Level"), FieldKind.CHOICE, choices=_choices(levels)),
            FieldSpec("body", tr("Awarded by"), default="ESCA"),
            FieldSpec("assessment_date", tr("Assessed on"), FieldKind.OPTIONAL_DATE),
            FieldSpec("valid_until", tr("Valid until"), FieldKind.OPTIONAL_DATE),
            FieldSpec("score", tr("Score (%)"), FieldKind.DECIMAL),
            FieldSpec("notes", tr("Notes"), FieldKind.MULTILINE),
        ],
        columns=[
            Column("level", tr("Level"), lambda lab: _label_of(levels, lab.level)),
            Column("body", tr("Awarded by"), lambda lab: lab.body),
            Column(
                "assessed",
                tr("Assessed"),
                lambda lab: format_date(lab.assessment_date),
                sort_key=lambda lab: lab.assessment_date,
                align=CENTER,
            ),
            Column(
                "valid",
                tr("Valid until"),
                lambda lab: format_date(lab.valid_until),
                sort_key=lambda lab: lab.valid_until,
                align=CENTER,
            ),
            Column("expiry", tr("Expiry"), expiry_text, sort_key=days_to_expiry, align=RIGHT),
            Column(
                "score",
                tr("Score"),
                lambda lab: format_decimal(lab.score, 1, trim=True),
                sort_key=lambda lab: lab.score,
                align=RIGHT,
            ),
            Column(
                "notes",
                tr("Notes"),
                lambda lab: (lab.notes or "").splitlines()[0] if lab.notes else "",
            ),
        ],
        load=lambda db: records.list_records(
            db, Label, order_by=[Label.valid_until.desc().nulls_last()]
        ),
        label=lambda lab: f"{_label_of(levels, lab.level)} ({lab.body})",
        empty_text=tr(
            "No labels yet. Record Bronze, Silver and Gold labels to follow their expiry."
        ),
    )


def governance_spec() -> RecordTableSpec:
    """Decision bodies and their seats."""
    seats = [
        ("seats_companies", tr("Seats: companies"), tr("Companies")),
        ("seats_research", tr("Seats: research"), tr("Research")),
        ("seats_public", tr("Seats: public bodies"), tr("Public")),
        ("seats_other", tr("Seats: others"), tr("Others")),
    ]
    return RecordTableSpec(
        model=GovernanceBody,
        noun=tr("governance body"),
        add_text=tr("Add body…"),
        fields=[
            FieldSpec("name", tr("Name"), placeholder=tr("e.g. Board of directors")),
            *(FieldSpec(name, label, FieldKind.INT) for name, label, _short in seats),
            FieldSpec("meetings_per_year", tr("Meetings per year"), FieldKind.OPTIONAL_INT),
            FieldSpec("notes", tr("Notes"), FieldKind.MULTILINE),
        ],
        columns=[
            Column("name", tr("Name"), lambda b: b.name),
            *(
                Column(
                    name,
                    short,
                    _attribute(name),
                    sort_key=_attribute(name),
                    align=RIGHT,
                )
                for name, _label, short in seats
            ),
            Column(
                "meetings",
                tr("Meetings/year"),
                lambda b: b.meetings_per_year,
                sort_key=lambda b: b.meetings_per_year,
                align=RIGHT,
            ),
            Column(
                "notes", tr("Notes"), lambda b: (b.notes or "").splitlines()[0] if b.notes else ""
            ),
        ],
        load=lambda db: records.list_records(db, GovernanceBody, order_by=[GovernanceBody.name]),
        label=lambda b: b.name,
        empty_text=tr(
            "No governance bodies yet: add the assembly, the board and committees "
            "with their seats by member type."
        ),
    )


def media_spec() -> RecordTableSpec:
    """Media coverage."""
    scopes = scope_labels()
    return RecordTableSpec(
        model=MediaItem,
        noun=tr("media item"),
        add_text=tr("Add media item…"),
        fields=[
            FieldSpec("item_date", tr("Date"), FieldKind.DATE, default=date.today),
            FieldSpec("title", tr("Title")),
            FieldSpec("outlet", tr("Outlet"), placeholder=tr("newspaper, TV, website")),
            FieldSpec(
                "scope",
                tr("Reach"),
                FieldKind.CHOICE,
                choices=_choices(scopes),
                default=MediaScope.REGIONAL,
            ),
            FieldSpec("url", tr("Link")),
        ],
        columns=[
            Column(
                "date",
                tr("Date"),
                lambda m: format_date(m.item_date),
                sort_key=lambda m: m.item_date,
                align=CENTER,
            ),
            Column("title", tr("Title"), lambda m: m.title),
            Column("outlet", tr("Outlet"), lambda m: m.outlet),
            Column("scope", tr("Reach"), lambda m: _label_of(scopes, m.scope)),
            Column("url", tr("Link"), lambda m: m.url),
        ],
        load=lambda db: records.list_records(db, MediaItem, order_by=[MediaItem.item_date.desc()]),
        label=lambda m: m.title,
        empty_text=tr("No media coverage recorded yet."),
    )


def story_spec() -> RecordTableSpec:
    """Success stories."""
    return RecordTableSpec(
        model=SuccessStory,
        noun=tr("success story"),
        add_text=tr("Add success story…"),
        fields=[
            FieldSpec("story_date", tr("Date"), FieldKind.DATE, default=date.today),
            FieldSpec("title", tr("Title")),
            FieldSpec("organisations", tr("Organisations involved")),
            FieldSpec("summary", tr("Summary"), FieldKind.MULTILINE),
        ],
        columns=[
            Column(
                "date",
                tr("Date"),
                lambda s: format_date(s.story_date),
                sort_key=lambda s: s.story_date,
                align=CENTER,
            ),
            Column("title", tr("Title"), lambda s: s.title),
            Column("organisations", tr("Organisations"), lambda s: s.organisations),
            Column(
                "summary",
                tr("Summary"),
                lambda s: (s.summary or "").splitlines()[0] if s.summary else "",
            ),
        ],
        load=lambda db: records.list_records(
            db, SuccessStory, order_by=[SuccessStory.story_date.desc()]
        ),
        label=lambda s: s.title,
        empty_text=tr("No success stories yet."),
    )


def recognition_spec() -> RecordTableSpec:
    """Awards, network memberships, MoUs."""
    kinds = [tr("award"), tr("network membership"), tr("MoU"), tr("other")]
    return RecordTableSpec(
        model=Recognition,
        noun=tr("recognition"),
        add_text=tr("Add recognition…"),
        fields=[
            FieldSpec("recognition_date", tr("Date"), FieldKind.DATE, default=date.today),
            FieldSpec("title", tr("Title")),
            FieldSpec(
                "kind",
                tr("Kind"),
                FieldKind.SUGGEST,
                choices=[(k, k) for k in kinds],
                default=kinds[0],
            ),
            FieldSpec("issuer", tr("Issued by")),
            FieldSpec("url", tr("Link")),
        ],
        columns=[
            Column(
                "date",
                tr("Date"),
                lambda r: format_date(r.recognition_date),
                sort_key=lambda r: r.recognition_date,
                align=CENTER,
            ),
            Column("title", tr("Title"), lambda r: r.title),
            Column("kind", tr("Kind"), lambda r: r.kind),
            Column("issuer", tr("Issued by"), lambda r: r.issuer),
            Column("url", tr("Link"), lambda r: r.url),
        ],
        load=lambda db: records.list_records(
            db, Recognition, order_by=[Recognition.recognition_date.desc()]
        ),
        label=lambda r: r.title,
        empty_text=tr(
            "No recognitions yet: awards, network memberships and MoUs count for the label."
        ),
    )

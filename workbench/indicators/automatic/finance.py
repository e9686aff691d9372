"""The finance indicator: 3.2 the private share of the cluster organisation's income."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from workbench.indicators.context import (
    Context,
    Outcome,
    Period,
)
from workbench.indicators.formatting import (
    pct,
)
from workbench.indicators.wording import Eur as _Eur
from workbench.indicators.wording import kind_word as _kind
from workbench.indicators.wording import number as _num
from workbench.translatable import join, msg

# --------------------------------------------------------------------------- 3.2


def private_share(ctx: Context, p: Period) -> Outcome:
    """3.2 Private income divided by total income of the year."""
    year = p.money_year
    rows = [r for r in ctx.snap.income if r.year == year]
    if not rows:
        return Outcome(missing=[msg("no income recorded for {year}", year=year)])
    total = sum((r.amount for r in rows), Decimal(0))
    private = sum((r.amount for r in rows if r.is_private), Decimal(0))
    share = pct(private, total)
    if share is None:
        return Outcome(missing=[msg("the income recorded for {year} totals 0", year=year)])
    by_category: Counter[tuple[str, bool]] = Counter()
    for r in rows:
        by_category[(r.category.value.replace("_", " "), r.is_private)] += r.amount  # type: ignore[assignment]
    inputs: list[str] = [
        msg(
            "private income {private} of {total} total in {year}",
            private=_Eur(private),
            total=_Eur(total),
            year=year,
        ),
        join(
            "; ",
            (
                msg("{name} {amount} (private)", name=_kind(name), amount=_Eur(amount))
                if is_private
                else msg("{name} {amount} (public)", name=_kind(name), amount=_Eur(amount))
                for (name, is_private), amount in sorted(by_category.items())
            ),
        ),
    ]
    out = Outcome(value=share, inputs=inputs, input_ids={"income": sorted(r.id for r in rows)})

    def advice(threshold: Decimal | None) -> str | None:
        if threshold is None:
            return msg("no private income recorded")
        text = msg(
            "private share {share} % of {threshold} %",
            share=_num(share),
            threshold=_num(threshold),
        )
        target = threshold / 100
        if target < 1:
            extra = (target * total - private) / (1 - target)
            text = msg(
                "{share_text}: about {amount} more private income",
                share_text=text,
                amount=_Eur(extra.quantize(Decimal(1))),
            )
        return text

    out.advice = advice
    return out

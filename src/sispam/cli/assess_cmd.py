"""`sispam assess SCENARIO [--json] [--explain VILLAGE] [--indicator-set NAME|FILE]`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sispam.cli.console import LazyConsole, new_table, styled
from sispam.cli.scenario_cmd import ScenarioArg
from sispam.i18n import get_language, t

if TYPE_CHECKING:
    from rich.text import Text

    from sispam.domain import Assessment, IndicatorValue, Scenario, VillageRisk


console = LazyConsole(highlight=False)


def assess_cmd(
    scenario: ScenarioArg,
    as_json: Annotated[bool, typer.Option("--json", help="Cetak JSON / print JSON")] = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="VILLAGE",
            help="Jelaskan skor satu desa (kode atau nama) / explain one village (code or name)",
        ),
    ] = None,
    indicator_set: Annotated[
        str | None,
        typer.Option(
            "--indicator-set",
            metavar="NAME|FILE",
            help="Perangkat indikator pengganti: pilkades, ikp, tps atau berkas .toml / "
            "use another indicator set: pilkades, ikp, tps or a .toml file",
        ),
    ] = None,
) -> None:
    """Kerawanan per desa: skor, zona, penjelasan / vulnerability score and zone per village."""
    from sispam.assess import assess as run_assess
    from sispam.assess import load_indicator_set
    from sispam.scenario import load_scenario

    s = load_scenario(scenario)
    iset = load_indicator_set(indicator_set, Path.cwd()) if indicator_set else None
    result = run_assess(s, iset)
    village = find_village(result, explain) if explain else None
    if as_json:
        print((village or result).model_dump_json(indent=2))
        return
    if village is not None:
        _explain(s, result, village)
    else:
        _table(s, result)


def find_village(result: Assessment, query: str) -> VillageRisk:
    """A village by code, or by name (case-insensitive; ``Name, District`` when ambiguous)."""
    from sispam.domain import SispamError

    q = query.strip()
    by_code = result.by_code()
    if q in by_code:
        return by_code[q]
    name, _, district = (p.strip().lower() for p in q.partition(","))
    hits = [
        v
        for v in result.villages
        if v.name.lower() == name and (not district or v.district_name.lower() == district)
    ]
    if len(hits) == 1:
        return hits[0]
    if hits:
        options = "; ".join(f"{v.code} ({v.name}, {v.district_name})" for v in hits)
        raise SispamError(t("assess.cli.ambiguous", query=query, options=options))
    from rapidfuzz import process

    close = process.extract(q, [v.name for v in result.villages], limit=3, score_cutoff=60)
    suggestions = ", ".join(c[0] for c in close) or "-"
    raise SispamError(t("assess.cli.no_village", query=query, suggestions=suggestions))


def _value(value: IndicatorValue, estimated: bool = False) -> str:
    if value is None:
        text = "—"
    elif isinstance(value, float):
        text = f"{value:g}" if value.is_integer() else f"{value:.2f}"
    else:
        text = str(value)
    return text + ("*" if estimated else "")


def _zone(s: Scenario, zone: str | None) -> Text | str:
    if zone is None:
        return "—"
    z = s.zones.get(zone)
    return styled(("■", z.color), f" {z.name(get_language())}")


def _table(s: Scenario, result: Assessment) -> None:
    lang = get_language()
    table = new_table(title=t("cli.assess.title", name=s.title))
    for col in ("code", "village", "district"):
        table.add_column(t(f"cli.col.{col}"))
    table.add_column(t("assess.cli.col.score"), justify="right")
    table.add_column(t("cli.col.zone"))
    if result.method == "indicators":
        table.add_column(t("assess.cli.col.top"))
    order = sorted(
        result.villages, key=lambda r: (-s.zones.rank(r.zone), -(r.score or 0.0), r.code)
    )
    for r in order:
        zone = _zone(s, r.zone) + (" " + t("assess.cli.pinned_mark") if r.pinned else "")
        score = "—" if r.score is None else f"{r.score:.1f}" + ("*" if r.estimated else "")
        row = [r.code, r.name, r.district_name, score, zone]
        if result.method == "indicators":
            top = [c for c in r.contributions if c.points > 0][:2]
            row.append(", ".join(f"{_name(c, lang)} {c.points:.0f}" for c in top))
        table.add_row(*row)
    console.print(table)
    counts = result.zone_counts()
    console.print(
        t(
            "assess.cli.summary",
            zones=", ".join(f"{z.name(lang)} {counts.get(z.id, 0)}" for z in s.zones.zones),
        )
    )
    if result.method == "given":
        console.print(t("assess.cli.given"))
    else:
        set_name = result.indicator_set_name_en if lang == "en" else result.indicator_set_name_id
        thresholds = ", ".join(
            f"{s.zones.get(z).name(lang)} ≥ {v:.1f}" for z, v in result.thresholds.items()
        )
        console.print(
            t(
                "assess.cli.method",
                set=f"{set_name} ({result.indicator_set})",
                method=t(f"assess.cli.zone_method.{result.zone_method}"),
                thresholds=thresholds,
                missing=t(f"assess.cli.missing.{result.missing_policy}"),
            )
        )
        if result.excluded:
            console.print(t("assess.cli.excluded", indicators=", ".join(result.excluded)))
        _sensitivity(result)
    for r in result.pinned():
        console.print(
            t(
                "assess.cli.pinned",
                village=r.name,
                zone=s.zones.get(r.zone).name(lang),
                derived=s.zones.get(r.derived_zone).name(lang) if r.derived_zone else "—",
                reason=r.pin_reason,
            )
        )
    if any(r.estimated for r in result.villages):
        console.print(t("common.estimated_note"))


def _name(item: object, lang: str) -> str:
    return str(getattr(item, "name_en" if lang == "en" else "name_id"))


def _sensitivity(result: Assessment) -> None:
    lang = get_language()
    pct = round(result.sensitivity_step * 100)
    table = new_table(title=t("assess.cli.sensitivity", pct=pct))
    table.add_column(t("assess.cli.col.weight_of"))
    table.add_column(t("assess.cli.col.share"), justify="right")
    table.add_column(f"−{pct}%", justify="right")
    table.add_column(f"+{pct}%", justify="right")
    for row in result.sensitivity:
        label = _name(row, lang)
        if row.kind == "dimension":
            label = styled((f"{t('assess.cli.dimension')}: {label}", "bold"))
        table.add_row(label, f"{row.weight * 100:.1f}%", str(row.changed_down), str(row.changed_up))
    console.print(table)


def _explain(s: Scenario, result: Assessment, r: VillageRisk) -> None:
    lang = get_language()
    console.print(
        styled((r.name, "bold"), f" ({r.code}, {t('cli.col.district')} {r.district_name})")
    )
    score = "—" if r.score is None else f"{r.score:.1f} / 100"
    console.print(t("assess.cli.explain.score", score=score, zone=_zone(s, r.zone)))
    if r.pinned:
        console.print(
            t(
                "assess.cli.explain.pinned",
                derived=_zone(s, r.derived_zone),
                reason=r.pin_reason or "",
            )
        )
    if r.given_zone and result.method == "indicators":
        console.print(t("assess.cli.explain.given", zone=_zone(s, r.given_zone)))
    if result.method == "given":
        console.print(t("assess.cli.given"))
        return
    dims = {d.id: _name(d, lang) for d in result.dimensions}
    if r.dimensions:
        console.print(
            t(
                "assess.cli.explain.dimensions",
                dims=", ".join(f"{dims.get(k, k)} {v:.0f}" for k, v in r.dimensions.items()),
            )
        )
    table = new_table(title=t("assess.cli.explain.contributions"))
    table.add_column(t("assess.cli.col.indicator"))
    table.add_column(t("assess.cli.col.value"), justify="right")
    table.add_column(t("assess.cli.col.risk"), justify="right")
    table.add_column(t("assess.cli.col.share"), justify="right")
    table.add_column(t("assess.cli.col.points"), justify="right")
    for c in r.contributions:
        value = _value(c.value, c.estimated)
        if c.imputed:
            value = f"{value} ({t('assess.cli.imputed')})"
        table.add_row(
            _name(c, lang),
            value,
            f"{c.normalised:.2f}" if c.normalised is not None else "—",
            f"{c.weight * 100:.1f}%",
            f"{c.points:.1f}",
        )
    console.print(table)
    if r.missing:
        console.print(t("assess.cli.explain.missing", indicators=", ".join(r.missing)))
    for ch in r.changes:
        console.print(
            t(
                f"assess.cli.explain.move_{ch.direction}",
                zone=_zone(s, ch.zone),
                points=f"{abs(ch.points):.1f}",
            )
        )
        if ch.levers:
            console.print("  " + t("assess.cli.explain.any_of"))
        for lever in ch.levers:
            console.print(
                "    • "
                + t(
                    "assess.cli.explain.lever",
                    indicator=_name(lever, lang),
                    old=_value(lever.from_value),
                    new=_value(lever.to_value),
                    points=f"{lever.points:+.1f}",
                )
            )
        if not ch.levers:
            console.print("  • " + t("assess.cli.explain.no_lever"))
    if r.estimated:
        console.print(t("common.estimated_note"))

"""`sispam epstein --preset mesa|netlogo [...] [--json]`: run Epstein's civil-violence model I."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from sispam.cli.console import LazyConsole
from sispam.cli.options import Seed
from sispam.i18n import t

MAX_STEPS = 100_000  # Epstein's own runs are 200–1,000 steps

console = LazyConsole(highlight=False)


def parse_schedule(text: str | None, kind: type) -> tuple[tuple[int, Any], ...]:
    """``"80:0.7,100:0.6"`` → ((80, 0.7), (100, 0.6)); ``kind`` converts the values."""
    from sispam.sim.epstein import EpsteinParamError

    if not text:
        return ()
    try:
        pairs = [item.split(":") for item in text.split(",") if item.strip()]
        return tuple((int(step), kind(value)) for step, value in pairs)
    except ValueError:
        raise EpsteinParamError(t("epstein.schedule_syntax", text=text)) from None


def _opt(help_text: str, *names: str) -> Any:
    return typer.Option(*names, help=help_text, show_default=False)


def epstein_cmd(
    preset_name: Annotated[
        str, typer.Option("--preset", help="Aturan rujukan / reference rules: mesa | netlogo")
    ] = "mesa",
    width: Annotated[int | None, _opt("Lebar grid / grid width", "--width")] = None,
    height: Annotated[int | None, _opt("Tinggi grid / grid height", "--height")] = None,
    steps: Annotated[
        int,
        typer.Option("--steps", min=0, max=MAX_STEPS, help="Jumlah langkah / number of steps"),
    ] = 200,
    seed: Seed = 0,
    legitimacy: Annotated[float | None, _opt("Legitimasi L / legitimacy L", "--legitimacy")] = None,
    citizen_density: Annotated[
        float | None, _opt("Kepadatan warga / citizen density", "--citizen-density")
    ] = None,
    cop_density: Annotated[
        float | None, _opt("Kepadatan polisi / cop density", "--cop-density")
    ] = None,
    vision: Annotated[
        float | None, _opt("Jangkauan pandang warga dan polisi / vision of both", "--vision")
    ] = None,
    max_jail_term: Annotated[
        int | None, _opt("Masa tahanan maksimum / Jmax", "--max-jail-term")
    ] = None,
    threshold: Annotated[float | None, _opt("Ambang T / threshold T", "--threshold")] = None,
    k: Annotated[float | None, _opt("Konstanta k / arrest constant k", "--k")] = None,
    neighbourhood: Annotated[
        str | None, _opt("von_neumann | moore | disc", "--neighbourhood")
    ] = None,
    own_cell: Annotated[
        bool | None,
        _opt("Sel sendiri ikut dihitung / count the own cell", "--own-cell/--no-own-cell"),
    ] = None,
    rounding: Annotated[
        str | None,
        _opt("Pembulatan C/A / rounding of C/A: literal | floor | half_even", "--rounding"),
    ] = None,
    order: Annotated[str | None, _opt("decide_then_move | move_then_act", "--order")] = None,
    activation: Annotated[str | None, _opt("sequential | synchronous", "--activation")] = None,
    jail: Annotated[
        str | None, _opt("Tahanan tetap di grid atau keluar / jailed: stay | leave", "--jail")
    ] = None,
    cop_to_arrestee: Annotated[
        bool | None,
        _opt(
            "Polisi pindah ke sel yang ditangkap / cop moves onto the arrestee",
            "--cop-to-arrestee/--no-cop-to-arrestee",
        ),
    ] = None,
    jail_term_inclusive: Annotated[
        bool | None,
        _opt(
            "Masa tahanan [0, Jmax] atau [0, Jmax-1] / term range",
            "--jail-term-inclusive/--jail-term-exclusive",
        ),
    ] = None,
    jail_countdown: Annotated[
        str | None, _opt("activation | end_of_step", "--jail-countdown")
    ] = None,
    placement: Annotated[str | None, _opt("bernoulli | exact", "--placement")] = None,
    movement: Annotated[
        bool | None, _opt("Warga bergerak / citizens move", "--movement/--no-movement")
    ] = None,
    cop_movement: Annotated[
        bool | None, _opt("Polisi bergerak / cops move", "--cop-movement/--no-cop-movement")
    ] = None,
    legitimacy_schedule: Annotated[
        str | None,
        _opt("Jadwal legitimasi / legitimacy schedule, e.g. 80:0.7", "--legitimacy-schedule"),
    ] = None,
    cop_schedule: Annotated[
        str | None,
        _opt("Jadwal jumlah polisi / number of cops, e.g. 100:50,200:40", "--cop-schedule"),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Cetak JSON: params dan hitungan per langkah / print JSON"),
    ] = False,
) -> None:
    """Model kekerasan sipil Epstein (2002) / Epstein's civil-violence model I."""
    from sispam.sim.epstein import outbursts, preset, simulate
    from sispam.sim.epstein.analysis import OUTBURST_THRESHOLD

    overrides: dict[str, Any] = {
        "width": width,
        "height": height,
        "legitimacy": legitimacy,
        "citizen_density": citizen_density,
        "cop_density": cop_density,
        "citizen_vision": vision,
        "cop_vision": vision,
        "max_jail_term": max_jail_term,
        "threshold": threshold,
        "k": k,
        "neighbourhood": neighbourhood,
        "own_cell": own_cell,
        "rounding": rounding,
        "order": order,
        "activation": activation,
        "jail": jail,
        "cop_to_arrestee": cop_to_arrestee,
        "jail_term_inclusive": jail_term_inclusive,
        "jail_countdown": jail_countdown,
        "placement": placement,
        "citizen_movement": movement,
        "cop_movement": cop_movement,
        "legitimacy_schedule": parse_schedule(legitimacy_schedule, float) or None,
        "cop_schedule": parse_schedule(cop_schedule, int) or None,
    }
    params = preset(preset_name, **{name: v for name, v in overrides.items() if v is not None})
    run = simulate(params, steps, seed)
    if as_json:
        out = {"preset": preset_name, **run.to_json()}
        print(json.dumps(out, separators=(",", ":")))
        return
    active = run.counts[:, 1]
    console.print(
        t(
            "epstein.summary_title",
            preset=preset_name,
            width=params.width,
            height=params.height,
            steps=steps,
            seed=seed,
        )
    )
    console.print(
        t(
            "epstein.summary_population",
            citizens=run.population,
            cops=int(run.cops[0]) if steps else 0,
        )
    )
    if steps:
        q, a, j = (int(v) for v in run.counts[-1])
        peak_step = int(active.argmax()) + 1
        console.print(t("epstein.summary_final", quiet=q, active=a, jailed=j))
        console.print(
            t(
                "epstein.summary_peak",
                peak=int(active.max()),
                step=peak_step,
                threshold=OUTBURST_THRESHOLD,
                outbursts=len(outbursts(active)),
            )
        )
    console.print(t("epstein.summary_hint"))

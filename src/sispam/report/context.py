"""Konteks laporan (report context): the stage results, the language, and the look-ups every
table needs — names, labels and which figures are estimates.

Nothing here decides anything about the plan: it reads the results and says how to show them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict

import sispam
from sispam.domain import Assessment, Plan, Scenario, SispamError, Unit, Village
from sispam.i18n import t
from sispam.report import fmt

# Village fields a staffing requirement is derived from: if one is an estimate, so is the need.
REQUIREMENT_INPUTS = frozenset({"tps", "voters"})


# Polri's regional commands not named like their province: Jakarta and the cities around it
# answer to Polda Metro Jaya — DKI Jakarta, Kabupaten and Kota Bekasi, Kota Depok, Kota Tangerang,
# Kota Tangerang Selatan (Kabupaten Tangerang stays with Polda Banten).
POLDA_METRO_JAYA = ("31", "32.16", "32.75", "32.76", "36.71", "36.74")
PLANNING_LEAD_DAYS = 35  # a Pilkades plan is written about five weeks before the vote (D-35)


class ReportSettings(BaseModel):
    """The scenario's ``[report]`` table: who issues and signs the documents, and when.

    ``date`` is the planning date the documents carry (default: D-35), never the day the
    software ran; names, ranks and NRP fill the signature blocks (blank lines if not given)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    polres: str | None = None  # e.g. "Polres Klaten"
    kodim: str | None = None  # e.g. "Kodim 0723/Klaten"
    pemkab: str | None = None  # e.g. "Pemerintah Kabupaten Klaten"
    place: str | None = None  # where the document is issued ("Klaten")
    province: str | None = None  # for the letterhead ("Jawa Tengah"); default from the region
    date: _dt.date | None = None  # the planning date printed on the documents
    classification: str = ""  # default "RAHASIA"
    kapolres: str = ""  # names for the signature lines; blank lines if unknown
    kapolres_rank: str = ""
    kapolres_nrp: str = ""
    dandim: str = ""
    dandim_rank: str = ""
    dandim_nrp: str = ""
    bupati: str = ""
    number: str = ""  # document number, e.g. "R/Renpam/12/V/2023"


class ReportSettingsError(SispamError):
    pass


def read_settings(scenario: Scenario) -> ReportSettings:
    """Validate the scenario's ``[report]`` table; raises :class:`ReportSettingsError`."""
    from pydantic import ValidationError

    from sispam.scenario.errors import issues_from_validation

    try:
        return ReportSettings.model_validate(scenario.stage_settings("report"))
    except ValidationError as exc:
        detail = "; ".join(
            f"report.{i.column}: {i.message}" for i in issues_from_validation(exc, "scenario.toml")
        )
        raise ReportSettingsError(t("report.error.settings", detail=detail)) from None


@dataclass(frozen=True)
class ReportContext:
    """Everything a document builder reads. ``sim`` is the simulation result, if one was run."""

    scenario: Scenario
    assessment: Assessment
    plan: Plan
    lang: str = "id"
    sim: Any = None
    generated: date | None = None

    # --- identity -------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return sispam.__version__

    @property
    def today(self) -> date:
        """The planning date: given by the caller, else ``[report] date``, else D-35."""
        if self.generated is not None:
            return self.generated
        if self.settings.date is not None:
            return self.settings.date
        return self.scenario.election_date - timedelta(days=PLANNING_LEAD_DAYS)

    @cached_property
    def settings(self) -> ReportSettings:
        return read_settings(self.scenario)

    @cached_property
    def region_short(self) -> str:
        name = self.scenario.region_name
        for prefix in ("Kabupaten ", "Kota "):
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    @property
    def polres(self) -> str:
        return self.settings.polres or f"Polres {self.region_short}"

    @property
    def kodim(self) -> str:
        return self.settings.kodim or f"Kodim {self.region_short}"

    @property
    def pemkab(self) -> str:
        return self.settings.pemkab or f"Pemkab {self.region_short}"

    @property
    def kapolres(self) -> str:
        """The office, e.g. "Kapolres Klaten" (from "Polres Klaten")."""
        return "Ka" + self.polres[0].lower() + self.polres[1:] if self.polres else "Kapolres"

    @property
    def dandim(self) -> str:
        """The office, e.g. "Dandim 0723/Klaten" (from "Kodim 0723/Klaten")."""
        return self.kodim.replace("Kodim", "Dandim", 1)

    @property
    def bupati(self) -> str:
        return f"Bupati {self.region_short}"

    @property
    def place(self) -> str:
        return self.settings.place or self.region_short

    @cached_property
    def province(self) -> str:
        """The province (for the Polda in the letterhead), from the region code."""
        if self.settings.province:
            return self.settings.province
        from sispam import geo

        try:
            return geo.region(self.scenario.region_code[:2]).name
        except geo.GeoLookupError:
            return ""

    @cached_property
    def polda(self) -> str:
        """The Polda's area as its letterhead writes it after "Daerah": "Jawa Tengah",
        "Metro Jaya", "Istimewa Yogyakarta" (not "Daerah Daerah Istimewa Yogyakarta")."""
        code = self.scenario.region_code
        if not self.settings.province and any(
            code == r or code.startswith(r + ".") for r in POLDA_METRO_JAYA
        ):
            return "Metro Jaya"
        name = self.province
        return name[len("Daerah ") :] if name.lower().startswith("daerah ") else name

    # --- translation ----------------------------------------------------------------------
    def t(self, key: str, /, **values: object) -> str:
        return t(key, self.lang, **values)

    def label(self, group: str, value: object) -> str:
        """Label of an enumeration value (force, kind, phase, post, ...) in the reader's language."""
        raw = getattr(value, "value", value)
        return t(f"report.{group}.{raw}", self.lang)

    def num(self, value: float, digits: int = 0) -> str:
        return fmt.number(value, self.lang, digits)

    def est(self, text: str, estimated: bool) -> str:
        return f"{text}{fmt.EST_MARK}" if estimated else text

    # --- look-ups -------------------------------------------------------------------------
    @cached_property
    def villages(self) -> dict[str, Village]:
        return {v.code: v for v in self.scenario.villages}

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {u.name: u for u in self.scenario.units}

    @cached_property
    def risks(self) -> dict[str, Any]:
        return self.assessment.by_code()

    def zone_of(self, code: str) -> str:
        if code in self.plan.zones:
            return self.plan.zones[code]
        return self.risks[code].zone if code in self.risks else self.scenario.zones.zones[0].id

    def zone_name(self, zone_id: str) -> str:
        return self.scenario.zones.get(zone_id).name(self.lang)

    def zone_label(self, zone_id: str) -> str:
        """A vulnerability zone labelled as one ("Zona merah"), never to be read as a crowd
        situation ("Situasi merah", :mod:`sispam.domain.doctrine`)."""
        name = self.zone_name(zone_id).split(" (", 1)[0]
        return self.t("report.zone_label", zone=name)

    def zone_color(self, zone_id: str) -> str:
        return self.scenario.zones.get(zone_id).color

    def village_name(self, code: str) -> str:
        v = self.villages.get(code)
        return v.name if v else code

    # --- estimates ------------------------------------------------------------------------
    def village_est(self, code: str, field: str) -> bool:
        v = self.villages.get(code)
        return bool(v and field in v.estimated)

    def requirement_est(self, code: str | None) -> bool:
        """A need computed from an estimated TPS or voter count is itself an estimate."""
        if code is None:
            return False
        v = self.villages.get(code)
        return bool(v and v.estimated & REQUIREMENT_INPUTS)

    def unit_est(self, name: str, field: str) -> bool:
        u = self.units.get(name)
        return bool(u and field in u.estimated)

    def location_est(self, name: str) -> bool:
        """Travel times from an estimated base location are estimates too."""
        u = self.units.get(name)
        return bool(u and u.estimated & {"lat", "lng", "home"})

    def score_est(self, code: str) -> bool:
        r = self.risks.get(code)
        if r is None:
            return False
        return bool(getattr(r, "estimated", False)) or any(
            c.estimated or c.imputed for c in r.contributions
        )

    def indicator_name(self, column: str) -> str | None:
        """The assessment's name for an indicator column, if the indicator set knows it."""
        for ind in getattr(self.assessment, "indicators", ()):
            if ind.id == column:
                return ind.name_en if self.lang == "en" else ind.name_id
        return None

    @cached_property
    def estimated_inputs(self) -> list[str]:
        """Which inputs are estimates, grouped: village data, indicators, unit data."""
        groups: dict[str, list[str]] = {"villages": [], "indicators": [], "units": []}
        for item in self.scenario.estimated_inputs():
            table, field = item.split(".", 1)
            if field in ("lat", "lng"):
                field = "location"
            try:
                name = t(f"report.field.{table}.{field}", self.lang)
                group = table
            except KeyError:  # an indicator column: the indicator set's name, else the column
                name = self.indicator_name(field) or field
                group = "indicators" if table == "villages" else table
            if name not in groups[group]:
                groups[group].append(name)
        return [
            f"{t(f'report.fieldset.{g}', self.lang)}: {', '.join(names)}"
            for g, names in groups.items()
            if names
        ]

    @cached_property
    def has_estimates(self) -> bool:
        return bool(self.scenario.estimated_inputs())

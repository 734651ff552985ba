"""Skenario: the editable scenario format (TOML + CSV), loading with clear errors, writing.

Public functions: :func:`load_scenario`, :func:`write_scenario`, :func:`new_scenario`,
:func:`embedded_names`; :func:`scenario_warnings` and :func:`plan_gaps` for valid but odd inputs;
and the safe writers every command uses, :func:`write_files` (an output folder, all or nothing,
never over a user's folder) and :func:`write_file` (one file). Errors are :class:`ScenarioError`
with :class:`ScenarioIssue` rows, and :class:`OutputError`.
"""

from sispam.scenario.errors import ScenarioError, ScenarioIssue
from sispam.scenario.lint import plan_gaps, scenario_warnings
from sispam.scenario.load import embedded_names, load_scenario, resolve
from sispam.scenario.new import new_scenario
from sispam.scenario.output import (
    OutputError,
    check_file_target,
    check_folder_target,
    discard_output,
    write_file,
    write_files,
)
from sispam.scenario.write import SCENARIO_KIND, scenario_files, write_scenario

__all__ = [
    "SCENARIO_KIND",
    "OutputError",
    "ScenarioError",
    "ScenarioIssue",
    "check_file_target",
    "check_folder_target",
    "discard_output",
    "embedded_names",
    "load_scenario",
    "new_scenario",
    "plan_gaps",
    "resolve",
    "scenario_files",
    "scenario_warnings",
    "write_file",
    "write_files",
    "write_scenario",
]

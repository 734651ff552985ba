"""Skenario: the editable scenario format (TOML + CSV), loading with clear errors, writing.

Public functions: :func:`load_scenario`, :func:`write_scenario`, :func:`new_scenario`,
:func:`embedded_names`; errors are :class:`ScenarioError` with :class:`ScenarioIssue` rows.
"""

from sispam.scenario.errors import ScenarioError, ScenarioIssue
from sispam.scenario.load import embedded_names, load_scenario, resolve
from sispam.scenario.new import new_scenario
from sispam.scenario.write import scenario_files, write_files, write_scenario

__all__ = [
    "ScenarioError",
    "ScenarioIssue",
    "embedded_names",
    "load_scenario",
    "new_scenario",
    "resolve",
    "scenario_files",
    "write_files",
    "write_scenario",
]

"""Base class of every domain object: immutable, validated, JSON round-trippable."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer

SCHEMA_VERSION = 1
T = TypeVar("T")


def _sorted(values: frozenset[Any]) -> list[Any]:
    return sorted(values, key=str)


# A set field of a domain object. In JSON it is a sorted list: a set's own order depends on the
# process's hash seed, and the same inputs must give the same bytes (tests/domain checks that
# every set field of every domain object uses this type).
SortedSet = Annotated[frozenset[T], PlainSerializer(_sorted, when_used="json")]


class DomainModel(BaseModel):
    """Frozen pydantic model; unknown fields are refused so typos in files surface as errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, defer_build=True)


# Upper bounds on the whole numbers of a scenario. Far above any real election (Indonesia has
# ~205 M voters and ~470 k police in all), they keep a typo such as 10^24 voters from reaching the
# engines, whose counts are 64-bit (and whose sums must not overflow).
MAX_VOTERS = 10_000_000  # per village
MAX_COUNT = 1_000_000  # TPS, candidates, personnel of one unit or pattern, team sizes
MAX_MINUTES = 60 * 24 * 60  # delays and times in minutes: at most 60 days

# Validators raise ``ValueError(RULE_PREFIX + key)``; the scenario loader turns the key into a
# localised message (i18n key ``scenario.rule.<key>``), so domain objects stay free of i18n.
RULE_PREFIX = "rule."

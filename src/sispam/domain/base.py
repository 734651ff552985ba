"""Base class of every domain object: immutable, validated, JSON round-trippable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1


class DomainModel(BaseModel):
    """Frozen pydantic model; unknown fields are refused so typos in files surface as errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


# Validators raise ``ValueError(RULE_PREFIX + key)``; the scenario loader turns the key into a
# localised message (i18n key ``scenario.rule.<key>``), so domain objects stay free of i18n.
RULE_PREFIX = "rule."

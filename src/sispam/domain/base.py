"""Base class of every domain object: immutable, validated, JSON round-trippable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1


class DomainModel(BaseModel):
    """Frozen pydantic model; unknown fields are refused so typos in files surface as errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

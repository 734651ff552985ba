"""Penolakan (refusal): why the rules do not allow what a person asked for, in their language."""

from __future__ import annotations

from pydantic import Field

from sispam.domain.base import DomainModel
from sispam.i18n import t


class Refusal(DomainModel):
    """A refused action: the message key (``ops.refuse.*``) and its values, so the Posko can log
    the reason once and show it in each reader's language (:meth:`message`)."""

    key: str = Field(min_length=1)
    values: dict[str, str] = Field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.message()


def refuse(key: str, /, **values: object) -> Refusal:
    """A :class:`Refusal` for message ``ops.refuse.<key>`` (values are kept as text)."""
    return Refusal(key=f"ops.refuse.{key}", values={k: str(v) for k, v in values.items()})

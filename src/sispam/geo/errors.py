"""Galat pencarian wilayah (region lookup errors), worded through sispam.i18n."""

from __future__ import annotations

from collections.abc import Sequence

from sispam.i18n import t


class GeoLookupError(LookupError):
    """A region code or name that cannot be resolved.

    ``query`` is what the user asked for; ``suggestions`` the closest known names (best first).
    ``str(err)`` renders in the *current* language, so a CLI that switches language after the
    error was raised still prints it correctly; ``err.message("en")`` picks one explicitly.
    """

    def __init__(
        self,
        key: str,
        query: str,
        suggestions: Sequence[str] = (),
        **values: object,
    ) -> None:
        self.key = key
        self.query = query
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        self.values = dict(values)
        super().__init__(self.message("id"))

    def _render_values(self, lang: str | None) -> dict[str, object]:
        # Level words ("kecamatan"/"district") are message keys themselves: translate them too.
        return {
            k: t(v[2:], lang) if isinstance(v, str) and v.startswith("@:") else v
            for k, v in self.values.items()
        }

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        text = t(self.key, lang, query=self.query, **self._render_values(lang))
        if self.suggestions:
            text += " " + t("geo.did_you_mean", lang, names=", ".join(self.suggestions))
        return text

    def __str__(self) -> str:
        return self.message()

    def __reduce__(self):  # keep it picklable (Dask workers, multiprocessing)
        return (_rebuild, (type(self), self.key, self.query, self.suggestions, self.values))


class GeoAmbiguityError(GeoLookupError):
    """A name that matches several regions; ``candidates`` lists them (``Name (code)``)."""

    SHOWN = 8  # a nationwide "Sukamaju" matches 65 villages: the message lists the first few

    def __init__(self, query: str, candidates: Sequence[str], level: str) -> None:
        self.candidates: tuple[str, ...] = tuple(candidates)
        super().__init__("geo.ambiguous", query, level=level)

    def _render_values(self, lang: str | None) -> dict[str, object]:
        shown = ", ".join(self.candidates[: self.SHOWN])
        extra = len(self.candidates) - self.SHOWN
        if extra > 0:
            shown += " " + t("geo.and_more", lang, count=extra)
        return {**super()._render_values(lang), "candidates": shown}

    def __reduce__(self):
        return (GeoAmbiguityError, (self.query, self.candidates, self.values["level"]))


def _rebuild(cls, key, query, suggestions, values):  # type: ignore[no-untyped-def]
    return cls(key, query, suggestions, **values)

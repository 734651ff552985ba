"""Base of every error meant for the user (already localised), as opposed to a bug."""

from __future__ import annotations


class SispamError(Exception):
    """An error whose message is written for the user (via ``sispam.i18n``).

    The CLI prints it without a traceback and exits non-zero; stages subclass it for bad input
    (invalid indicator file, infeasible plan request, bad simulation parameters, ...).
    """

"""Sispam: sistem pengamanan pemilihan (election security planning)."""

__version__ = "0.1.0"

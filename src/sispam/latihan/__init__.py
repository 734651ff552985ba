"""Latihan (the drill): prepare, run and evaluate a contingency drill — HSEEP's MSEL, EEGs and
After-Action Report (Anev) on the operation's own plan and simulation. See ``docs/latihan.md``."""

"""``python -m sispam.cli`` = ``sispam`` (used by tests that run the command as a process)."""

from sispam.cli import main

main()

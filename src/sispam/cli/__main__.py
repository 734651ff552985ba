"""``python -m sispam.cli`` = ``python -m sispam`` = ``sispam``."""

from sispam.__main__ import main

main()

"""The ``sispam`` script and ``python -m sispam``: the first Sispam code a command runs.

It imports nothing at module level, so a Ctrl-C from its first line on — while the libraries
load, the command is built, typer reads the line, or the command runs — ends with the short
message and exit code 130, never a traceback. (Before this line runs, the interrupt belongs to
Python's own start-up, which Sispam cannot catch.)
"""


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sispam`` script."""
    try:
        from sispam.cli.app import main as run

        run(argv)  # builds the command asked for (importing its module), then runs it
    except KeyboardInterrupt:  # before the command's own handling is in place
        import sys

        from sispam.cli.base import report_error

        sys.exit(report_error(KeyboardInterrupt()))


if __name__ == "__main__":
    main()

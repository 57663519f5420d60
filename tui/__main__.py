"""`python -m tui` is `archdecide`."""

from tui.cli import main

main()

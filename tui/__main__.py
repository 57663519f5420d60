"""`python -m tui` is `archdecide`."""

from tui.entry import main

main()

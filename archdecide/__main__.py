"""`python -m archdecide` is `archdecide`."""

from archdecide.tui.entry import main

main()

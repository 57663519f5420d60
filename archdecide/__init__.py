"""archdecide: decide how to run large language models, and record the decision.

The installed package; its parts live in the repository's knowledge/, decisions/ and tui/
folders, mapped here as archdecide.knowledge, archdecide.decisions and archdecide.tui."""

__version__ = "0.1.0"

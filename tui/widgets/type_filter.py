"""Type-to-filter for long lists: letters typed while the list has focus narrow it to the
rows that contain them (any case), backspace takes one back, escape clears the filter first.
Digits stay shortcuts (tui.widgets.lists). No Textual here: screens feed it key characters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TypeFilter:
    needle: str = ""

    def key(self, key: str, character: str | None) -> bool:
        """Take a key; True when it changed the filter (the screen then redraws the list)."""
        if key == "backspace" and self.needle:
            self.needle = self.needle[:-1]
            return True
        if key == "escape" and self.needle:
            self.needle = ""
            return True
        if character and len(character) == 1 and character.isprintable() \
                and not character.isdigit() and character != "?" \
                and (self.needle or not character.isspace()):  # digits pick, ? is key help
            self.needle += character
            return True
        return False

    def keeps(self, *texts: str) -> bool:
        wanted = self.needle.lower()
        return not wanted or any(wanted in text.lower() for text in texts)

    def line(self, count: int, total: int) -> str:
        if not self.needle:
            return "type to filter"
        return f"filter: {self.needle!r} - {count} of {total} (backspace, escape clears)"

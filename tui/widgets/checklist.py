"""A SelectionList whose boxes differ by glyph, not only by colour: `X` when chosen, blank when
not, so NO_COLOR, a monochrome console and a screen reader's text all show the choice. In the
ASCII style (tui.glyphs) the box is drawn with brackets: `[X]` / `[ ]`."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.binding import BindingType
from textual.strip import Strip
from textual.widgets import SelectionList

from archdecide.tui import glyphs
from archdecide.tui.widgets.lists import DIGITS, NoWrapMixin


class CheckList(NoWrapMixin, SelectionList[str]):
    """Digits toggle the n-th option (NoWrapMixin.action_pick selects, which here toggles)."""

    BINDINGS: ClassVar[list[BindingType]] = DIGITS

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        if len(segments) < 3 or index >= self.option_count:
            return line
        chosen = self.get_option_at_index(index).value in self.selected
        left, right = ("[", "]") if glyphs.ascii_only() else (segments[0].text, segments[2].text)
        segments[0] = Segment(left, segments[0].style)
        segments[1] = Segment("X" if chosen else " ", segments[1].style)
        segments[2] = Segment(right, segments[2].style)
        return Strip(segments, line.cell_length)

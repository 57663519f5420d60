"""Lists for the wizard: the cursor stops at the ends instead of wrapping from the last item
to the first (a fast key-repeat over SSH must not land on the top option unseen), and the
digits 1-9 pick the n-th item (select it, or in a checklist toggle it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

DIGITS: list[BindingType] = [Binding(str(n), f"pick({n})", show=False, id=f"pick-{n}")
                             for n in range(1, 10)]

if TYPE_CHECKING:
    _Base = OptionList
else:
    _Base = object


class NoWrapMixin(_Base):
    """For an OptionList or a SelectionList (add DIGITS to the class's BINDINGS)."""

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction

    def action_cursor_down(self) -> None:
        if self.highlighted is None:
            super().action_cursor_down()
        else:
            self._step(1)

    def action_cursor_up(self) -> None:
        if self.highlighted is None:
            super().action_cursor_up()
        else:
            self._step(-1)

    def action_pick(self, number: int) -> None:
        index = number - 1
        if index < self.option_count and not self.get_option_at_index(index).disabled:
            self.highlighted = index
            self.action_select()


class NoWrap(NoWrapMixin, OptionList):
    BINDINGS: ClassVar[list[BindingType]] = DIGITS

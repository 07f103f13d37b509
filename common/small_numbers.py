"""The small-number rule: a count of one or two pupils is shown as "fewer than 3", never as itself.

Why: the unit is small and its figures are published (the SEN information report) or sent outside it (the
panel's statistics for the local authority). One girl in Year 4 on a placement, or the single request from a
district, can point at a child whom a reader knows. The unit's own 2024-25 report printed every count as it
was, ones included, so there is no convention of its own to follow; suppressing counts below three is the
usual statistical disclosure practice. Nought is shown: it identifies nobody.
"""

from dataclasses import dataclass

THRESHOLD = 3
FEWER_THAN = f"fewer than {THRESHOLD}"


@dataclass(frozen=True)
class Count:
    """A number of pupils (or of requests about pupils), with how it may be shown."""

    value: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.value < THRESHOLD

    @property
    def text(self) -> str:
        return FEWER_THAN if self.suppressed else str(self.value)

    @property
    def drawn(self) -> int | None:
        """What a chart may draw: nothing for a suppressed count, whose text stands in its place."""
        return None if self.suppressed else self.value

    def __str__(self) -> str:
        return self.text

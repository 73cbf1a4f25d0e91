"""The power map's geometry: where each stakeholder goes on a small SVG drawn by
templates/campaigns/_powermap.html.

Width is the stance (against on the left, for on the right), height the influence on the
target (more towards the top), one cell per pair of values. Those who share a cell are
spread in a small grid inside it, smaller when there are many, so that none hides
another; each carries the number of its row in the table beside the map, which says the
same in words. Pure arithmetic on numbers: no database, no request.
"""

import math
from dataclasses import dataclass

from assembly.campaigns.models.strategy import INFLUENCE, STANCE

# The drawing's own units (its viewBox): 240 wide, as the smallest phone's screen.
WIDTH, HEIGHT = 240, 212
LEFT, RIGHT, TOP, BOTTOM = 22, 4, 4, 28  # margins for the axes' words
CELL_W = (WIDTH - LEFT - RIGHT) / len(STANCE)
CELL_H = (HEIGHT - TOP - BOTTOM) / len(INFLUENCE)
LARGEST = 8.0  # a point's radius when it is alone in its cell


@dataclass(frozen=True)
class Point:
    """One stakeholder on the map: its number in the table, its centre and radius."""

    number: int
    row: object  # the Stakeholder
    x: float
    y: float
    r: float

    @property
    def font(self) -> float:
        """The size of its number, smaller for two digits."""
        return round(self.r * (1.2 if self.number < 10 else 0.95), 1)


def cell_origin(stance: int, influence: int) -> tuple[float, float]:
    """The top-left corner of the cell of (stance, influence)."""
    column = stance - STANCE.start
    line = INFLUENCE.stop - 1 - influence  # the most influential on the top line
    return LEFT + column * CELL_W, TOP + line * CELL_H


def cell_of(x: float, y: float) -> tuple[int, int]:
    """The (stance, influence) of the cell holding the point (x, y): the map read back."""
    column = int((x - LEFT) // CELL_W)
    line = int((y - TOP) // CELL_H)
    return STANCE.start + column, INFLUENCE.stop - 1 - line


def layout(stakeholders) -> list[Point]:
    """The points of `stakeholders` (in the table's order, numbered from 1), those of a
    same cell spread over a grid of ⌈√n⌉ columns inside it."""
    numbered = list(enumerate(stakeholders, start=1))
    cells: dict[tuple[int, int], list] = {}
    for number, row in numbered:
        cells.setdefault((_clamp(row.stance, STANCE), _clamp(row.influence, INFLUENCE)), []).append(
            (number, row)
        )
    points = []
    for (stance, influence), members in cells.items():
        left, top = cell_origin(stance, influence)
        columns = math.ceil(math.sqrt(len(members)))
        lines = math.ceil(len(members) / columns)
        step = min(CELL_W / columns, CELL_H / lines)
        radius = min(LARGEST, step / 2 - 1)
        # The little grid is centred in the cell.
        x0 = left + (CELL_W - step * columns) / 2 + step / 2
        y0 = top + (CELL_H - step * lines) / 2 + step / 2
        for place, (number, row) in enumerate(members):
            line, column = divmod(place, columns)
            x, y = x0 + column * step, y0 + line * step
            points.append(Point(number, row, round(x, 1), round(y, 1), round(radius, 1)))
    return sorted(points, key=lambda point: point.number)


def _clamp(value: int, scale: range) -> int:
    """A value on its scale (a row written outside it is drawn at the nearest end)."""
    return min(max(value, scale.start), scale.stop - 1)

"""A server-side SVG map of the wijken, drawn from their simplified GeoJSON boundaries.

No tiles and no JavaScript: it works offline, prints, and comes with a table alternative.
Other apps colour it with their own figures by passing `values` (wijk id -> number).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# A sequential palette from light to dark teal; the darkest steps carry white labels.
PALETTE = ["#e6f4f1", "#b9e1d9", "#7cc6b8", "#3f9e8e", "#1f6f63"]
NEUTRAL = "#dfe5e3"
WIDTH = 640


def _rings(geometry: Mapping) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon (holes are not drawn)."""
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Feature":
        return _rings(geometry.get("geometry") or {})
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in coords if polygon]
    return []


@dataclass
class MapArea:
    wijk_id: int
    name: str
    path: str
    fill: str
    value: float | None
    url: str | None
    label_x: float
    label_y: float
    dark: bool


@dataclass
class WijkMap:
    areas: list[MapArea]
    width: int
    height: int
    legend: list[tuple[str, str]]


def build_map(
    wijken: Iterable,
    *,
    values: Mapping[int, float] | None = None,
    links: Mapping[int, str] | None = None,
) -> WijkMap:
    """Project the boundaries into an SVG viewBox and colour them by `values`."""
    values, links = values or {}, links or {}
    shapes = [(w, _rings(w.boundary or {})) for w in wijken]
    shapes = [(w, rings) for w, rings in shapes if rings]
    points = [pt for _w, rings in shapes for ring in rings for pt in ring]
    if not points:
        return WijkMap(areas=[], width=WIDTH, height=0, legend=[])

    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    # Equirectangular projection, corrected for latitude so shapes keep their proportions.
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    pad = 8
    scale = (WIDTH - 2 * pad) / span_x
    height = round(span_y * scale + 2 * pad)

    def project(pt) -> tuple[float, float]:
        return (pad + (pt[0] - min_lon) * kx * scale, pad + (max_lat - pt[1]) * scale)

    numbers = [v for v in values.values() if v is not None]
    low, high = (min(numbers), max(numbers)) if numbers else (0, 0)

    whole = bool(numbers) and all(float(v).is_integer() for v in numbers)
    if whole:
        # Counts: bins of whole numbers, never a legend that reads "1 – 1.2".
        low, high = int(low), int(high)
        bins = min(len(PALETTE), high - low + 1)
        edges = [low + round(i * (high - low + 1) / bins) for i in range(bins + 1)]
        colours = [PALETTE[round(i * (len(PALETTE) - 1) / max(bins - 1, 1))] for i in range(bins)]
        if bins == 1:
            colours = [PALETTE[-1]]

    def step(value) -> int:
        if whole:
            for i in range(bins):
                if value < edges[i + 1]:
                    return PALETTE.index(colours[i])
            return PALETTE.index(colours[-1])
        if high == low:
            return len(PALETTE) - 1 if value else 0
        return min(len(PALETTE) - 1, int((value - low) / (high - low) * len(PALETTE)))

    areas = []
    for wijk, rings in shapes:
        parts, xs, ys = [], [], []
        for ring in rings:
            projected = [project(pt) for pt in ring]
            xs += [x for x, _y in projected]
            ys += [y for _x, y in projected]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + " Z")
        value = values.get(wijk.pk)
        index = step(value) if value is not None else None
        areas.append(
            MapArea(
                wijk_id=wijk.pk,
                name=wijk.name,
                path=" ".join(parts),
                fill=PALETTE[index] if index is not None else NEUTRAL,
                value=value,
                url=links.get(wijk.pk),
                label_x=round(sum(xs) / len(xs), 1),
                label_y=round(sum(ys) / len(ys), 1),
                dark=index is not None and index >= 3,
            )
        )

    legend = []
    if numbers and whole:
        for i in range(bins):
            first, last = edges[i], edges[i + 1] - 1
            label = f"{first}" if first == last else f"{first} – {last}"
            legend.append((colours[i], label))
    elif numbers:
        if high == low:
            legend = [(PALETTE[-1], f"{_fmt(high)}")]
        else:
            width = (high - low) / len(PALETTE)
            legend = [
                (colour, f"{_fmt(low + i * width)} – {_fmt(low + (i + 1) * width)}")
                for i, colour in enumerate(PALETTE)
            ]
    return WijkMap(areas=areas, width=WIDTH, height=height, legend=legend)


def _fmt(number: float) -> str:
    return f"{number:.0f}" if float(number).is_integer() or abs(number) >= 10 else f"{number:.1f}"

"""Build the dashboard's world map layer from the npm package world-atlas (Natural Earth 1:110m
countries, public domain; package ISC): ``npm pack world-atlas`` and unpack it, then

    python tools/build_world.py package/countries-110m.json src/redline/serve/static/world-110m.json

decodes the TopoJSON into a compact GeoJSON FeatureCollection (coordinates rounded to 0.01°,
each country's ISO 3166 numeric id and name) that the map page draws with its own script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as absolute [lon, lat] points (quantized arcs are delta-encoded)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        x = y = 0
        for point in arc:
            if transform:
                x += point[0]
                y += point[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
            else:
                points.append((round(point[0], 2), round(point[1], 2)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One ring from arc indexes (a negative index ~i is arc i reversed); shared ends joined once."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def features(topology: dict[str, Any], name: str = "countries") -> list[dict[str, Any]]:
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [[ring(r, arcs) for r in geometry["arcs"]]]
        elif kind == "MultiPolygon":
            polygons = [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        out.append(
            {
                "type": "Feature",
                "id": geometry.get("id"),
                "properties": {"name": (geometry.get("properties") or {}).get("name")},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    topology = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin 0 countries (public domain), via the npm package world-atlas 2",
        "features": features(topology),
    }
    Path(argv[1]).write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {argv[1]}: {len(collection['features'])} countries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

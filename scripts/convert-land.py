#!/usr/bin/python3
"""Natural Earth land (world-atlas TopoJSON, ../shared/data/coast/land-*.json) to Lantern's compact land format.

Format (little endian): b"LLND", uint32 version (1), uint32 ring count; per ring: uint32 point count, then
point count pairs of int16 (longitude * 100, latitude * 100). Rings are the outer boundaries and holes of the land
polygons, in degrees, cut at the antimeridian as Natural Earth cuts them (|lon| <= 180). Filled with the even-odd
rule, holes (lakes such as the Caspian Sea) stay open. Usage: convert-land.py IN.json OUT.bin
"""
import json
import struct
import sys


def decode(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs, indices):
    pts = []
    for i in indices:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def main(src, dst):
    topo = json.load(open(src))
    arcs = decode(topo)
    rings = []
    for geom in topo["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for r in poly:
                pts = ring(arcs, r)
                q = []
                for lon, lat in pts:
                    p = (round(max(-180, min(180, lon)) * 100), round(max(-90, min(90, lat)) * 100))
                    if not q or q[-1] != p:
                        q.append(p)
                if len(q) >= 4:
                    rings.append(q)
    with open(dst, "wb") as f:
        f.write(b"LLND" + struct.pack("<II", 1, len(rings)))
        for q in rings:
            f.write(struct.pack("<I", len(q)))
            f.write(b"".join(struct.pack("<hh", x, y) for x, y in q))
    print(f"{dst}: {len(rings)} rings, {sum(len(q) for q in rings)} points")


main(sys.argv[1], sys.argv[2])

#!/usr/bin/python3
"""Writes the Zarr fixtures of tests/snapshots with the real zarr library (Debian python3-zarr 2.13, numcodecs).

usage: make_zarr_fixtures.py OUTDIR FORMULAE.csv [K]

CrabNet-like recordings of the first K formulae of the CSV (plus its first pure element, which CrabNet drops):
  crabnet.csv           header + those rows
  dir.zarr/             zarr.DirectoryStore group, arrays layer0/layer1, epoch-major rows, uncompressed,
                        chunks (n_samples, 1, heads, n_el, n_el) as CrabNet's recorder writes them
  zip.zip               zarr.ZipStore group, the same values sample-major, chunks (epochs, 1, 1, n_el, n_el),
                        Blosc LZ4 clevel 5 without shuffle, as CrabNet rewrites them after training
  nested.zarr/          NestedDirectoryStore ("/" chunk keys, dimension_separator "/")
  legacy_nested.zarr/   the same with dimension_separator removed from .zarray (zarr < 2.8, CrabNet's era)
  f8.zarr/              float64 values
  root_array.zarr/      layer0 alone, the store root being the array
  expected_layer0.npy, expected_layer1.npy   (n_samples, epochs, heads, n_el, n_el), NaN where a pair is absent
  expected.json         sizes, and per sample the formula and CrabNet's element order (written independently of
                        the C++ reader, from this script's own parser)
Values are what CrabNet stores: each present query row is a softmax over the present keys; padded key columns are
0 and padded query rows hold a softmax too (PyTorch's key padding mask), so the reader must mask them itself.

Generic arrays (generic.zarr/): `edges` (7, 5, 6) f4 with chunks (3, 2, 4) and edge chunks, Blosc zstd with
byte shuffle, one chunk left unwritten (all fill); `ints` (10,) <i4 uncompressed; expected_edges.npy, expected_ints.npy.

Corrupt stores (each must give an error naming the key): missing_chunk.zip and missing_chunk.zarr (one chunk of
layer0 deleted), bad_json.zarr (.zarray is not JSON), truncated.zip (a Blosc chunk cut in half), truncated.zarr
(an uncompressed chunk cut), wrong_dtype.zarr (complex64), filters.zarr (a delta filter), f_order.zarr (order F),
zlib.zarr (zlib compressor), huge_chunks.zarr (a chunk of 2^48 elements), bad_rows.zarr (rows not a multiple
of the samples).
"""
import csv
import json
import os
import re
import shutil
import sys
import zipfile

import numcodecs
import numpy as np
import zarr

SYMBOLS = ("H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb "
           "Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf "
           "Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh "
           "Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og").split()


def element_order(formula):
    """CrabNet's EDM order for the plain formulas of the AFLOW CSV (no parentheses): first appearance, summed,
    then a stable sort by descending amount."""
    amounts = {}
    for sym, amt in re.findall(r"([A-Z][a-z]*)\s*([-*.\d]*)", formula):
        amounts[sym] = amounts.get(sym, 0.0) + (float(amt) if amt else 1.0)
    kept = [(s, a) for s, a in amounts.items() if abs(a) >= 1e-6]
    return sorted(kept, key=lambda sa: -sa[1])


def softmax_rows(logits, keys):
    out = np.zeros_like(logits)
    e = np.exp(logits[:, :keys] - logits[:, :keys].max(axis=1, keepdims=True))
    out[:, :keys] = e / e.sum(axis=1, keepdims=True)
    return out


def main():
    out, csv_path = sys.argv[1], sys.argv[2]
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    os.makedirs(out, exist_ok=True)
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    chosen = rows[:k] + [next(r for r in rows if len(element_order(r["formula"])) == 1)]
    with open(os.path.join(out, "crabnet.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["formula", "target"])
        for r in chosen:
            w.writerow([r["formula"], r["target"]])
    samples = [r["formula"] for r in chosen if len(element_order(r["formula"])) != 1]
    n, epochs, heads, n_el = len(samples), 5, 4, 8
    rng = np.random.default_rng(20240607)

    present = np.zeros((n, n_el), dtype=bool)
    symbols = []
    for i, formula in enumerate(samples):
        order = element_order(formula)[:n_el]
        present[i, :len(order)] = True
        symbols.append([s for s, _ in order] + ["--"] * (n_el - len(order)))

    def frames():
        """(n, epochs, heads, n_el, n_el) as CrabNet stores them."""
        v = np.zeros((n, epochs, heads, n_el, n_el), dtype=np.float32)
        for i in range(n):
            keys = int(present[i].sum())
            for e in range(epochs):
                for h in range(heads):
                    v[i, e, h] = softmax_rows(rng.normal(size=(n_el, n_el)) * (1 + e), keys)
        return v

    def expected(v):
        mask = present[:, None, None, :, None] & present[:, None, None, None, :]
        return np.where(mask, v, np.nan).astype(np.float32)

    values = {0: frames(), 1: frames()}
    for layer, v in values.items():
        np.save(os.path.join(out, f"expected_layer{layer}.npy"), expected(v))
    shape = (n * epochs, 1, heads, n_el, n_el)

    def epoch_major(v):
        return v.transpose(1, 0, 2, 3, 4).reshape(shape)

    def sample_major(v):
        return v.reshape(shape)

    def write_dir(path, store, dtype="float32"):
        root = zarr.group(store, overwrite=True)
        for layer, v in values.items():
            a = root.full(f"layer{layer}", shape=shape, chunks=(n, 1, heads, n_el, n_el), fill_value="NaN",
                          dtype=dtype, compressor=None, overwrite=True)
            a[:] = epoch_major(v).astype(dtype)

    write_dir("dir.zarr", zarr.DirectoryStore(os.path.join(out, "dir.zarr")))
    write_dir("nested.zarr", zarr.NestedDirectoryStore(os.path.join(out, "nested.zarr")))
    write_dir("f8.zarr", zarr.DirectoryStore(os.path.join(out, "f8.zarr")), dtype="float64")
    shutil.copytree(os.path.join(out, "nested.zarr"), os.path.join(out, "legacy_nested.zarr"))
    meta_path = os.path.join(out, "legacy_nested.zarr", "layer0", ".zarray")
    meta = json.load(open(meta_path))
    meta.pop("dimension_separator", None)
    json.dump(meta, open(meta_path, "w"), indent=4)

    root_store = zarr.DirectoryStore(os.path.join(out, "root_array.zarr"))
    a = zarr.full(shape, chunks=(n, 1, heads, n_el, n_el), fill_value="NaN", dtype="float32", compressor=None,
                  store=root_store, overwrite=True)
    a[:] = epoch_major(values[0])

    blosc = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=0)
    with zarr.ZipStore(os.path.join(out, "zip.zip"), mode="w") as store:
        root = zarr.group(store)
        for layer, v in values.items():
            a = root.full(f"layer{layer}", shape=shape, chunks=(epochs, 1, 1, n_el, n_el), fill_value="NaN",
                          dtype="float32", compressor=blosc, overwrite=True)
            a[:] = sample_major(v)

    # generic arrays
    g = zarr.group(zarr.DirectoryStore(os.path.join(out, "generic.zarr")), overwrite=True)
    edges = rng.normal(size=(7, 5, 6)).astype(np.float32)
    edges[3:6, 2:4, 0:4] = np.nan  # exactly chunk (1, 1, 0): all fill, so zarr does not write it
    a = g.full("edges", shape=edges.shape, chunks=(3, 2, 4), fill_value="NaN", dtype="float32",
               compressor=numcodecs.Blosc(cname="zstd", clevel=3, shuffle=1), write_empty_chunks=False)
    a[:] = edges
    np.save(os.path.join(out, "expected_edges.npy"), edges)
    ints = np.arange(-5, 5, dtype=np.int32) * 1000
    a = g.zeros("ints", shape=ints.shape, chunks=(4,), dtype="<i4", compressor=None)
    a[:] = ints
    np.save(os.path.join(out, "expected_ints.npy"), ints.astype(np.float32))

    # corrupt copies
    def copy_dir(name):
        dst = os.path.join(out, name)
        shutil.copytree(os.path.join(out, "dir.zarr"), dst)
        return dst

    def rewrite_zip(name, edit):
        with zipfile.ZipFile(os.path.join(out, "zip.zip")) as src, \
                zipfile.ZipFile(os.path.join(out, name), "w") as dst:
            for info in src.infolist():
                data = edit(info.filename, src.read(info.filename))
                if data is not None:
                    dst.writestr(info, data)

    rewrite_zip("missing_chunk.zip", lambda name, data: None if name == "layer0/0.0.1.0.0" else data)
    rewrite_zip("truncated.zip", lambda name, data: data[:len(data) // 2] if name == "layer0/1.0.2.0.0" else data)
    d = copy_dir("missing_chunk.zarr")
    os.remove(os.path.join(d, "layer0", "2.0.0.0.0"))  # epoch 2
    d = copy_dir("truncated.zarr")
    chunk = os.path.join(d, "layer0", "1.0.0.0.0")
    data = open(chunk, "rb").read()
    open(chunk, "wb").write(data[:len(data) - 100])

    def edit_meta(name, change):
        d = copy_dir(name)
        p = os.path.join(d, "layer0", ".zarray")
        if callable(change):
            m = json.load(open(p))
            change(m)
            json.dump(m, open(p, "w"))
        else:
            open(p, "w").write(change)

    edit_meta("bad_json.zarr", '{"zarr_format": 2, "shape": [65, 1, 4, 8, 8], "chunks": ')
    edit_meta("wrong_dtype.zarr", lambda m: m.update(dtype="<c8"))
    edit_meta("filters.zarr", lambda m: m.update(filters=[{"id": "delta", "dtype": "<f4"}]))
    edit_meta("f_order.zarr", lambda m: m.update(order="F"))
    edit_meta("zlib.zarr", lambda m: m.update(compressor={"id": "zlib", "level": 1}))
    edit_meta("huge_chunks.zarr", lambda m: m.update(shape=[2 ** 40, 1, 4, 8, 8], chunks=[2 ** 40, 1, 4, 8, 8]))
    edit_meta("bad_rows.zarr", lambda m: m.update(shape=[shape[0] + 1] + list(shape[1:])))

    json.dump({"samples": n, "epochs": epochs, "heads": heads, "n_el": n_el,
               "formulae": samples, "symbols": symbols,
               "dropped": [r["formula"] for r in chosen if len(element_order(r["formula"])) == 1]},
              open(os.path.join(out, "expected.json"), "w"), indent=1)


if __name__ == "__main__":
    main()

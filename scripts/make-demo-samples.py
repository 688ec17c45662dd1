#!/usr/bin/python3
"""Writes the demo samples bundled in resources/demo/: the first 4 test images of every Fashion-MNIST class
(t10k set, in file order) as 28x28 8-bit grey PNGs named <t10k index>_<class>.png, their labels (one integer
per line, in file-name order) and the class names. Needs only numpy; PNGs are written with zlib.

usage: scripts/make-demo-samples.py [DATA_DIR] [OUT_DIR]
  DATA_DIR defaults to /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist)
  OUT_DIR  defaults to resources/demo next to this script's folder
"""
import gzip
import os
import struct
import sys
import zlib

import numpy as np

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SLUGS = ["tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"]
PER_CLASS = 4


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def png_bytes(image):
    """8-bit greyscale PNG of a 2-D uint8 array (filter 0 on every row)."""
    h, w = image.shape

    def chunk(kind, payload):
        return (struct.pack(">I", len(payload)) + kind + payload +
                struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + image[y].tobytes() for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                                   "resources", "demo")
    images = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz"))
    chosen = []
    for c in range(len(CLASS_NAMES)):
        chosen += [int(i) for i in np.flatnonzero(labels == c)[:PER_CLASS]]
    chosen.sort()
    samples = os.path.join(out_dir, "samples")
    os.makedirs(samples, exist_ok=True)
    for old in os.listdir(samples):
        if old.endswith(".png"):
            os.remove(os.path.join(samples, old))
    with open(os.path.join(samples, "labels.txt"), "w") as f:
        for i in chosen:
            name = f"{i:04d}_{SLUGS[labels[i]]}.png"
            with open(os.path.join(samples, name), "wb") as png:
                png.write(png_bytes(images[i]))
            f.write(f"{labels[i]}\n")
    with open(os.path.join(out_dir, "class_names.txt"), "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")
    print(f"{len(chosen)} samples written to {samples}")


if __name__ == "__main__":
    main()

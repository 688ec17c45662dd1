#!/usr/bin/env python3
"""The diffraction fingerprint of Lantern / ai4materials (curved Ewald sphere, +-45 degree rotations about x, y, z,
ring mask 10..30 px, global normalisation, point scatterers) written in NumPy, vectorised over pixels and atoms, as
the speed reference of bench/materials_bench.cpp. Prints 'numpy_fingerprints_per_second <rate>'."""
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
import numpy as np  # noqa: E402


def detector(n=64, wavelength=0.05, distance=0.1, pixel=4e-4):
    idx = np.arange(n) - (n - 1) / 2
    x, y = np.meshgrid(idx, idx)  # columns along x, rows along y
    r2 = x * x + y * y
    keep = (r2 > 100) & (r2 < 900)
    p = np.stack([x * pixel, y * pixel, np.full_like(x, distance)], axis=-1)
    p /= np.linalg.norm(p, axis=-1, keepdims=True)
    h = (p - np.array([0, 0, 1.0])) / wavelength
    return h[keep], keep


def rotation(axis, degrees):
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return [np.array([[1, 0, 0], [0, c, s], [0, -s, c]]), np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]]),
            np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]])][axis]


def fingerprint(positions, h, keep):
    out = np.zeros((3,) + keep.shape)
    for channel in range(3):
        for angle in (-45, 45):
            hr = h @ rotation(channel, angle).T
            f = np.exp(-2j * np.pi * (hr @ positions.T)).sum(axis=1)
            out[channel][keep] += np.abs(f) ** 2
    return out / out.max()


def fcc_block(reps=(4, 4, 2)):
    base = np.array([[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0]])
    cells = np.array([[i, j, k] for i in range(reps[0]) for j in range(reps[1]) for k in range(reps[2])])
    pos = (cells[:, None, :] + base[None]).reshape(-1, 3) * np.sqrt(2.0)  # nearest neighbours at 1 Angstrom
    return pos - pos.mean(axis=0)


def main():
    h, keep = detector()
    pos = fcc_block()
    rng = np.random.default_rng(0)
    count, start = 20, time.perf_counter()
    for _ in range(count):
        fingerprint(pos + rng.normal(0, 0.02, pos.shape), h, keep)
    rate = count / (time.perf_counter() - start)
    print(f"numpy_fingerprints_per_second {rate:.3f} ({len(pos)} atoms)")


if __name__ == "__main__":
    main()

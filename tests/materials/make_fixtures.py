#!/usr/bin/env python3
"""Structure files written at test time by ASE (CIF, POSCAR, extended XYZ) with their reference values: cell,
positions, species, spglib's space group (python3-spglib) and the mean nearest-neighbour distance under periodic
images (brute force over images here). Usage: make_fixtures.py OUTDIR"""
import json
import os
import sys

import numpy as np
import spglib
from ase import Atoms
from ase.build import bulk
from ase.io import write


def mean_nn(atoms):
    cell = atoms.cell.array
    pos = atoms.get_positions()
    best = np.full(len(atoms), np.inf)
    r = range(-2, 3)
    for i in r:
        for j in r:
            for k in r:
                t = i * cell[0] + j * cell[1] + k * cell[2]
                d = np.linalg.norm(pos[None, :, :] + t - pos[:, None, :], axis=2)
                if i == j == k == 0:
                    np.fill_diagonal(d, np.inf)
                best = np.minimum(best, d.min(axis=1))
    return float(best.mean())


def main(out):
    rng = np.random.default_rng(7)
    structures = {
        "cu_fcc_cubic": bulk("Cu", "fcc", a=3.61, cubic=True),
        "fe_bcc": bulk("Fe", "bcc", a=2.87),
        "si_diamond": bulk("Si", "diamond", a=5.43, cubic=True),
        "mg_hcp": bulk("Mg", "hcp", a=3.21, c=5.21),
        "nacl": bulk("NaCl", "rocksalt", a=5.64),
        "triclinic": Atoms("LiO2Fe", scaled_positions=rng.random((4, 3)),
                           cell=[[4.1, 0.2, 0.1], [0.7, 5.3, 0.0], [0.4, 0.9, 6.2]], pbc=True),
        "rattled": bulk("Al", "fcc", a=4.05, cubic=True).repeat((2, 2, 2)),
    }
    structures["rattled"].rattle(stdev=0.05, seed=3)
    refs = {}
    for name, atoms in structures.items():
        write(os.path.join(out, name + ".cif"), atoms, format="cif")
        write(os.path.join(out, name + ".xyz"), atoms, format="extxyz")
        write(os.path.join(out, "POSCAR_" + name), atoms, format="vasp", direct=True)
        write(os.path.join(out, name + ".vasp"), atoms, format="vasp", direct=False)
        ds = spglib.get_symmetry_dataset((atoms.cell.array, atoms.get_scaled_positions(), atoms.numbers), symprec=1e-3)
        refs[name] = {
            "cell": atoms.cell.array.tolist(),
            "frac": atoms.get_scaled_positions(wrap=True).tolist(),
            "numbers": atoms.numbers.tolist(),
            "spacegroup": int(ds["number"]) if ds else 0,
            "mean_nn": mean_nn(atoms),
        }
    with open(os.path.join(out, "refs.json"), "w") as f:
        json.dump(refs, f)


if __name__ == "__main__":
    main(sys.argv[1])

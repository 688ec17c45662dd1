#!/usr/bin/python3
"""Fixtures for test_sample_stream, each written by its format's own library: .npy/.npz by NumPy, HDF5 by h5py,
NetCDF (and CF HDF5) by netCDF4-python, IDX by hand (the format is a 4-byte magic number, big-endian dimensions and
big-endian data). Usage: make_stream_fixtures.py DIR"""
import gzip
import os
import struct
import sys

import h5py
import netCDF4
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(7)
N = 37


def path(name):
    return os.path.join(out, name)


# .npy of several dtypes and byte orders
np.save(path("f32.npy"), rng.normal(size=(N, 3, 8, 8)).astype(np.float32))
np.save(path("u8.npy"), rng.integers(0, 256, size=(N, 8, 8), dtype=np.uint8))
np.save(path("be_f64.npy"), rng.normal(size=(N, 3, 8, 8)).astype(">f8"))
np.save(path("i16.npy"), rng.integers(-300, 300, size=(N, 3, 8, 8)).astype(np.int16))
np.save(path("i64.npy"), rng.integers(-10**6, 10**6, size=(N, 64)).astype(np.int64))
np.save(path("bool.npy"), rng.integers(0, 2, size=(N, 8, 8)).astype(bool))
np.save(path("fortran.npy"), np.asfortranarray(rng.normal(size=(N, 3, 8, 8)).astype(np.float32)))
np.save(path("single.npy"), rng.normal(size=(8, 8)).astype(np.float32))  # one sample for a (N, 1, 8, 8) model

# .npz (read whole)
np.savez(path("arrays.npz"), x=rng.normal(size=(N, 3, 8, 8)).astype(np.float32), labels=np.arange(N) % 3)

# HDF5 datasets
with h5py.File(path("data.h5"), "w") as f:
    f.create_dataset("x", data=rng.normal(size=(N, 3, 8, 8)).astype(np.float32), chunks=(5, 3, 8, 8),
                     compression="gzip")
    f.create_dataset("group/u8", data=rng.integers(0, 256, size=(N, 8, 8), dtype=np.uint8))
with h5py.File(path("one.h5"), "w") as f:
    f.create_dataset("y", data=rng.normal(size=(N, 8, 8, 3)))  # float64, the only dataset

# IDX, plain and gzip
def idx(name, type_code, fmt, array, compress):
    header = bytes([0, 0, type_code, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    data = header + array.astype(fmt).tobytes()
    with (gzip.open if compress else open)(path(name), "wb") as f:
        f.write(data)


pixels = rng.integers(0, 256, size=(N, 8, 8), dtype=np.uint8)
idx("plain-images-idx3-ubyte", 0x08, "u1", pixels, False)
idx("gz-images-idx3-ubyte.gz", 0x08, "u1", pixels[::-1], True)
idx("i16-images-idx3-ubyte", 0x0B, ">i2", rng.integers(0, 256, size=(N, 8, 8)), False)  # 0..255: scale 1/255
idx("f32-images-idx3-ubyte.gz", 0x0D, ">f4", rng.normal(size=(N, 8, 8)), True)

# Gridded NetCDF: time x level x lat x lon with masked cells, and a packed int16 variable
def gridded(name):
    with netCDF4.Dataset(path(name), "w") as d:
        d.createDimension("time", 20)
        d.createDimension("level", 3)
        d.createDimension("lat", 5)
        d.createDimension("lon", 6)
        t = d.createVariable("time", "f8", ("time",))
        t.units = "days since 2000-01-01"
        t.calendar = "standard"
        t[:] = np.arange(20) * 15.5
        lev = d.createVariable("level", "f4", ("level",))
        lev.units = "hPa"
        lev.positive = "down"
        lev[:] = [1000, 850, 500]
        lat = d.createVariable("lat", "f4", ("lat",))
        lat.units = "degrees_north"
        lat[:] = [40, 20, 0, -20, -40]
        lon = d.createVariable("lon", "f4", ("lon",))
        lon.units = "degrees_east"
        lon[:] = np.arange(6) * 60.0
        sst = d.createVariable("sst", "f4", ("time", "level", "lat", "lon"), fill_value=np.float32(-999))
        values = rng.normal(size=(20, 3, 5, 6)).astype(np.float32) * 3 + 15
        masked = np.zeros(values.shape, bool)
        masked[:, :, 2, 3] = True  # land in every step
        masked[5:9, 1, 0, 0] = True  # gaps in a few steps
        sst[:] = np.ma.masked_array(values, masked)
        anom = d.createVariable("anom", "i2", ("time", "lat", "lon"))
        anom.scale_factor = 0.01
        anom.add_offset = 1.0
        anom[:] = rng.normal(size=(20, 5, 6))


gridded("fields.nc")
gridded("fields_cf.h5")  # netCDF-4 is HDF5: a CF field in an .h5 file

# a 200 MB uint8 array for the memory test, sparse: open_memmap writes the header and sets the size
big = np.lib.format.open_memmap(path("big.npy"), mode="w+", dtype=np.uint8, shape=(17066, 3, 64, 64))
big[0, 0, 0, 0] = 1
big[-1, 2, 63, 63] = 2
big.flush()
del big

#!/usr/bin/python3
"""Edge-case gridded files for test_netcdf, written with the formats' own libraries (netCDF4-python, h5py).

Usage: make_fixtures.py OUTDIR. Every file's values are a known function of (time, lat, lon) so the C++ test can
check each cell: value(t, lat, lon) = 100 * t + lat + lon / 1000, with lon taken in [0, 360).
"""
import os
import sys

import h5py
import netCDF4
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def value(t, lat, lon):
    return 100.0 * t + lat + np.mod(lon, 360.0) / 1000.0


def grid(t, lats, lons):
    T, LA, LO = np.meshgrid(np.arange(t), lats, lons, indexing="ij")
    return value(T, LA, LO).astype(np.float32)


def coords(ds, lats, lons, latname="lat", lonname="lon", latdim="lat", londim="lon"):
    ds.createDimension(latdim, len(lats))
    ds.createDimension(londim, len(lons))
    la = ds.createVariable(latname, "f8", (latdim,))
    la.units = "degrees_north"
    la[:] = lats
    lo = ds.createVariable(lonname, "f8", (londim,))
    lo.units = "degrees_east"
    lo[:] = lons


# 1. descending latitude, longitudes -180..178, fill values, CF time in days
lats = np.arange(90, -91, -10.0)
lons = np.arange(-180, 180, 20.0)
with netCDF4.Dataset(f"{out}/descending.nc", "w", format="NETCDF4") as ds:
    coords(ds, lats, lons)
    ds.createDimension("time", 3)
    tv = ds.createVariable("time", "f8", ("time",))
    tv.units = "days since 2000-01-01 00:00:00"
    tv.calendar = "standard"
    tv[:] = [0, 31, 60]
    v = ds.createVariable("sst", "f4", ("time", "lat", "lon"), fill_value=-999.0)
    v.units = "K"
    v.long_name = "sea surface temperature"
    data = grid(3, lats, lons)
    data[:, 0, :] = -999.0  # the northern-most row masked
    v[:] = data

# 2. 0..360 with the cyclic column duplicated, ascending latitude, NetCDF-3
lats = np.arange(-90, 91, 30.0)
lons = np.arange(0, 361, 30.0)
with netCDF4.Dataset(f"{out}/cyclic.nc", "w", format="NETCDF3_CLASSIC") as ds:
    coords(ds, lats, lons, latdim="latitude", londim="longitude")
    ds.createDimension("time", 2)
    v = ds.createVariable("t2m", "f4", ("time", "latitude", "longitude"))
    v[:] = grid(2, lats, lons)

# 3. packed shorts with scale_factor, add_offset and _FillValue
lats = np.arange(-60, 61, 20.0)
lons = np.arange(0, 360, 45.0)
with netCDF4.Dataset(f"{out}/packed.nc", "w", format="NETCDF3_64BIT_OFFSET") as ds:
    coords(ds, lats, lons)
    v = ds.createVariable("anom", "i2", ("lat", "lon"), fill_value=-32767)
    v.scale_factor = 0.01
    v.add_offset = 10.0
    v.set_auto_maskandscale(False)
    phys = grid(1, lats, lons)[0]
    packed = np.round((phys - 10.0) / 0.01).astype(np.int16)
    packed[2, 3] = -32767
    v[:] = packed

# 4. (time, lon, lat) order, NaN as missing
lats = np.arange(-45, 46, 15.0)
lons = np.arange(100, 300, 20.0)  # a regional grid 100E..280E
with netCDF4.Dataset(f"{out}/lonlat.nc", "w", format="NETCDF4_CLASSIC") as ds:
    coords(ds, lats, lons)
    ds.createDimension("time", 2)
    v = ds.createVariable("pr", "f4", ("time", "lon", "lat"))
    data = np.transpose(grid(2, lats, lons), (0, 2, 1)).copy()
    data[1, 0, 0] = np.nan
    v[:] = data

# 5. a level dimension, noleap calendar in hours
lats = np.array([-10.0, 0.0, 10.0])
lons = np.array([0.0, 90.0, 180.0, 270.0])
with netCDF4.Dataset(f"{out}/levels.nc", "w", format="NETCDF4") as ds:
    coords(ds, lats, lons)
    ds.createDimension("time", 2)
    ds.createDimension("lev", 3)
    tv = ds.createVariable("time", "f8", ("time",))
    tv.units = "hours since 2001-02-28 12:00:00"
    tv.calendar = "noleap"
    tv[:] = [0, 24]
    lv = ds.createVariable("lev", "f8", ("lev",))
    lv.positive = "down"
    lv[:] = [1000, 850, 500]
    v = ds.createVariable("ta", "f4", ("time", "lev", "lat", "lon"))
    base = grid(2, lats, lons)
    v[:] = np.stack([base + 1000 * k for k in range(3)], axis=1)

# 6. curvilinear grid with 2-D coordinates
ny, nx = 4, 5
yy, xx = np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij")
lat2 = -30.0 + 15.0 * yy + 0.5 * xx
lon2 = 200.0 + 10.0 * xx + 1.0 * yy
with netCDF4.Dataset(f"{out}/curvilinear.nc", "w", format="NETCDF4") as ds:
    ds.createDimension("y", ny)
    ds.createDimension("x", nx)
    la = ds.createVariable("nav_lat", "f4", ("y", "x"))
    la.units = "degrees_north"
    la[:] = lat2
    lo = ds.createVariable("nav_lon", "f4", ("y", "x"))
    lo.units = "degrees_east"
    lo[:] = lon2
    v = ds.createVariable("tos", "f4", ("y", "x"), fill_value=1e20)
    v.coordinates = "nav_lon nav_lat"
    v[:] = value(0, lat2, lon2).astype(np.float32)

# 7. plain HDF5 (h5py) with dimension scales, as CF-minded HDF5 writers do
lats = np.arange(-80, 81, 40.0)
lons = np.arange(0, 360, 60.0)
with h5py.File(f"{out}/field.h5", "w") as f:
    la = f.create_dataset("lat", data=lats)
    la.attrs["units"] = np.bytes_("degrees_north")
    lo = f.create_dataset("lon", data=lons)
    lo.attrs["units"] = np.bytes_("degrees_east")
    la.make_scale("lat")
    lo.make_scale("lon")
    d = f.create_dataset("z500", data=grid(1, lats, lons)[0])
    d.dims[0].attach_scale(la)
    d.dims[1].attach_scale(lo)

# 8. two gridded variables and a label variable
lats = np.array([-5.0, 5.0])
lons = np.array([0.0, 120.0, 240.0])
with netCDF4.Dataset(f"{out}/two.nc", "w", format="NETCDF4") as ds:
    coords(ds, lats, lons)
    ds.createDimension("time", 4)
    for name in ("a", "b"):
        ds.createVariable(name, "f4", ("time", "lat", "lon"))[:] = grid(4, lats, lons)
    ds.createVariable("label", "i4", ("time",))[:] = [0, 1, 1, 0]

# 9. NetCDF-3 unsigned bytes (_Unsigned = "true"), packed; a short without _FillValue holding the default fill;
#    a level dimension without a coordinate variable
with netCDF4.Dataset(f"{out}/unsigned.nc", "w", format="NETCDF3_CLASSIC") as ds:
    coords(ds, np.array([0.0, 10.0]), np.array([0.0, 90.0, 180.0]))
    ds.createDimension("lev", 2)
    q = ds.createVariable("q", "i1", ("lat", "lon"))
    q.set_auto_maskandscale(False)
    q._Unsigned = "true"
    q.valid_range = np.array([0, -2], dtype=np.int8)
    q.scale_factor = 0.5
    q[:] = np.array([[10, 100, -56], [-1, 0, 127]], dtype=np.int8)  # 10, 100, 200, 255 (outside), 0, 127
    r = ds.createVariable("r", "i2", ("lev", "lat", "lon"), fill_value=False)
    r.set_auto_maskandscale(False)
    r[:] = np.array([[[1, 2, 3], [4, 5, -32767]], [[7, 8, 9], [10, 11, 12]]], dtype=np.int16)

# bad files: truncated, not NetCDF, absurd dimension in a hand-patched NetCDF-3 header
with open(f"{out}/descending.nc", "rb") as f:
    whole = f.read()
with open(f"{out}/truncated.nc", "wb") as f:
    f.write(whole[: len(whole) // 2])
with open(f"{out}/cyclic.nc", "rb") as f:
    classic = bytearray(f.read())
with open(f"{out}/text.nc", "w") as f:
    f.write("this is not a NetCDF file\n")
# NetCDF-3 classic: "CDF\x01", numrecs, NC_DIMENSION tag (0x0A), count, then name (len, padded), length
pos = classic.find(b"latitude")
classic[pos + 8 : pos + 12] = (0x7FFFFFF0).to_bytes(4, "big")
with open(f"{out}/absurd.nc", "wb") as f:
    f.write(bytes(classic))

# CF time decoding reference: cftime (the library netCDF4-python uses) on a sweep of values per calendar
import cftime  # noqa: E402

rng = np.random.default_rng(7)
rows = []
for calendar in ("standard", "proleptic_gregorian", "julian", "noleap", "all_leap", "360_day"):
    for units in ("days since 1850-01-01 00:00:00", "hours since 1900-1-1", "days since 1582-10-01",
                  "seconds since 1970-01-01T00:00:00Z", "days since 0001-01-01"):
        for v in np.concatenate([rng.integers(0, 80000, 40), rng.uniform(0, 80000, 10).round(2)]):
            v = float(v)
            if units.startswith("hours"):
                v *= 24
            if units.startswith("seconds"):
                v *= 86400
            d = cftime.num2date(v, units, calendar)
            rows.append(f"{v!r};{units};{calendar};{d.year:04d}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}")
with open(f"{out}/cftime.csv", "w") as f:
    f.write("\n".join(rows) + "\n")

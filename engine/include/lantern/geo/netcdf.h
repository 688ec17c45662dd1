#pragma once
// NetCDF 3 and 4 files (and HDF5 files netCDF-4 can read), through Debian's libnetcdf, with the CF conventions
// that matter for gridded fields: latitude/longitude found by coordinate variable, units or standard_name (or the
// `coordinates` attribute for 2-D curvilinear grids), _FillValue / missing_value / valid_range / NaN as masked
// cells, scale_factor / add_offset, CF time units decoded to dates. Every failure is an IoError naming the file
// and the variable.

#include "lantern/geo/grid.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lantern::geo {

/// Which part of a variable to read. Indices are 0-based; `timeEnd` is exclusive (-1: to the end).
struct FieldRequest {
    std::string variable;
    int64_t timeBegin = 0, timeEnd = -1;
    /// Other non-spatial dimensions fixed at an index, e.g. {"level", 3} ("level" also matches a dimension whose
    /// name starts with "lev", "plev", "depth" or "z"). Dimensions of length 1 need no entry.
    std::vector<std::pair<std::string, int64_t>> fixed;
};

/// "FILE.nc:VAR", "FILE.nc:VAR[time=a:b]", "FILE.nc:VAR[time=a:b,level=k]", "FILE.nc:VAR[time=a]".
struct FieldSpec {
    std::string path;
    FieldRequest request;
};

/// Splits a spec; the variable may be left out ("FILE.nc" -> the only gridded variable). ArgumentError when the
/// bracket part is malformed.
FieldSpec parseFieldSpec(const std::string& spec);

/// True for names ending in .nc, .nc4, .cdf or .netcdf (with or without ":VAR...").
bool looksLikeNetcdf(const std::string& spec);

struct VariableInfo {
    std::string name, longName, units;
    std::vector<std::string> dimensions;
    std::vector<int64_t> shape;
    bool gridded = false; ///< has a latitude and a longitude axis (or 2-D coordinates)
};

/// Every variable of the file.
std::vector<VariableInfo> listVariables(const std::string& path);

/// Reads a gridded variable. An empty `request.variable` picks the only gridded variable (IoError listing them
/// when there are several).
GeoField readField(const std::string& path, const FieldRequest& request);
inline GeoField readField(const FieldSpec& spec) { return readField(spec.path, spec.request); }

/// readField without holding every step in memory, for readers that then read the steps batch by batch (readField
/// with a narrower time range): `field` is what readField returns (metadata, coordinates, the time labels of every
/// step, notes including the masked cells counted over every step) except that `values` holds only the first step,
/// (1, Y, X); `steps` is the number of steps readField returns. The values are read in slices of the sample axis.
struct FieldOutline {
    GeoField field;
    int64_t steps = 0;
};
FieldOutline readFieldOutline(const std::string& path, const FieldRequest& request);

/// Any numeric variable, flattened, scale/offset applied, masked values NaN (labels, indices, coordinates).
std::vector<double> readValues(const std::string& path, const std::string& variable);

/// A CF NetCDF-4 file (classic model) written atomically: coordinate variables lat, lon (and time when `time`
/// is not empty), then each variable on (time, lat, lon), (lat, lon) or (time).
struct CfVariable {
    std::string name, longName, units;
    std::vector<std::string> dims; ///< a subsequence of {"time", "lat", "lon"}
    std::vector<float> values;     ///< NaN is written as the _FillValue
    bool integer = false;          ///< written as int32 (labels)
};
struct CfFile {
    std::vector<double> lat, lon, time;
    std::string timeUnits = "days since 1900-01-01 00:00:00", calendar = "standard";
    std::vector<CfVariable> variables;
    std::map<std::string, std::string> globalAttributes; ///< title, source, history, ...
};
void writeCfFile(const std::string& path, const CfFile& file);

} // namespace lantern::geo

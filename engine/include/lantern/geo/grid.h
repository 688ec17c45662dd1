#pragma once
// Gridded geophysical fields: values on a latitude/longitude grid (rectilinear: 1-D coordinates; curvilinear:
// 2-D coordinates), in the file's own index order, with their CF metadata. Masked cells (fill values, missing
// values, NaN in the file) are NaN here. The model sees the array as stored (masked cells as 0); displays use
// a DisplayGrid, which reorders rows north-up and columns west-to-east without touching the data.

#include "lantern/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lantern::geo {

/// One variable read from a gridded file.
struct GeoField {
    std::string file;
    std::string variable;
    std::string longName;     ///< CF long_name (or standard_name, or the variable name)
    std::string standardName; ///< CF standard_name, may be empty
    std::string units;
    /// (T, Y, X) float32 in the file's index order; T = 1 without a time axis. Masked cells are NaN.
    Tensor values;
    /// Rectilinear: size Y and X of the spatial axes, in file order; `latAxis` says which one is latitude.
    /// Curvilinear: each holds Y*X values (row-major over the variable's two spatial axes).
    std::vector<double> lat, lon;
    bool curvilinear = false;
    /// Rectilinear only: 0 when the variable's spatial dimensions are (lat, lon), 1 when (lon, lat).
    int latAxis = 0;
    std::string timeUnits, calendar;
    std::vector<double> timeValues;       ///< raw values of the time coordinate (T), empty without one
    std::vector<std::string> timeLabels;  ///< decoded dates ("1982-01-16"), or "t=<value>" when undecodable
    std::vector<std::string> notes;       ///< what was done (scale/offset applied, levels selected...)

    int64_t steps() const { return values.dim(0); }
    int64_t rows() const { return values.dim(1); }    ///< Y: the first spatial axis of the variable
    int64_t columns() const { return values.dim(2); } ///< X
};

/// How a field's cells are laid out for display: north at the top, west to east from `lonStart`, the
/// duplicated cyclic column (the last longitude equal to the first plus 360) left out. `fileIndex[r * cols + c]`
/// is the cell's flat index within one time step in file order (Y*X), -1 for a display cell without data (a
/// curvilinear field is shown on a regular grid of about its own spacing, each cell taking the nearest source cell).
struct DisplayGrid {
    int64_t rows = 0, cols = 0;
    std::vector<double> lat; ///< per display row (descending), rectilinear only
    std::vector<double> lon; ///< per display column (ascending, continuing past 180 or 360 as needed)
    std::vector<int64_t> fileIndex;
    bool cyclic = false; ///< the longitudes cover the whole circle (spacing * cols == 360)
    /// Cell edges halfway between centres (rows + 1 and cols + 1 values; the outer ones extrapolated and latitude
    /// clamped to +-90).
    std::vector<double> latEdges, lonEdges;

    /// One time step's values (Y*X in file order) as rows*cols in display order.
    std::vector<float> reorder(const float* fileOrder) const;
};

/// The display layout of a field. Rectilinear: its own rows and columns, columns starting at the western-most
/// longitude after rotating the grid so that it begins at or after `westLon` (degrees, e.g. -180 or 0); a regional
/// grid starts at its western edge. Curvilinear: a regular global grid from `westLon` (nearest source cell).
DisplayGrid displayGrid(const GeoField& field, double westLon = 0.0);

/// The field's step `t` as a model input: masked cells (NaN) become 0. (Y*X values in file order.)
std::vector<float> modelValues(const GeoField& field, int64_t t);

/// Longitude brought into [west, west + 360).
double wrapLongitude(double lon, double west);

} // namespace lantern::geo

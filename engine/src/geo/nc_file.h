#pragma once
// A thin RAII layer over libnetcdf's C API for the geo readers and writer: every failing call becomes an IoError
// "<file>: <what>: <netCDF's message>".

#include <netcdf.h>

#include <cmath>
#include <mutex>

#include <optional>
#include <string>
#include <vector>

namespace lantern::geo::detail {

/// libnetcdf is not thread-safe: every use of it in the process holds this lock.
std::recursive_mutex& ncMutex();

class NcFile {
public:
    /// Opens for reading; HDF5-based files are probed in a child process first (see io::probeHdf5).
    explicit NcFile(const std::string& path);
    ~NcFile();
    NcFile(const NcFile&) = delete;
    NcFile& operator=(const NcFile&) = delete;

    int id() const { return m_id; }
    const std::string& path() const { return m_path; }
    void check(int status, const std::string& what) const;

    struct Var {
        int id = -1;
        std::string name;
        nc_type type = NC_NAT;
        std::vector<int> dims;
    };
    std::vector<Var> variables() const;
    std::optional<Var> variable(const std::string& name) const;
    std::string dimensionName(int dim) const;
    int64_t dimensionLength(int dim) const;

    std::optional<std::string> textAttribute(int var, const std::string& name) const;
    /// Numeric attribute values (any numeric type); nullopt when absent or not numeric.
    std::optional<std::vector<double>> numberAttribute(int var, const std::string& name) const;

    /// The hyperslab [start, start + count) of a variable as doubles (no CF processing).
    std::vector<double> read(const Var& v, const std::vector<size_t>& start, const std::vector<size_t>& count) const;
    /// The whole variable.
    std::vector<double> readAll(const Var& v) const;

private:
    std::string m_path;
    int m_id = -1;
};

/// CF packing and masking of a variable: _FillValue, missing_value, valid_min/max/range, scale_factor, add_offset.
struct CfPacking {
    std::vector<double> missing;
    double validMin = -INFINITY, validMax = INFINITY;
    double scale = 1.0, offset = 0.0;
    bool packed = false;
    /// _Unsigned = "true" on a signed integer type (NetCDF-3 has no unsigned types): raw values below 0 get 2^bits
    /// added, before the fill, valid-range and scale steps (which are in the same unsigned terms).
    double unsignedWrap = 0;
    static CfPacking of(const NcFile& f, const NcFile::Var& v);
    /// Raw value to physical value, NaN for missing/out-of-range/NaN.
    double apply(double raw) const;
};

} // namespace lantern::geo::detail

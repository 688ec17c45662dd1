#include "geo/nc_file.h"

#include "io/hdf5_file.h"
#include "lantern/error.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace lantern::geo::detail {

namespace {

/// Data the probe reads (doubles): the study's and the shipped files fit; beyond it only headers are checked.
constexpr size_t kProbeValues = size_t(8) << 20;

/// What the readers do with a file, in the probe's child: every dimension, variable, attribute and (within the
/// budget) every variable's values. Errors are ignored: the in-process read reports them.
void walkNetcdf(const std::string& path)
{
    int id = -1;
    if (nc_open(path.c_str(), NC_NOWRITE, &id) != NC_NOERR)
        return;
    auto attributes = [&](int var, int count) {
        for (int i = 0; i < std::min(count, 1000); ++i) {
            char name[NC_MAX_NAME + 1] = {};
            nc_type type = NC_NAT;
            size_t len = 0;
            if (nc_inq_attname(id, var, i, name) != NC_NOERR || nc_inq_att(id, var, name, &type, &len) != NC_NOERR)
                continue;
            if (type == NC_CHAR && len <= (1u << 20)) {
                std::string text(len, '\0');
                if (len)
                    nc_get_att_text(id, var, name, text.data());
            } else if (type == NC_STRING && len == 1) {
                char* value = nullptr;
                if (nc_get_att_string(id, var, name, &value) == NC_NOERR)
                    nc_free_string(1, &value);
            } else if (type != NC_CHAR && type <= NC_STRING && len > 0 && len <= 4096) {
                std::vector<double> values(len);
                nc_get_att_double(id, var, name, values.data());
            }
        }
    };
    int ndims = 0, nvars = 0, ngatts = 0, unlimited = -1;
    if (nc_inq(id, &ndims, &nvars, &ngatts, &unlimited) == NC_NOERR) {
        attributes(NC_GLOBAL, ngatts);
        for (int d = 0; d < std::min(ndims, 10000); ++d) {
            char name[NC_MAX_NAME + 1] = {};
            size_t len = 0;
            nc_inq_dim(id, d, name, &len);
        }
        size_t budget = kProbeValues;
        for (int v = 0; v < std::min(nvars, 10000); ++v) {
            int vdims = 0, natts = 0;
            if (nc_inq_varndims(id, v, &vdims) != NC_NOERR || vdims < 0 || vdims > NC_MAX_VAR_DIMS)
                continue;
            std::vector<int> dims(size_t(vdims) + 1);
            char name[NC_MAX_NAME + 1] = {};
            nc_type type = NC_NAT;
            if (nc_inq_var(id, v, name, &type, nullptr, dims.data(), &natts) != NC_NOERR)
                continue;
            attributes(v, natts);
            size_t total = 1;
            bool ok = true;
            for (int k = 0; k < vdims; ++k) {
                size_t len = 0;
                ok &= nc_inq_dimlen(id, dims[size_t(k)], &len) == NC_NOERR;
                total = len != 0 && total > kProbeValues / len ? kProbeValues + 1 : total * len;
            }
            if (!ok || type == NC_CHAR || type == NC_STRING || type > NC_STRING || total > budget || total == 0)
                continue;
            std::vector<double> values(total);
            nc_get_var_double(id, v, values.data());
            budget -= total;
        }
    }
    nc_close(id);
}

} // namespace

std::recursive_mutex& ncMutex()
{
    static std::recursive_mutex m;
    return m;
}

NcFile::NcFile(const std::string& path) : m_path(path)
{
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe)
            throw IoError(path + ": cannot open the file (" + std::strerror(errno) + ")");
    }
    {
        // libnetcdf crashes on some corrupt files (found by the netcdf fuzz target: a wild read in NC_hashmapadd
        // while opening a damaged classic file): a forked child reads the file first, as probeHdf5 does for HDF5.
        // The lock keeps every other thread out of libnetcdf while the child is forked.
        std::lock_guard lock(ncMutex());
        io::probeInChild(path, "libnetcdf", [&] { walkNetcdf(path); });
    }
    ncMutex().lock();
    const int status = nc_open(path.c_str(), NC_NOWRITE, &m_id);
    if (status != NC_NOERR) {
        ncMutex().unlock();
        throw IoError(path + ": not a NetCDF file libnetcdf can read (" + nc_strerror(status) + ")");
    }
}

NcFile::~NcFile()
{
    nc_close(m_id);
    ncMutex().unlock();
}

void NcFile::check(int status, const std::string& what) const
{
    if (status != NC_NOERR)
        throw IoError(m_path + ": " + what + ": " + nc_strerror(status));
}

std::vector<NcFile::Var> NcFile::variables() const
{
    int n = 0;
    check(nc_inq_nvars(m_id, &n), "listing variables");
    std::vector<Var> out;
    for (int i = 0; i < n; ++i) {
        char name[NC_MAX_NAME + 1] = {};
        int ndims = 0;
        Var v;
        v.id = i;
        check(nc_inq_varndims(m_id, i, &ndims), "variable #" + std::to_string(i));
        if (ndims < 0 || ndims > NC_MAX_VAR_DIMS)
            throw IoError(m_path + ": variable #" + std::to_string(i) + " has " + std::to_string(ndims) + " dimensions");
        v.dims.resize(static_cast<size_t>(ndims));
        check(nc_inq_var(m_id, i, name, &v.type, nullptr, v.dims.data(), nullptr), "variable #" + std::to_string(i));
        v.name = name;
        out.push_back(std::move(v));
    }
    return out;
}

std::optional<NcFile::Var> NcFile::variable(const std::string& name) const
{
    for (Var& v : variables())
        if (v.name == name)
            return v;
    return std::nullopt;
}

std::string NcFile::dimensionName(int dim) const
{
    char name[NC_MAX_NAME + 1] = {};
    check(nc_inq_dimname(m_id, dim, name), "dimension #" + std::to_string(dim));
    return name;
}

int64_t NcFile::dimensionLength(int dim) const
{
    size_t len = 0;
    check(nc_inq_dimlen(m_id, dim, &len), "dimension #" + std::to_string(dim));
    return static_cast<int64_t>(len);
}

std::optional<std::string> NcFile::textAttribute(int var, const std::string& name) const
{
    nc_type type = NC_NAT;
    size_t len = 0;
    if (nc_inq_att(m_id, var, name.c_str(), &type, &len) != NC_NOERR)
        return std::nullopt;
    if (type == NC_CHAR) {
        if (len > (1u << 20))
            throw IoError(m_path + ": attribute '" + name + "' of " + std::to_string(len) + " characters");
        std::string text(len, '\0');
        if (len)
            check(nc_get_att_text(m_id, var, name.c_str(), text.data()), "attribute '" + name + "'");
        while (!text.empty() && text.back() == '\0')
            text.pop_back();
        return text;
    }
    if (type == NC_STRING && len == 1) {
        char* value = nullptr;
        check(nc_get_att_string(m_id, var, name.c_str(), &value), "attribute '" + name + "'");
        std::string text = value ? value : "";
        nc_free_string(1, &value);
        return text;
    }
    return std::nullopt;
}

std::optional<std::vector<double>> NcFile::numberAttribute(int var, const std::string& name) const
{
    nc_type type = NC_NAT;
    size_t len = 0;
    if (nc_inq_att(m_id, var, name.c_str(), &type, &len) != NC_NOERR)
        return std::nullopt;
    if (type == NC_CHAR || type == NC_STRING || type > NC_STRING || len == 0 || len > 4096)
        return std::nullopt;
    std::vector<double> values(len);
    check(nc_get_att_double(m_id, var, name.c_str(), values.data()), "attribute '" + name + "'");
    return values;
}

std::vector<double> NcFile::read(const Var& v, const std::vector<size_t>& start, const std::vector<size_t>& count) const
{
    if (v.type == NC_CHAR || v.type == NC_STRING || v.type > NC_STRING)
        throw IoError(m_path + ": variable '" + v.name + "' is not numeric");
    size_t n = 1;
    for (size_t c : count) {
        if (c != 0 && n > (size_t(1) << 30) / c)
            throw IoError(m_path + ": variable '" + v.name + "' is too large to read (over 2^30 values)");
        n *= c;
    }
    // a corrupt header may claim far more values than the file holds (netCDF-4 compresses, so allow deflate's
    // best ratio): refuse before allocating
    size_t typeSize = 8;
    nc_inq_type(m_id, v.type, nullptr, &typeSize);
    if (n * sizeof(double) > (size_t(16) << 20)) {
        std::error_code ec;
        const auto fileSize = std::filesystem::file_size(m_path, ec);
        if (!ec && double(n) * double(typeSize) > double(fileSize) * 1100.0)
            throw IoError(m_path + ": variable '" + v.name + "' claims " + std::to_string(n) +
                          " values, far more than the file's " + std::to_string(fileSize) + " bytes can hold");
    }
    std::vector<double> values(n);
    if (n == 0)
        return values;
    if (v.dims.empty())
        check(nc_get_var_double(m_id, v.id, values.data()), "reading variable '" + v.name + "'");
    else
        check(nc_get_vara_double(m_id, v.id, start.data(), count.data(), values.data()),
              "reading variable '" + v.name + "'");
    return values;
}

std::vector<double> NcFile::readAll(const Var& v) const
{
    std::vector<size_t> start(v.dims.size(), 0), count;
    for (int d : v.dims)
        count.push_back(static_cast<size_t>(dimensionLength(d)));
    return read(v, start, count);
}

CfPacking CfPacking::of(const NcFile& f, const NcFile::Var& v)
{
    CfPacking p;
    if (const auto u = f.textAttribute(v.id, "_Unsigned"); u && (*u == "true" || *u == "TRUE" || *u == "True")) {
        if (v.type == NC_BYTE)
            p.unsignedWrap = 256.0;
        else if (v.type == NC_SHORT)
            p.unsignedWrap = 65536.0;
        else if (v.type == NC_INT)
            p.unsignedWrap = 4294967296.0;
    }
    auto unwrap = [&p](double x) { return p.unsignedWrap > 0 && x < 0 ? x + p.unsignedWrap : x; };
    for (const char* name : {"_FillValue", "missing_value"})
        if (auto values = f.numberAttribute(v.id, name))
            for (double x : *values)
                p.missing.push_back(unwrap(x));
    if (auto r = f.numberAttribute(v.id, "valid_range"); r && r->size() == 2) {
        p.validMin = unwrap((*r)[0]);
        p.validMax = unwrap((*r)[1]);
    }
    if (auto r = f.numberAttribute(v.id, "valid_min"))
        p.validMin = unwrap(r->front());
    if (auto r = f.numberAttribute(v.id, "valid_max"))
        p.validMax = unwrap(r->front());
    if (auto s = f.numberAttribute(v.id, "scale_factor")) {
        p.scale = s->front();
        p.packed = true;
    }
    if (auto o = f.numberAttribute(v.id, "add_offset")) {
        p.offset = o->front();
        p.packed = true;
    }
    // without a _FillValue attribute, netCDF's default fill for the type marks unwritten cells (as netCDF4-python
    // does; not for bytes, whose default fill is an ordinary value)
    if (!f.numberAttribute(v.id, "_FillValue") && p.unsignedWrap == 0) {
        switch (v.type) {
        case NC_FLOAT:
            p.missing.push_back(static_cast<double>(NC_FILL_FLOAT));
            break;
        case NC_DOUBLE:
            p.missing.push_back(NC_FILL_DOUBLE);
            break;
        case NC_SHORT:
            p.missing.push_back(NC_FILL_SHORT);
            break;
        case NC_INT:
            p.missing.push_back(NC_FILL_INT);
            break;
        case NC_USHORT:
            p.missing.push_back(NC_FILL_USHORT);
            break;
        case NC_UINT:
            p.missing.push_back(double(NC_FILL_UINT));
            break;
        case NC_INT64:
            p.missing.push_back(double(NC_FILL_INT64));
            break;
        case NC_UINT64:
            p.missing.push_back(double(NC_FILL_UINT64));
            break;
        default:
            break;
        }
    }
    return p;
}

double CfPacking::apply(double raw) const
{
    if (std::isnan(raw))
        return NAN;
    if (unsignedWrap > 0 && raw < 0)
        raw += unsignedWrap;
    for (double m : missing) {
        // float32 fill values (1e20f) arrive as doubles that differ from 1e20 in the last bits
        if (raw == m || (m != 0 && std::abs(raw - m) <= 1e-6 * std::abs(m)))
            return NAN;
    }
    if (raw < validMin || raw > validMax)
        return NAN;
    return raw * scale + offset;
}

} // namespace lantern::geo::detail

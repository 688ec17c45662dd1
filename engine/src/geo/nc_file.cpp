#include "geo/nc_file.h"

#include "io/hdf5_file.h"
#include "lantern/error.h"

#include <cstring>
#include <fstream>
#include <mutex>

namespace lantern::geo::detail {

namespace {

bool hasHdf5Signature(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    in.read(head, 8);
    return in.gcount() == 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0;
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
    if (hasHdf5Signature(path))
        io::probeHdf5(path);
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
    for (const char* name : {"_FillValue", "missing_value"})
        if (auto values = f.numberAttribute(v.id, name))
            p.missing.insert(p.missing.end(), values->begin(), values->end());
    if (auto r = f.numberAttribute(v.id, "valid_range"); r && r->size() == 2) {
        p.validMin = (*r)[0];
        p.validMax = (*r)[1];
    }
    if (auto r = f.numberAttribute(v.id, "valid_min"))
        p.validMin = r->front();
    if (auto r = f.numberAttribute(v.id, "valid_max"))
        p.validMax = r->front();
    if (auto s = f.numberAttribute(v.id, "scale_factor")) {
        p.scale = s->front();
        p.packed = true;
    }
    if (auto o = f.numberAttribute(v.id, "add_offset")) {
        p.offset = o->front();
        p.packed = true;
    }
    // without a _FillValue attribute, netCDF's default fill of floating-point variables marks unwritten cells
    if (!f.numberAttribute(v.id, "_FillValue")) {
        if (v.type == NC_FLOAT)
            p.missing.push_back(static_cast<double>(NC_FILL_FLOAT));
        else if (v.type == NC_DOUBLE)
            p.missing.push_back(NC_FILL_DOUBLE);
    }
    return p;
}

double CfPacking::apply(double raw) const
{
    if (std::isnan(raw))
        return NAN;
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

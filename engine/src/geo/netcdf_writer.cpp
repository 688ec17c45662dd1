// CF NetCDF-4 (classic model) files for the studies' data sets: written to a temporary file, then renamed.
#include "geo/nc_file.h"
#include "lantern/error.h"
#include "lantern/geo/netcdf.h"

#include <netcdf.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <unistd.h>

namespace lantern::geo {

namespace {

constexpr float kFill = 1e20f;
constexpr int kIntFill = -2147483647;

struct Writer {
    std::string path, tmp;
    int id = -1;
    void check(int status, const std::string& what) const
    {
        if (status != NC_NOERR)
            throw IoError(path + ": " + what + ": " + nc_strerror(status));
    }
    void text(int var, const std::string& name, const std::string& value) const
    {
        check(nc_put_att_text(id, var, name.c_str(), value.size(), value.c_str()), "attribute " + name);
    }
};

} // namespace

void writeCfFile(const std::string& path, const CfFile& file)
{
    if (file.lat.empty() || file.lon.empty())
        throw ArgumentError(path + ": a CF grid needs at least one latitude and one longitude");
    std::lock_guard lock(detail::ncMutex());
    Writer w;
    w.path = path;
    w.tmp = path + ".tmp-" + std::to_string(::getpid());
    w.check(nc_create(w.tmp.c_str(), NC_CLOBBER | NC_NETCDF4 | NC_CLASSIC_MODEL, &w.id), "creating the file");
    try {
        int dLat = -1, dLon = -1, dTime = -1;
        w.check(nc_def_dim(w.id, "lat", file.lat.size(), &dLat), "dimension lat");
        w.check(nc_def_dim(w.id, "lon", file.lon.size(), &dLon), "dimension lon");
        if (!file.time.empty())
            w.check(nc_def_dim(w.id, "time", file.time.size(), &dTime), "dimension time");
        int vLat = -1, vLon = -1, vTime = -1;
        w.check(nc_def_var(w.id, "lat", NC_DOUBLE, 1, &dLat, &vLat), "variable lat");
        w.text(vLat, "units", "degrees_north");
        w.text(vLat, "standard_name", "latitude");
        w.text(vLat, "long_name", "latitude");
        w.text(vLat, "axis", "Y");
        w.check(nc_def_var(w.id, "lon", NC_DOUBLE, 1, &dLon, &vLon), "variable lon");
        w.text(vLon, "units", "degrees_east");
        w.text(vLon, "standard_name", "longitude");
        w.text(vLon, "long_name", "longitude");
        w.text(vLon, "axis", "X");
        if (dTime >= 0) {
            w.check(nc_def_var(w.id, "time", NC_DOUBLE, 1, &dTime, &vTime), "variable time");
            w.text(vTime, "units", file.timeUnits);
            w.text(vTime, "calendar", file.calendar);
            w.text(vTime, "standard_name", "time");
            w.text(vTime, "axis", "T");
        }
        std::vector<int> ids;
        for (const CfVariable& v : file.variables) {
            std::vector<int> dims;
            size_t expected = 1;
            for (const std::string& d : v.dims) {
                if (d == "lat") {
                    dims.push_back(dLat);
                    expected *= file.lat.size();
                } else if (d == "lon") {
                    dims.push_back(dLon);
                    expected *= file.lon.size();
                } else if (d == "time" && dTime >= 0) {
                    dims.push_back(dTime);
                    expected *= file.time.size();
                } else {
                    throw ArgumentError(path + ": variable '" + v.name + "' has unknown dimension '" + d + "'");
                }
            }
            if (v.values.size() != expected)
                throw ShapeError(path + ": variable '" + v.name + "' has " + std::to_string(v.values.size()) +
                                 " values, its dimensions hold " + std::to_string(expected));
            int id = -1;
            w.check(nc_def_var(w.id, v.name.c_str(), v.integer ? NC_INT : NC_FLOAT, static_cast<int>(dims.size()),
                               dims.data(), &id),
                    "variable " + v.name);
            if (dims.size() >= 2)
                w.check(nc_def_var_deflate(w.id, id, 1, 1, 1), "compressing " + v.name);
            if (v.integer)
                w.check(nc_def_var_fill(w.id, id, 0, &kIntFill), "fill value of " + v.name);
            else
                w.check(nc_def_var_fill(w.id, id, 0, &kFill), "fill value of " + v.name);
            if (!v.longName.empty())
                w.text(id, "long_name", v.longName);
            if (!v.units.empty())
                w.text(id, "units", v.units);
            ids.push_back(id);
        }
        w.text(NC_GLOBAL, "Conventions", "CF-1.8");
        for (const auto& [key, value] : file.globalAttributes)
            w.text(NC_GLOBAL, key, value);
        w.check(nc_enddef(w.id), "defining the file");
        w.check(nc_put_var_double(w.id, vLat, file.lat.data()), "writing lat");
        w.check(nc_put_var_double(w.id, vLon, file.lon.data()), "writing lon");
        if (vTime >= 0)
            w.check(nc_put_var_double(w.id, vTime, file.time.data()), "writing time");
        for (size_t i = 0; i < file.variables.size(); ++i) {
            const CfVariable& v = file.variables[i];
            if (v.integer) {
                std::vector<int> values(v.values.size());
                for (size_t k = 0; k < values.size(); ++k)
                    values[k] = !std::isfinite(v.values[k]) || std::abs(v.values[k]) >= 2147483647.f
                                    ? kIntFill
                                    : static_cast<int>(std::lround(v.values[k]));
                w.check(nc_put_var_int(w.id, ids[i], values.data()), "writing " + v.name);
            } else {
                std::vector<float> values(v.values);
                for (float& x : values)
                    if (std::isnan(x))
                        x = kFill;
                w.check(nc_put_var_float(w.id, ids[i], values.data()), "writing " + v.name);
            }
        }
        w.check(nc_close(w.id), "closing the file");
        w.id = -1;
        std::error_code ec;
        std::filesystem::rename(w.tmp, path, ec);
        if (ec)
            throw IoError(path + ": cannot move the written file into place (" + ec.message() + ")");
    } catch (...) {
        if (w.id >= 0)
            nc_close(w.id);
        std::remove(w.tmp.c_str());
        throw;
    }
}

} // namespace lantern::geo

// Gridded variables from NetCDF: axis detection by CF attributes, hyperslab selection, packing and masking.
#include "geo/nc_file.h"
#include "lantern/error.h"
#include "lantern/geo/cf_time.h"
#include "lantern/geo/netcdf.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>
#include <sstream>

namespace lantern::geo {

using detail::CfPacking;
using detail::NcFile;

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

enum class Axis { None, Lat, Lon, Time, Vertical };

/// What a coordinate variable describes, from its units, standard_name, axis attribute and name.
Axis classify(const NcFile& f, const NcFile::Var& v)
{
    const std::string units = lower(f.textAttribute(v.id, "units").value_or(""));
    const std::string standard = lower(f.textAttribute(v.id, "standard_name").value_or(""));
    const std::string axis = lower(f.textAttribute(v.id, "axis").value_or(""));
    const std::string name = lower(v.name);
    static const std::vector<std::string> north = {"degrees_north", "degree_north", "degree_n", "degrees_n",
                                                   "degreen", "degreesn"};
    static const std::vector<std::string> east = {"degrees_east", "degree_east", "degree_e", "degrees_e",
                                                  "degreee", "degreese"};
    if (std::find(north.begin(), north.end(), units) != north.end() || standard == "latitude")
        return Axis::Lat;
    if (std::find(east.begin(), east.end(), units) != east.end() || standard == "longitude")
        return Axis::Lon;
    if (standard == "time" || axis == "t" || units.find(" since ") != std::string::npos)
        return Axis::Time;
    if (axis == "z" || f.textAttribute(v.id, "positive"))
        return Axis::Vertical;
    if (name == "lat" || name == "latitude" || name == "nav_lat")
        return Axis::Lat;
    if (name == "lon" || name == "longitude" || name == "nav_lon")
        return Axis::Lon;
    if (name == "time" || name == "t")
        return Axis::Time;
    if (name == "lev" || name == "level" || name == "plev" || name == "depth" || name == "z")
        return Axis::Vertical;
    return Axis::None;
}

/// The 1-D variable describing dimension `dim`: the coordinate variable of the same name, or else any 1-D
/// variable on that dimension that classifies as an axis (NCL's files: dimension "latitude", variable "lat").
std::optional<NcFile::Var> coordinateOf(const NcFile& f, const std::vector<NcFile::Var>& vars, int dim)
{
    const std::string dimName = f.dimensionName(dim);
    for (const auto& v : vars)
        if (v.dims.size() == 1 && v.dims[0] == dim && v.name == dimName)
            return v;
    for (const auto& v : vars)
        if (v.dims.size() == 1 && v.dims[0] == dim && classify(f, v) != Axis::None)
            return v;
    return std::nullopt;
}

struct Layout {
    std::vector<Axis> axes;                           ///< per dimension of the variable
    std::vector<std::optional<NcFile::Var>> coords;   ///< per dimension
    std::optional<NcFile::Var> lat2d, lon2d;          ///< curvilinear coordinates
    bool gridded = false;
};

std::vector<std::string> splitWords(const std::string& text)
{
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

Layout layoutOf(const NcFile& f, const std::vector<NcFile::Var>& vars, const NcFile::Var& v)
{
    Layout l;
    for (int d : v.dims) {
        auto c = coordinateOf(f, vars, d);
        l.coords.push_back(c);
        l.axes.push_back(c ? classify(f, *c) : Axis::None);
        if (l.axes.back() == Axis::None) {
            const std::string dn = lower(f.dimensionName(d));
            if (dn == "time" || dn == "t")
                l.axes.back() = Axis::Time;
        }
    }
    const size_t n = v.dims.size();
    const Axis own = classify(f, v);
    if (own == Axis::Lat || own == Axis::Lon)
        return l; // a coordinate is not a field
    if (n >= 2) {
        const Axis a = l.axes[n - 2], b = l.axes[n - 1];
        if ((a == Axis::Lat && b == Axis::Lon) || (a == Axis::Lon && b == Axis::Lat)) {
            l.gridded = true;
            return l;
        }
        // curvilinear: 2-D latitude and longitude on the last two dimensions
        std::vector<std::string> names = splitWords(f.textAttribute(v.id, "coordinates").value_or(""));
        for (const auto& c : vars)
            if (c.dims.size() == 2)
                names.push_back(c.name);
        for (const std::string& name : names) {
            // looked up in the list already read (asking libnetcdf again per name made this cubic in the variables)
            const auto it = std::find_if(vars.begin(), vars.end(), [&](const NcFile::Var& x) { return x.name == name; });
            if (it == vars.end() || it->dims.size() != 2)
                continue;
            const NcFile::Var* c = &*it;
            const bool same = c->dims[0] == v.dims[n - 2] && c->dims[1] == v.dims[n - 1];
            if (!same)
                continue;
            const Axis kind = classify(f, *c);
            if (kind == Axis::Lat && !l.lat2d)
                l.lat2d = *c;
            if (kind == Axis::Lon && !l.lon2d)
                l.lon2d = *c;
        }
        l.gridded = l.lat2d && l.lon2d;
    }
    return l;
}

std::string describeDims(const NcFile& f, const NcFile::Var& v)
{
    std::string s = "(";
    for (size_t i = 0; i < v.dims.size(); ++i)
        s += (i ? ", " : "") + f.dimensionName(v.dims[i]) + "=" + std::to_string(f.dimensionLength(v.dims[i]));
    return s + ")";
}

bool matchesFixedName(const std::string& requested, const std::string& dimName, Axis axis)
{
    const std::string r = lower(requested), d = lower(dimName);
    if (r == d)
        return true;
    if (r != "level")
        return false;
    if (axis == Axis::Vertical)
        return true;
    for (const char* prefix : {"lev", "plev", "depth", "z"})
        if (d.rfind(prefix, 0) == 0)
            return true;
    return false;
}

std::vector<double> readCoordinate(const NcFile& f, const NcFile::Var& c)
{
    std::vector<double> values = f.readAll(c);
    const CfPacking p = CfPacking::of(f, c);
    for (double& x : values)
        x = p.apply(x);
    return values;
}

} // namespace

std::vector<VariableInfo> listVariables(const std::string& path)
{
    NcFile f(path);
    const auto vars = f.variables();
    std::vector<VariableInfo> out;
    for (const auto& v : vars) {
        VariableInfo info;
        info.name = v.name;
        info.longName = f.textAttribute(v.id, "long_name").value_or("");
        info.units = f.textAttribute(v.id, "units").value_or("");
        for (int d : v.dims) {
            info.dimensions.push_back(f.dimensionName(d));
            info.shape.push_back(f.dimensionLength(d));
        }
        info.gridded = layoutOf(f, vars, v).gridded;
        out.push_back(std::move(info));
    }
    return out;
}

namespace {

/// readField, or with `outline` its outline: the values read in slices of the sample axis and only the first step
/// kept. `stepsOut` gets the number of steps.
GeoField readFieldImpl(const std::string& path, const FieldRequest& request, bool outline, int64_t& stepsOut)
{
    NcFile f(path);
    const auto vars = f.variables();
    std::optional<NcFile::Var> var;
    if (request.variable.empty()) {
        std::vector<std::string> gridded;
        for (const auto& v : vars)
            if (layoutOf(f, vars, v).gridded) {
                gridded.push_back(v.name);
                var = v;
            }
        if (gridded.empty())
            throw IoError(path + ": no variable on a latitude/longitude grid");
        if (gridded.size() > 1) {
            std::string list;
            for (const auto& g : gridded)
                list += (list.empty() ? "" : ", ") + g;
            throw IoError(path + ": several gridded variables (" + list + "); name one as " + path + ":VAR");
        }
    } else {
        var = f.variable(request.variable);
        if (!var) {
            std::string list;
            for (const auto& v : vars)
                list += (list.empty() ? "" : ", ") + v.name;
            throw IoError(path + ": no variable '" + request.variable + "' (the file has: " + list + ")");
        }
    }
    const NcFile::Var& v = *var;
    const std::string where = path + ": variable '" + v.name + "'";
    const Layout layout = layoutOf(f, vars, v);
    if (!layout.gridded)
        throw IoError(where + " " + describeDims(f, v) +
                      " is not on a latitude/longitude grid: its last two dimensions need latitude and longitude "
                      "coordinates (CF units degrees_north/degrees_east, standard_name, or 2-D coordinates)");

    const size_t n = v.dims.size();
    GeoField field;
    field.file = path;
    field.variable = v.name;
    field.units = f.textAttribute(v.id, "units").value_or("");
    field.standardName = f.textAttribute(v.id, "standard_name").value_or("");
    field.longName = f.textAttribute(v.id, "long_name").value_or(field.standardName.empty() ? v.name : field.standardName);

    // the sample axis (time, or the one remaining dimension longer than 1) and the fixed indices
    std::vector<size_t> start(n, 0), count(n, 1);
    constexpr size_t kNone = static_cast<size_t>(-1);
    size_t sampleDim = kNone; // a std::optional here trips GCC 12's -Wmaybe-uninitialized
    for (size_t i = 0; i + 2 < n; ++i)
        if (layout.axes[i] == Axis::Time)
            sampleDim = i;
    std::vector<bool> used(request.fixed.size(), false);
    for (size_t i = 0; i + 2 < n; ++i) {
        const std::string dimName = f.dimensionName(v.dims[i]);
        const int64_t len = f.dimensionLength(v.dims[i]);
        std::optional<int64_t> index;
        for (size_t k = 0; k < request.fixed.size(); ++k)
            if (!used[k] && matchesFixedName(request.fixed[k].first, dimName, layout.axes[i])) {
                index = request.fixed[k].second;
                used[k] = true;
                break;
            }
        if (index) {
            if (*index < 0 || *index >= len)
                throw IoError(where + ": " + dimName + "=" + std::to_string(*index) + " is outside 0.." +
                              std::to_string(len - 1));
            start[i] = static_cast<size_t>(*index);
            field.notes.push_back(dimName + "=" + std::to_string(*index));
            if (sampleDim == i)
                sampleDim = kNone;
            continue;
        }
        if (sampleDim == i)
            continue;
        if (sampleDim == kNone && len > 1 && layout.axes[i] != Axis::Vertical) {
            sampleDim = i;
            continue;
        }
        if (len != 1)
            throw IoError(where + " " + describeDims(f, v) + ": dimension '" + dimName + "' has " +
                          std::to_string(len) + " entries; choose one with [" +
                          (layout.axes[i] == Axis::Vertical ? std::string("level") : dimName) + "=INDEX]");
    }
    for (size_t k = 0; k < request.fixed.size(); ++k)
        if (!used[k])
            throw IoError(where + " " + describeDims(f, v) + " has no dimension '" + request.fixed[k].first + "'");

    int64_t steps = 1;
    if (sampleDim != kNone) {
        const int64_t len = f.dimensionLength(v.dims[sampleDim]);
        const int64_t b = request.timeBegin, e = request.timeEnd < 0 ? len : request.timeEnd;
        if (b < 0 || b > len || e > len || b >= e)
            throw IoError(where + ": time=" + std::to_string(b) + ":" + std::to_string(e) +
                          " is not a non-empty range within 0.." + std::to_string(len));
        start[sampleDim] = static_cast<size_t>(b);
        count[sampleDim] = static_cast<size_t>(e - b);
        steps = e - b;
        if (b != 0 || e != len)
            field.notes.push_back("time steps " + std::to_string(b) + ".." + std::to_string(e - 1) + " of " +
                                  std::to_string(len));
    } else if (request.timeBegin != 0 || request.timeEnd >= 0) {
        if (request.timeBegin > 0 || request.timeEnd > 1)
            throw IoError(where + " " + describeDims(f, v) + " has no time axis to select from");
    }
    const int64_t ny = f.dimensionLength(v.dims[n - 2]), nx = f.dimensionLength(v.dims[n - 1]);
    if (ny < 1 || nx < 1)
        throw IoError(where + ": empty grid " + describeDims(f, v));
    count[n - 2] = static_cast<size_t>(ny);
    count[n - 1] = static_cast<size_t>(nx);

    // values
    const CfPacking packing = CfPacking::of(f, v);
    int64_t masked = 0;
    auto unpack = [&](const std::vector<double>& raw, float* out) {
        for (size_t i = 0; i < raw.size(); ++i) {
            const double x = packing.apply(raw[i]);
            masked += std::isnan(x);
            out[i] = static_cast<float>(x);
        }
    };
    stepsOut = steps;
    if (!outline) {
        field.values = Tensor::uninitialized({steps, ny, nx});
        unpack(f.read(v, start, count), field.values.data());
    } else {
        // slices of about 4 M cells along the sample axis; every step counts towards the masked cells
        field.values = Tensor::uninitialized({1, ny, nx});
        const int64_t cells = ny * nx;
        const int64_t slice = std::max<int64_t>(1, (int64_t(4) << 20) / cells);
        std::vector<float> unpacked;
        for (int64_t t = 0; t < steps; t += slice) {
            std::vector<size_t> sliceStart = start, sliceCount = count;
            if (sampleDim != kNone) {
                sliceStart[sampleDim] += static_cast<size_t>(t);
                sliceCount[sampleDim] = static_cast<size_t>(std::min(slice, steps - t));
            }
            const std::vector<double> raw = f.read(v, sliceStart, sliceCount);
            unpacked.resize(raw.size());
            unpack(raw, unpacked.data());
            if (t == 0)
                std::copy_n(unpacked.data(), cells, field.values.data());
        }
    }
    if (packing.packed)
        field.notes.push_back("unpacked with scale_factor " + std::to_string(packing.scale) + " and add_offset " +
                              std::to_string(packing.offset));
    if (masked)
        field.notes.push_back(std::to_string(masked) + " masked cells");

    // coordinates
    if (layout.lat2d) {
        field.curvilinear = true;
        field.lat = readCoordinate(f, *layout.lat2d);
        field.lon = readCoordinate(f, *layout.lon2d);
    } else {
        field.latAxis = layout.axes[n - 2] == Axis::Lat ? 0 : 1;
        field.lat = readCoordinate(f, *layout.coords[n - 2 + field.latAxis]);
        field.lon = readCoordinate(f, *layout.coords[n - 1 - field.latAxis]);
        for (double x : field.lat)
            if (!std::isfinite(x) || x < -90.0001 || x > 90.0001)
                throw IoError(where + ": latitude " + std::to_string(x) + " outside [-90, 90] in '" +
                              layout.coords[n - 2 + field.latAxis]->name + "'");
        for (double x : field.lon)
            if (!std::isfinite(x) || std::abs(x) > 1080)
                throw IoError(where + ": longitude " + std::to_string(x) + " is not a longitude in '" +
                              layout.coords[n - 1 - field.latAxis]->name + "'");
    }

    // time labels
    if (sampleDim != kNone) {
        if (const auto& tc = layout.coords[sampleDim]) {
            field.timeUnits = f.textAttribute(tc->id, "units").value_or("");
            field.calendar = f.textAttribute(tc->id, "calendar").value_or("");
            const std::vector<double> all = readCoordinate(f, *tc);
            field.timeValues.assign(all.begin() + static_cast<std::ptrdiff_t>(start[sampleDim]),
                                    all.begin() + static_cast<std::ptrdiff_t>(start[sampleDim] + count[sampleDim]));
            field.timeLabels = cfTimeLabels(field.timeValues, field.timeUnits, field.calendar);
        } else {
            for (int64_t t = 0; t < steps; ++t)
                field.timeLabels.push_back(f.dimensionName(v.dims[sampleDim]) + " " +
                                           std::to_string(static_cast<int64_t>(start[sampleDim]) + t));
        }
    }
    return field;
}

} // namespace

GeoField readField(const std::string& path, const FieldRequest& request)
{
    int64_t steps = 0;
    return readFieldImpl(path, request, false, steps);
}

FieldOutline readFieldOutline(const std::string& path, const FieldRequest& request)
{
    FieldOutline out;
    out.field = readFieldImpl(path, request, true, out.steps);
    return out;
}

std::vector<double> readValues(const std::string& path, const std::string& variable)
{
    NcFile f(path);
    const auto v = f.variable(variable);
    if (!v)
        throw IoError(path + ": no variable '" + variable + "'");
    std::vector<double> values = f.readAll(*v);
    const CfPacking p = CfPacking::of(f, *v);
    for (double& x : values)
        x = p.apply(x);
    return values;
}

bool looksLikeNetcdf(const std::string& spec)
{
    static const std::regex pattern(R"(^.*\.(nc|nc4|cdf|netcdf)(:.*)?$)", std::regex::icase);
    return std::regex_match(spec, pattern);
}

FieldSpec parseFieldSpec(const std::string& spec)
{
    static const std::regex pattern(R"(^(.*\.(?:nc|nc4|cdf|netcdf|h5|hdf5|he5))(?::([^\[\]]*)(?:\[([^\]]*)\])?)?$)",
                                    std::regex::icase);
    std::smatch m;
    FieldSpec out;
    if (!std::regex_match(spec, m, pattern)) {
        out.path = spec;
        return out;
    }
    out.path = m[1].str();
    out.request.variable = m[2].str();
    if (!m[3].matched)
        return out;
    std::stringstream in(m[3].str());
    std::string item;
    static const std::regex entry(R"(^\s*(\w+)\s*=\s*(-?\d*)\s*(?::\s*(-?\d*)\s*)?$)");
    while (std::getline(in, item, ',')) {
        std::smatch e;
        if (!std::regex_match(item, e, entry) || (e[2].str().empty() && !e[3].matched))
            throw ArgumentError(spec + ": '" + item + "' is not NAME=INDEX or time=BEGIN:END");
        const std::string name = e[1].str();
        auto number = [&](const std::string& text, int64_t fallback) {
            if (text.empty())
                return fallback;
            try {
                return static_cast<int64_t>(std::stoll(text));
            } catch (const std::exception&) {
                throw ArgumentError(spec + ": '" + text + "' is not an index");
            }
        };
        if (lower(name) == "time") {
            out.request.timeBegin = number(e[2].str(), 0);
            out.request.timeEnd = e[3].matched ? number(e[3].str(), -1) : out.request.timeBegin + 1;
            const bool negativeEnd = e[3].matched && !e[3].str().empty() && out.request.timeEnd < 0;
            if (negativeEnd || out.request.timeBegin < 0 ||
                (out.request.timeEnd >= 0 && out.request.timeEnd <= out.request.timeBegin))
                throw ArgumentError(spec + ": time=" + e[2].str() + (e[3].matched ? ":" + e[3].str() : "") +
                                    " is not a non-empty range of 0-based indices");
        } else {
            if (e[3].matched)
                throw ArgumentError(spec + ": " + name + " takes one index, not a range");
            out.request.fixed.emplace_back(name, number(e[2].str(), 0));
        }
    }
    return out;
}

} // namespace lantern::geo

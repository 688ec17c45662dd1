// Synthetic El Niño / La Niña SST anomaly months on NCL's 2-degree grid (see lantern/studies/enso.h).
#include "lantern/error.h"
#include "lantern/geo/grid.h"
#include "lantern/geo/netcdf.h"
#include "lantern/studies/enso.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace lantern::studies {

namespace {


/// Index of the value nearest to x on a monotonic axis.
size_t nearest(const std::vector<double>& axis, double x)
{
    const bool ascending = axis.size() < 2 || axis.front() <= axis.back();
    const auto it = ascending ? std::lower_bound(axis.begin(), axis.end(), x)
                              : std::lower_bound(axis.begin(), axis.end(), x, std::greater<double>());
    size_t i = size_t(it - axis.begin());
    if (i >= axis.size())
        return axis.size() - 1;
    if (i > 0 && std::abs(axis[i - 1] - x) <= std::abs(axis[i] - x))
        --i;
    return i;
}

/// Shortest signed longitude difference a - b in degrees.
double dlon(double a, double b)
{
    double d = std::fmod(a - b + 540.0, 360.0);
    if (d < 0)
        d += 360.0;
    return d - 180.0;
}

/// Days from 1900-01-01 to y-m-d (proleptic Gregorian).
int64_t daysSince1900(int64_t y, int64_t m, int64_t d)
{
    auto jdn = [](int64_t yy, int64_t mm, int64_t dd) {
        const int64_t a = (14 - mm) / 12, y2 = yy + 4800 - a, m2 = mm + 12 * a - 3;
        return dd + (153 * m2 + 2) / 5 + 365 * y2 + y2 / 4 - y2 / 100 + y2 / 400 - 32045;
    };
    return jdn(y, m, d) - jdn(1900, 1, 1);
}

/// Separable Gaussian smoothing of a (lat, lon) field: periodic in longitude, clamped in latitude.
void smooth(std::vector<double>& f, int64_t nlat, int64_t nlon, double sigmaCells)
{
    const int radius = static_cast<int>(std::ceil(3 * sigmaCells));
    std::vector<double> k(static_cast<size_t>(2 * radius + 1));
    double sum = 0;
    for (int i = -radius; i <= radius; ++i)
        sum += k[size_t(i + radius)] = std::exp(-0.5 * i * i / (sigmaCells * sigmaCells));
    for (double& w : k)
        w /= sum;
    std::vector<double> tmp(f.size());
    std::vector<int64_t> wrap(size_t(nlon + 2 * radius)); // column o + i, periodic
    for (int64_t j = 0; j < nlon + 2 * radius; ++j)
        wrap[size_t(j)] = ((j - radius) % nlon + nlon) % nlon;
    for (int64_t a = 0; a < nlat; ++a) {
        const double* row = f.data() + a * nlon;
        for (int64_t o = 0; o < nlon; ++o) {
            double s = 0;
            for (int i = 0; i <= 2 * radius; ++i)
                s += k[size_t(i)] * row[wrap[size_t(o + i)]];
            tmp[size_t(a * nlon + o)] = s;
        }
    }
    for (int64_t a = 0; a < nlat; ++a)
        for (int64_t o = 0; o < nlon; ++o) {
            double s = 0;
            for (int i = -radius; i <= radius; ++i)
                s += k[size_t(i + radius)] * tmp[size_t(std::clamp<int64_t>(a + i, 0, nlat - 1) * nlon + o)];
            f[size_t(a * nlon + o)] = s;
        }
}

} // namespace

EnsoData makeEnsoData(const EnsoDataOptions& o)
{
    if (o.months < 10 || o.months > 100000)
        throw ArgumentError("enso study: months must be between 10 and 100000 (got " + std::to_string(o.months) + ")");
    EnsoData d;
    // the grid: the file's latitudes ascending, its longitudes in [0, 360) without the cyclic duplicate
    {
        geo::FieldRequest r;
        const geo::GeoField grid = geo::readField(o.gridFile, r);
        const geo::DisplayGrid g = geo::displayGrid(grid, 0.0);
        d.lat.assign(g.lat.rbegin(), g.lat.rend());
        for (double x : g.lon)
            d.lon.push_back(geo::wrapLongitude(x, 0.0));
        std::sort(d.lon.begin(), d.lon.end());
    }
    const int64_t nlat = int64_t(d.lat.size()), nlon = int64_t(d.lon.size()), cells = nlat * nlon;

    // ocean: at least two of the four 1-degree landsea cells around a 2-degree centre are ocean
    {
        geo::FieldRequest r;
        r.variable = "LSMASK";
        const geo::GeoField mask = geo::readField(o.landMaskFile, r);
        if (mask.curvilinear || mask.latAxis != 0)
            throw IoError(o.landMaskFile + ": LSMASK is expected on (lat, lon)");
        const int64_t mlon = int64_t(mask.lon.size());
        d.ocean.assign(size_t(cells), 0);
        for (int64_t a = 0; a < nlat; ++a)
            for (int64_t b = 0; b < nlon; ++b) {
                int oceanCount = 0;
                for (double da : {-0.5, 0.5})
                    for (double db : {-0.5, 0.5}) {
                        const size_t i = nearest(mask.lat, std::clamp(d.lat[size_t(a)] + da, -89.5, 89.5));
                        const size_t j = nearest(mask.lon, geo::wrapLongitude(d.lon[size_t(b)] + db, mask.lon.front() - 0.5));
                        oceanCount += mask.values[int64_t(i) * mlon + int64_t(j)] == 0.f;
                    }
                d.ocean[size_t(a * nlon + b)] = oceanCount >= 2;
            }
    }

    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * u(rng); };

    d.sst = Tensor::uninitialized({o.months, nlat, nlon});
    std::vector<double> f(static_cast<size_t>(cells)), noise(static_cast<size_t>(cells));
    std::vector<double> along(static_cast<size_t>(nlon));
    auto blob = [&](double amp, double lat0, double lon0, double sLat, double sLon) {
        // separable: one exponential per column and per row
        for (int64_t b = 0; b < nlon; ++b) {
            const double x = dlon(d.lon[size_t(b)], lon0) / sLon;
            along[size_t(b)] = std::exp(-0.5 * x * x);
        }
        for (int64_t a = 0; a < nlat; ++a) {
            const double y = (d.lat[size_t(a)] - lat0) / sLat;
            const double ea = amp * std::exp(-0.5 * y * y);
            if (std::abs(ea) < 1e-9)
                continue;
            for (int64_t b = 0; b < nlon; ++b)
                f[size_t(a * nlon + b)] += ea * along[size_t(b)];
        }
    };
    for (int64_t t = 0; t < o.months; ++t) {
        std::fill(f.begin(), f.end(), 0.0);
        const bool nino = u(rng) < 0.4;
        const double amp = nino ? uniform(0.6, 3.0) : -uniform(0.5, 2.0);
        const double lon0 = nino ? uniform(200, 250) : uniform(190, 230);
        blob(amp, uniform(-2, 2), lon0, uniform(5, 10), uniform(20, 40));
        blob(-0.3 * amp, uniform(-5, 5), uniform(140, 160), 15, 15); // the western Pacific's opposite lobe
        // a distractor that carries no class information
        const double where = u(rng);
        const double dAmp = (u(rng) < 0.5 ? -1 : 1) * uniform(0.3, 1.5);
        if (where < 1.0 / 3)
            blob(dAmp, uniform(30, 45), uniform(160, 220), 8, 20); // North Pacific
        else if (where < 2.0 / 3)
            blob(dAmp, uniform(10, 45), uniform(300, 340), 8, 15); // North Atlantic
        else
            blob(dAmp, uniform(-20, 5), uniform(60, 100), 8, 15); // Indian Ocean
        for (double& x : noise)
            x = normal(rng);
        smooth(noise, nlat, nlon, 3.0);
        double var = 0;
        for (double x : noise)
            var += x * x;
        const double scale = 0.4 / std::sqrt(var / double(cells));
        float* out = d.sst.data() + t * cells;
        double box = 0;
        int64_t boxCells = 0;
        for (int64_t i = 0; i < cells; ++i) {
            const double v = f[size_t(i)] + scale * noise[size_t(i)];
            out[i] = d.ocean[size_t(i)] ? static_cast<float>(v) : NAN;
            const double la = d.lat[size_t(i / nlon)], lo = d.lon[size_t(i % nlon)];
            if (d.ocean[size_t(i)] && std::abs(la) <= 5 && lo >= 190 && lo <= 240) {
                box += v;
                ++boxCells;
            }
        }
        d.nino34.push_back(static_cast<float>(boxCells ? box / double(boxCells) : 0.0));
        d.labels.push_back(nino ? 1 : 0);
        d.time.push_back(double(daysSince1900(1900 + t / 12, t % 12 + 1, 16)));
    }
    return d;
}

void writeEnsoData(const std::string& path, const EnsoData& d)
{
    geo::CfFile f;
    f.lat = d.lat;
    f.lon = d.lon;
    f.time = d.time;
    f.timeUnits = "days since 1900-01-01 00:00:00";
    f.calendar = "standard";
    geo::CfVariable sst;
    sst.name = "sst";
    sst.longName = "SST anomaly";
    sst.units = "K";
    sst.dims = {"time", "lat", "lon"};
    sst.values.assign(d.sst.values().begin(), d.sst.values().end());
    geo::CfVariable label;
    label.name = "label";
    label.longName = "class: 1 El Nino, 0 La Nina";
    label.dims = {"time"};
    label.integer = true;
    for (int64_t l : d.labels)
        label.values.push_back(float(l));
    geo::CfVariable index;
    index.name = "nino34";
    index.longName = "Nino-3.4 index (mean anomaly over 5S-5N, 170W-120W)";
    index.units = "K";
    index.dims = {"time"};
    index.values = d.nino34;
    f.variables = {sst, label, index};
    f.globalAttributes = {{"title", "Lantern El Nino study data (synthetic)"},
                          {"source", "lantern-cli study enso; recipe in docs/studies/enso.md"},
                          {"references", "Toms, Barnes and Ebert-Uphoff (2020), JAMES 12, e2019MS002002"}};
    geo::writeCfFile(path, f);
}

} // namespace lantern::studies

#include "lantern/geo/grid.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lantern::geo {

double wrapLongitude(double lon, double west)
{
    double x = std::fmod(lon - west, 360.0);
    if (x < 0)
        x += 360.0;
    if (x >= 360.0)
        x -= 360.0;
    return west + x;
}

std::vector<float> DisplayGrid::reorder(const float* fileOrder) const
{
    std::vector<float> out(fileIndex.size());
    for (size_t i = 0; i < fileIndex.size(); ++i)
        out[i] = fileOrder[fileIndex[i]];
    return out;
}

namespace {

std::vector<double> edgesOf(const std::vector<double>& centres)
{
    const size_t n = centres.size();
    std::vector<double> e(n + 1);
    if (n == 1) {
        e[0] = centres[0] - 0.5;
        e[1] = centres[0] + 0.5;
        return e;
    }
    for (size_t i = 1; i < n; ++i)
        e[i] = 0.5 * (centres[i - 1] + centres[i]);
    e[0] = centres[0] - (e[1] - centres[0]);
    e[n] = centres[n - 1] + (centres[n - 1] - e[n - 1]);
    return e;
}

} // namespace

DisplayGrid displayGrid(const GeoField& field, double westLon)
{
    if (field.curvilinear)
        throw ShapeError(field.file + ": variable '" + field.variable +
                         "' is on a curvilinear grid; it has no row/column display layout");
    const int64_t nlat = static_cast<int64_t>(field.lat.size()), nlon = static_cast<int64_t>(field.lon.size());
    DisplayGrid g;

    // rows: north to south
    std::vector<int64_t> rowOrder(static_cast<size_t>(nlat));
    std::iota(rowOrder.begin(), rowOrder.end(), 0);
    std::stable_sort(rowOrder.begin(), rowOrder.end(),
                     [&](int64_t a, int64_t b) { return field.lat[size_t(a)] > field.lat[size_t(b)]; });

    // columns: wrapped to [0, 360), duplicates (the cyclic column) dropped, started after the largest gap
    struct Col {
        double lon;
        int64_t index;
    };
    std::vector<Col> cols;
    for (int64_t i = 0; i < nlon; ++i)
        cols.push_back({wrapLongitude(field.lon[size_t(i)], 0.0), i});
    std::stable_sort(cols.begin(), cols.end(), [](const Col& a, const Col& b) { return a.lon < b.lon; });
    std::vector<Col> unique;
    for (const Col& c : cols)
        if (unique.empty() || c.lon - unique.back().lon > 1e-6)
            unique.push_back(c);
    if (unique.size() > 1 && unique.back().lon - unique.front().lon > 360.0 - 1e-6)
        unique.pop_back();
    const size_t m = unique.size();
    size_t first = 0;
    bool cyclic = false;
    if (m > 1) {
        std::vector<double> gaps(m);
        for (size_t i = 0; i < m; ++i)
            gaps[i] = i + 1 < m ? unique[i + 1].lon - unique[i].lon : unique[0].lon + 360.0 - unique[i].lon;
        std::vector<double> sorted = gaps;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(m / 2), sorted.end());
        const double median = sorted[m / 2];
        const size_t widest = static_cast<size_t>(std::max_element(gaps.begin(), gaps.end()) - gaps.begin());
        if (gaps[widest] > 1.5 * median) {
            first = (widest + 1) % m; // a regional grid: start at its western edge
        } else {
            cyclic = std::abs(median * static_cast<double>(m) - 360.0) < 0.5 * median;
            const double west = wrapLongitude(westLon, 0.0);
            first = 0;
            while (first < m && unique[first].lon < west - 1e-9)
                ++first;
            if (first == m)
                first = 0;
        }
    }
    g.rows = nlat;
    g.cols = static_cast<int64_t>(m);
    g.cyclic = cyclic;
    for (int64_t r : rowOrder)
        g.lat.push_back(field.lat[size_t(r)]);
    std::vector<int64_t> colOrder;
    for (size_t k = 0; k < m; ++k) {
        const Col& c = unique[(first + k) % m];
        double lon = c.lon;
        if (!g.lon.empty())
            while (lon < g.lon.back())
                lon += 360.0;
        g.lon.push_back(lon);
        colOrder.push_back(c.index);
    }
    if (cyclic || g.lon.empty() || g.lon.front() >= 180.0) {
        // global grids start at or after westLon; express them from there ([-180, 180) for westLon = -180)
        const double shift = g.lon.empty() ? 0 : wrapLongitude(g.lon.front(), westLon) - g.lon.front();
        for (double& x : g.lon)
            x += shift;
    }
    g.fileIndex.resize(static_cast<size_t>(g.rows * g.cols));
    for (int64_t r = 0; r < g.rows; ++r)
        for (int64_t c = 0; c < g.cols; ++c) {
            const int64_t li = rowOrder[size_t(r)], oi = colOrder[size_t(c)];
            g.fileIndex[size_t(r * g.cols + c)] = field.latAxis == 0 ? li * nlon + oi : oi * nlat + li;
        }
    g.latEdges = edgesOf(g.lat);
    for (double& e : g.latEdges)
        e = std::clamp(e, -90.0, 90.0);
    g.lonEdges = edgesOf(g.lon);
    return g;
}

std::vector<float> modelValues(const GeoField& field, int64_t t)
{
    const int64_t n = field.rows() * field.columns();
    if (t < 0 || t >= field.steps())
        throw ArgumentError(field.file + ": time step " + std::to_string(t) + " outside 0.." +
                            std::to_string(field.steps() - 1));
    const float* src = field.values.data() + t * n;
    std::vector<float> out(src, src + n);
    for (float& x : out)
        if (std::isnan(x))
            x = 0.f;
    return out;
}

} // namespace lantern::geo

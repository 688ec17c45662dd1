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
        out[i] = fileIndex[i] < 0 ? NAN : fileOrder[fileIndex[i]];
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

namespace {

/// A curvilinear field shown on a regular grid: each display cell takes the nearest source cell (within 1.5 display
/// cells; farther is empty), at about the source's own spacing.
DisplayGrid curvilinearGrid(const GeoField& field, double westLon)
{
    const size_t n = field.lat.size();
    if (n == 0 || field.lon.size() != n)
        throw ShapeError(field.file + ": variable '" + field.variable + "': 2-D coordinates of different sizes");
    const int64_t ny = field.rows(), nx = field.columns();
    // spacing: the median distance to the next cell along x
    std::vector<double> steps;
    for (int64_t y = 0; y < ny; y += std::max<int64_t>(1, ny / 64))
        for (int64_t x = 0; x + 1 < nx; x += std::max<int64_t>(1, nx / 64)) {
            const size_t a = size_t(y * nx + x), b = a + 1;
            if (!std::isfinite(field.lat[a]) || !std::isfinite(field.lat[b]) || !std::isfinite(field.lon[a]) ||
                !std::isfinite(field.lon[b]))
                continue;
            double dl = std::abs(wrapLongitude(field.lon[b] - field.lon[a], -180.0));
            dl *= std::cos(field.lat[a] * 3.14159265358979323846 / 180.0);
            steps.push_back(std::hypot(field.lat[b] - field.lat[a], dl));
        }
    double res = 1.0;
    if (!steps.empty()) {
        std::nth_element(steps.begin(), steps.begin() + std::ptrdiff_t(steps.size() / 2), steps.end());
        res = std::clamp(steps[steps.size() / 2], 0.25, 5.0);
    }
    double south = 90, north = -90;
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(field.lat[i])) {
            south = std::min(south, field.lat[i]);
            north = std::max(north, field.lat[i]);
        }
    south = std::max(-90.0, south - res / 2);
    north = std::min(90.0, north + res / 2);
    DisplayGrid g;
    g.cyclic = true;
    g.rows = std::max<int64_t>(1, int64_t(std::ceil((north - south) / res)));
    g.cols = std::max<int64_t>(1, int64_t(std::round(360.0 / res)));
    const double dLat = (north - south) / double(g.rows), dLon = 360.0 / double(g.cols);
    const double west = wrapLongitude(westLon, -180.0);
    for (int64_t r = 0; r < g.rows; ++r)
        g.lat.push_back(north - (double(r) + 0.5) * dLat);
    for (int64_t c = 0; c < g.cols; ++c)
        g.lon.push_back(west + (double(c) + 0.5) * dLon);
    for (int64_t r = 0; r <= g.rows; ++r)
        g.latEdges.push_back(north - double(r) * dLat);
    for (int64_t c = 0; c <= g.cols; ++c)
        g.lonEdges.push_back(west + double(c) * dLon);
    // source cells by display cell
    std::vector<std::vector<int64_t>> bucket(size_t(g.rows * g.cols));
    auto rowOf = [&](double lat) { return std::clamp<int64_t>(int64_t((north - lat) / dLat), 0, g.rows - 1); };
    auto colOf = [&](double lon) {
        return std::clamp<int64_t>(int64_t((wrapLongitude(lon, west) - west) / dLon), 0, g.cols - 1);
    };
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(field.lat[i]) && std::isfinite(field.lon[i]))
            bucket[size_t(rowOf(field.lat[i]) * g.cols + colOf(field.lon[i]))].push_back(int64_t(i));
    g.fileIndex.assign(size_t(g.rows * g.cols), -1);
    for (int64_t r = 0; r < g.rows; ++r) {
        const double coslat = std::cos(g.lat[size_t(r)] * 3.14159265358979323846 / 180.0);
        // 1.5 cells east or west is 1.5 / cos(lat) columns away (the columns narrow towards the poles)
        const int64_t reach = std::min<int64_t>(g.cols / 2, int64_t(std::ceil(1.5 / std::max(coslat, 1e-3))) + 1);
        for (int64_t c = 0; c < g.cols; ++c) {
            double best = 2.25 * dLat * dLat; // (1.5 cells)^2
            int64_t found = -1;
            for (int64_t dr = -1; dr <= 1; ++dr)
                for (int64_t dc = -reach; dc <= reach; ++dc) {
                    const int64_t rr = r + dr, cc = ((c + dc) % g.cols + g.cols) % g.cols;
                    if (rr < 0 || rr >= g.rows)
                        continue;
                    for (int64_t i : bucket[size_t(rr * g.cols + cc)]) {
                        const double dy = field.lat[size_t(i)] - g.lat[size_t(r)];
                        const double dx = wrapLongitude(field.lon[size_t(i)] - g.lon[size_t(c)], -180.0) * coslat;
                        const double d2 = dx * dx + dy * dy;
                        if (d2 < best) {
                            best = d2;
                            found = i;
                        }
                    }
                }
            g.fileIndex[size_t(r * g.cols + c)] = found;
        }
    }
    return g;
}

} // namespace

DisplayGrid displayGrid(const GeoField& field, double westLon)
{
    if (field.curvilinear)
        return curvilinearGrid(field, westLon);
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
    // duplicates within 1e-4 degrees (float32 longitudes near 360 are only good to 3e-5)
    for (const Col& c : cols)
        if (unique.empty() || c.lon - unique.back().lon > 1e-4)
            unique.push_back(c);
    if (unique.size() > 1 && unique.back().lon - unique.front().lon > 360.0 - 1e-4)
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

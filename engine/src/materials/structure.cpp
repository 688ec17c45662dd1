// Cell geometry, formulas, supercells and neighbour distances of crystal structures.
#include "lantern/materials/structure.h"

#include "lantern/error.h"

#include <openbabel/elements.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace lantern::materials {

namespace {

constexpr int kMaxElement = 118;
constexpr std::size_t kMaxNeighbourAtoms = 5000;
constexpr double kDegree = 3.14159265358979323846 / 180.0;

Vec3 cross(const Vec3& a, const Vec3& b)
{
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }

void requireCell(const Structure& s, const char* what)
{
    if (!s.periodic)
        throw ArgumentError(std::string(what) + ": structure '" + s.name + "' has no unit cell");
    if (!(std::abs(cellVolume(s.lattice)) > 1e-9))
        throw ArgumentError(std::string(what) + ": structure '" + s.name + "' has a degenerate unit cell (volume 0)");
}

/// Perpendicular widths of the cell: the distances between opposite faces.
Vec3 cellWidths(const Mat3& m)
{
    const double volume = std::abs(cellVolume(m));
    return {volume / norm(cross(m[1], m[2])), volume / norm(cross(m[2], m[0])), volume / norm(cross(m[0], m[1]))};
}

std::map<std::string, int> elementCounts(const Structure& s)
{
    std::map<std::string, int> counts;
    for (int z : s.numbers)
        ++counts[elementSymbol(z)];
    return counts;
}

std::string hillFormula(std::map<std::string, int> counts, int divisor)
{
    std::string out;
    const auto emit = [&](const std::string& symbol, int count) {
        out += symbol;
        if (count / divisor != 1)
            out += std::to_string(count / divisor);
    };
    if (auto c = counts.find("C"); c != counts.end()) {
        emit("C", c->second);
        counts.erase(c);
        if (auto h = counts.find("H"); h != counts.end()) {
            emit("H", h->second);
            counts.erase(h);
        }
    }
    for (const auto& [symbol, count] : counts)
        emit(symbol, count);
    return out;
}

} // namespace

std::string elementSymbol(int z)
{
    if (z < 1 || z > kMaxElement)
        throw ArgumentError("atomic number " + std::to_string(z) + " is not an element (1.." + std::to_string(kMaxElement) + ")");
    return OpenBabel::OBElements::GetSymbol(static_cast<unsigned int>(z));
}

int atomicNumber(const std::string& symbol)
{
    std::string s = symbol;
    if (!s.empty()) {
        s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
        for (std::size_t i = 1; i < s.size(); ++i)
            s[i] = char(std::tolower(static_cast<unsigned char>(s[i])));
    }
    const unsigned int z = s.empty() || s.size() > 3 ? 0 : OpenBabel::OBElements::GetAtomicNum(s.c_str());
    if (z < 1 || z > kMaxElement || elementSymbol(int(z)) != s)
        throw ArgumentError("'" + symbol + "' is not an element symbol");
    return int(z);
}

double covalentRadius(int z)
{
    (void)elementSymbol(z);
    return OpenBabel::OBElements::GetCovalentRad(static_cast<unsigned int>(z));
}

std::array<double, 3> elementColor(int z)
{
    (void)elementSymbol(z);
    double r = 0, g = 0, b = 0;
    OpenBabel::OBElements::GetRGB(static_cast<unsigned int>(z), &r, &g, &b);
    return {r, g, b};
}

std::string formula(const Structure& s) { return hillFormula(elementCounts(s), 1); }

std::string reducedFormula(const Structure& s)
{
    const auto counts = elementCounts(s);
    int divisor = 0;
    for (const auto& entry : counts)
        divisor = std::gcd(divisor, entry.second);
    return hillFormula(counts, std::max(divisor, 1));
}

double cellVolume(const Mat3& m) { return dot(m[0], cross(m[1], m[2])); }

CellParameters cellParameters(const Mat3& m)
{
    const double a = norm(m[0]), b = norm(m[1]), c = norm(m[2]);
    const auto angle = [](const Vec3& u, const Vec3& v) {
        const double n = norm(u) * norm(v);
        return n > 0 ? std::acos(std::clamp(dot(u, v) / n, -1.0, 1.0)) / kDegree : 0.0;
    };
    return {a, b, c, angle(m[1], m[2]), angle(m[0], m[2]), angle(m[0], m[1])};
}

Mat3 latticeFromParameters(const CellParameters& p)
{
    const double ca = std::cos(p.alpha * kDegree), cb = std::cos(p.beta * kDegree), cg = std::cos(p.gamma * kDegree);
    const double sg = std::sin(p.gamma * kDegree);
    const double cx = cb, cy = (ca - cb * cg) / sg;
    const double cz = std::sqrt(std::max(0.0, 1.0 - cx * cx - cy * cy));
    return Mat3{Vec3{p.a, 0, 0}, Vec3{p.b * cg, p.b * sg, 0}, Vec3{p.c * cx, p.c * cy, p.c * cz}};
}

Vec3 toCartesian(const Mat3& m, const Vec3& f)
{
    Vec3 r{};
    for (int k = 0; k < 3; ++k)
        r[k] = f[0] * m[0][k] + f[1] * m[1][k] + f[2] * m[2][k];
    return r;
}

std::vector<Vec3> fractionalPositions(const Structure& s)
{
    requireCell(s, "fractional coordinates");
    // r = f M (rows); f = r M^-1 with M^-1 = [b x c, c x a, a x b]^T / V
    const double volume = cellVolume(s.lattice);
    const Vec3 rows[3] = {cross(s.lattice[1], s.lattice[2]), cross(s.lattice[2], s.lattice[0]),
                          cross(s.lattice[0], s.lattice[1])};
    std::vector<Vec3> out;
    out.reserve(s.size());
    for (const Vec3& r : s.positions)
        out.push_back({dot(r, rows[0]) / volume, dot(r, rows[1]) / volume, dot(r, rows[2]) / volume});
    return out;
}

Structure supercell(const Structure& s, const std::array<int, 3>& n)
{
    requireCell(s, "supercell");
    for (int k : n)
        if (k < 1 || k > 1000)
            throw ArgumentError("supercell of '" + s.name + "': repetitions must be between 1 and 1000");
    const auto total = int64_t(n[0]) * n[1] * n[2] * int64_t(s.size());
    if (total > 10'000'000)
        throw ArgumentError("supercell of '" + s.name + "': " + std::to_string(total) + " atoms is too many");
    Structure out;
    out.name = s.name;
    out.periodic = true;
    for (int k = 0; k < 3; ++k)
        for (int d = 0; d < 3; ++d)
            out.lattice[k][d] = s.lattice[k][d] * n[k];
    out.positions.reserve(std::size_t(total));
    out.numbers.reserve(std::size_t(total));
    for (int i = 0; i < n[0]; ++i)
        for (int j = 0; j < n[1]; ++j)
            for (int k = 0; k < n[2]; ++k) {
                const Vec3 shift = toCartesian(s.lattice, {double(i), double(j), double(k)});
                for (std::size_t a = 0; a < s.size(); ++a) {
                    out.positions.push_back(
                        {s.positions[a][0] + shift[0], s.positions[a][1] + shift[1], s.positions[a][2] + shift[2]});
                    out.numbers.push_back(s.numbers[a]);
                }
            }
    return out;
}

std::array<int, 3> supercellRepetitions(const Structure& s, int targetAtoms)
{
    requireCell(s, "supercell");
    if (s.size() == 0)
        throw ArgumentError("supercell of '" + s.name + "': the structure has no atoms");
    const Vec3 w = cellWidths(s.lattice);
    const double cells = std::max(1.0, double(targetAtoms) / double(s.size()));
    std::array<int, 3> best{1, 1, 1};
    double bestScore = std::numeric_limits<double>::infinity();
    // the cube edge that holds `cells` cells; search repetitions around it
    const double edge = std::cbrt(cells * w[0] * w[1] * w[2]);
    std::array<int, 3> centre{};
    for (int k = 0; k < 3; ++k)
        centre[std::size_t(k)] = int(std::lround(std::clamp(edge / w[std::size_t(k)], 1.0, 1000.0)));
    for (int i = std::max(1, centre[0] - 3); i <= centre[0] + 3; ++i)
        for (int j = std::max(1, centre[1] - 3); j <= centre[1] + 3; ++j)
            for (int k = std::max(1, centre[2] - 3); k <= centre[2] + 3; ++k) {
                const double count = double(i) * j * k * double(s.size());
                const double countError = std::abs(std::log(count / double(std::max(targetAtoms, 1))));
                const double widths[3] = {i * w[0], j * w[1], k * w[2]};
                const double aspect = *std::max_element(widths, widths + 3) / *std::min_element(widths, widths + 3);
                // within 25 % of the target, prefer the most cubic; outside, the count dominates
                const double score = (countError <= std::log(1.25) ? 0.0 : 10.0 + countError) + std::log(aspect) +
                                     0.1 * countError;
                if (score < bestScore) {
                    bestScore = score;
                    best = {i, j, k};
                }
            }
    return best;
}

double averageNearestNeighbourDistance(const Structure& s)
{
    const std::size_t n = s.size();
    if (n == 0 || (!s.periodic && n < 2))
        return 0;
    if (n > kMaxNeighbourAtoms)
        throw ArgumentError("'" + s.name + "' has " + std::to_string(n) + " atoms; neighbour distances (and the fingerprint) " +
                            "take at most " + std::to_string(kMaxNeighbourAtoms));
    std::vector<Vec3> positions = s.positions;
    Vec3 widths{};
    if (s.periodic) {
        requireCell(s, "nearest-neighbour distance");
        // wrapped into the cell, an image |n_k| cells away along axis k is at least (|n_k| - 1) widths away
        auto fractional = fractionalPositions(s);
        for (std::size_t a = 0; a < n; ++a) {
            for (double& f : fractional[a])
                f -= std::floor(f);
            positions[a] = toCartesian(s.lattice, fractional[a]);
        }
        widths = cellWidths(s.lattice);
    }
    // search the neighbouring cells first; the largest distance found bounds every atom's nearest neighbour, which
    // says how many cells along each axis are enough (more for thin or skewed cells); repeat with those
    std::array<int, 3> range{s.periodic ? 1 : 0, s.periodic ? 1 : 0, s.periodic ? 1 : 0};
    for (;;) {
        std::vector<Vec3> images;
        for (int i = -range[0]; i <= range[0]; ++i)
            for (int j = -range[1]; j <= range[1]; ++j)
                for (int k = -range[2]; k <= range[2]; ++k)
                    images.push_back(s.periodic ? toCartesian(s.lattice, {double(i), double(j), double(k)}) : Vec3{0, 0, 0});
        double sum = 0, largest = 0;
        for (std::size_t a = 0; a < n; ++a) {
            double best = std::numeric_limits<double>::infinity();
            for (const Vec3& t : images)
                for (std::size_t b = 0; b < n; ++b) {
                    if (a == b && t[0] == 0 && t[1] == 0 && t[2] == 0)
                        continue;
                    const double dx = positions[b][0] + t[0] - positions[a][0];
                    const double dy = positions[b][1] + t[1] - positions[a][1];
                    const double dz = positions[b][2] + t[2] - positions[a][2];
                    best = std::min(best, dx * dx + dy * dy + dz * dz);
                }
            sum += std::sqrt(best);
            largest = std::max(largest, std::sqrt(best));
        }
        if (!s.periodic)
            return sum / double(n);
        std::array<int, 3> needed{};
        double count = 1;
        bool enough = true;
        for (std::size_t k = 0; k < 3; ++k) {
            // images |n_k| >= r + 1 cells away are at least r widths away: r widths must cover the largest distance
            const double r = std::max(1.0, std::ceil(largest / widths[k]));
            count *= 2 * r + 1;
            needed[k] = int(std::min(r, 1e6));
            enough = enough && needed[k] <= range[k];
        }
        if (enough)
            return sum / double(n);
        if (!(count * double(n) * double(n) <= 2e9))
            throw ArgumentError("'" + s.name + "': the cell is too skewed or too thin for neighbour distances (" +
                                std::to_string(int64_t(std::min(count, 9e18))) + " periodic images); give a reduced (Niggli) cell");
        for (std::size_t k = 0; k < 3; ++k)
            range[k] = std::max(range[k], needed[k]);
    }
}

} // namespace lantern::materials

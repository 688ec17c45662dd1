#include "lantern/materials/defects.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace lantern::materials {

namespace {

/// std::mt19937_64 is specified bit for bit; its distributions are not, so the draws below are done here.
class Draws {
public:
    explicit Draws(uint64_t seed, uint64_t stream) : m_engine(seed * 0x9E3779B97F4A7C15ull + stream) {}
    double uniform() { return double(m_engine() >> 11) * (1.0 / 9007199254740992.0); } // [0, 1)
    uint64_t below(uint64_t n)                                                          // [0, n), unbiased
    {
        const uint64_t limit = ~uint64_t(0) - (~uint64_t(0) % n);
        uint64_t v = 0;
        do
            v = m_engine();
        while (v >= limit);
        return v % n;
    }
    double normal() // Box-Muller
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        double u = 0;
        do
            u = uniform();
        while (u <= 0);
        const double v = uniform();
        const double r = std::sqrt(-2.0 * std::log(u));
        m_spare = r * std::sin(2 * 3.14159265358979323846 * v);
        m_hasSpare = true;
        return r * std::cos(2 * 3.14159265358979323846 * v);
    }

private:
    std::mt19937_64 m_engine;
    bool m_hasSpare = false;
    double m_spare = 0;
};

void checkFraction(double f, const char* what)
{
    if (!(f >= 0 && f <= 1))
        throw ArgumentError(std::string(what) + " fraction must be between 0 and 1, not " + std::to_string(f));
}

/// k distinct indices of 0..n-1 (partial Fisher-Yates), in increasing order.
std::vector<std::size_t> choose(std::size_t n, std::size_t k, Draws& draws)
{
    std::vector<std::size_t> index(n);
    std::iota(index.begin(), index.end(), 0);
    k = std::min(k, n);
    for (std::size_t i = 0; i < k; ++i)
        std::swap(index[i], index[i + draws.below(n - i)]);
    index.resize(k);
    std::sort(index.begin(), index.end());
    return index;
}

std::string percent(double f)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g%%", f * 100);
    return buffer;
}

} // namespace

Structure withVacancies(const Structure& s, double fraction, uint64_t seed)
{
    checkFraction(fraction, "vacancy");
    Draws draws(seed, 1);
    const auto removed = choose(s.size(), std::size_t(double(s.size()) * fraction), draws);
    Structure out = s;
    out.positions.clear();
    out.numbers.clear();
    std::size_t r = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (r < removed.size() && removed[r] == i) {
            ++r;
            continue;
        }
        out.positions.push_back(s.positions[i]);
        out.numbers.push_back(s.numbers[i]);
    }
    if (!removed.empty())
        out.name += ", " + percent(fraction) + " vacancies";
    return out;
}

Structure withDisplacements(const Structure& s, double sigma, uint64_t seed)
{
    if (!(sigma >= 0 && sigma <= 10))
        throw ArgumentError("displacement sigma must be between 0 and 10 Å, not " + std::to_string(sigma));
    Structure out = s;
    if (sigma == 0)
        return out;
    Draws draws(seed, 2);
    for (Vec3& r : out.positions)
        for (double& v : r)
            v += sigma * draws.normal();
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, ", displaced (sigma %g Å)", sigma);
    out.name += buffer;
    return out;
}

Structure withSubstitutions(const Structure& s, int z, double fraction, uint64_t seed)
{
    checkFraction(fraction, "substitution");
    Structure out = s;
    if (fraction == 0)
        return out;
    (void)elementSymbol(z);
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s.numbers[i] != z)
            candidates.push_back(i);
    Draws draws(seed, 3);
    const auto chosen = choose(candidates.size(), std::size_t(double(s.size()) * fraction), draws);
    for (std::size_t c : chosen)
        out.numbers[candidates[c]] = z;
    if (!chosen.empty())
        out.name += ", " + percent(fraction) + " " + elementSymbol(z);
    return out;
}

Structure withDefects(const Structure& s, const Defects& d)
{
    Structure out = d.substitutions > 0 ? withSubstitutions(s, d.substituent, d.substitutions, d.seed) : s;
    out = withVacancies(out, d.vacancies, d.seed);
    return withDisplacements(out, d.displacement, d.seed);
}

} // namespace lantern::materials

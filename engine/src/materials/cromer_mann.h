#pragma once
// Cromer-Mann coefficients of the atomic X-ray form factor, f0(s) = sum_i a_i exp(-b_i s^2) + c with
// s = sin(theta)/lambda = |H|/2 in 1/Angstrom (International Tables for Crystallography Vol. C, Table 6.1.1.4),
// as tabulated in spsim's include/atomsf.cdata (github.com/FilipeMaia/spsim, commit 6c069636c5fe), with two
// typos there corrected to the International Tables value (see cromer_mann_data.cpp).
#include <cstddef>

namespace lantern::materials::detail {

struct CromerMann {
    int z; // atomic number (neutral atom)
    double a[4];
    double b[4];
    double c;
};

/// Neutral atoms, ordered by z, z = 1 .. kCromerMannMaxZ without gaps.
extern const CromerMann kCromerMann[];
extern const std::size_t kCromerMannCount;
constexpr int kCromerMannMaxZ = 98;

} // namespace lantern::materials::detail

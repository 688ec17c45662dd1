#pragma once
// Seeded defects as in ai4materials (utils_crystals.py): vacancies remove int(N * fraction) randomly chosen atoms;
// displacements add an independent Gaussian of standard deviation sigma (Å) to every Cartesian coordinate of
// every atom; substitutions give int(N * fraction) randomly chosen atoms (without replacement) another element.
// The same seed gives the same structure on every machine (Lantern's own generator, not std:: distributions).

#include "lantern/materials/structure.h"

#include <cstdint>

namespace lantern::materials {

Structure withVacancies(const Structure& s, double fraction, uint64_t seed);
Structure withDisplacements(const Structure& s, double sigma, uint64_t seed);
/// Atoms already of element `z` are never chosen; fewer remain than asked when the structure has fewer others.
Structure withSubstitutions(const Structure& s, int z, double fraction, uint64_t seed);

struct Defects {
    double vacancies = 0;     ///< fraction of sites, 0..1
    double displacement = 0;  ///< sigma in Å
    double substitutions = 0; ///< fraction of sites, 0..1
    int substituent = 0;      ///< atomic number for substitutions
    uint64_t seed = 0;
};
/// Substitutions, then vacancies, then displacements, each from its own stream of `seed`.
Structure withDefects(const Structure& s, const Defects& d);

} // namespace lantern::materials

#pragma once
// Space groups with spglib (the baseline of Ziletti et al. 2018).

#include "lantern/materials/structure.h"

#include <optional>
#include <string>

namespace lantern::materials {

struct SpaceGroup {
    int number = 0;            ///< 1..230
    std::string international; ///< short Hermann-Mauguin symbol, "Fm-3m"
    std::string hall;
    std::string pointGroup;
};

/// spglib's space group at distance tolerance `symprec` (Å; angle tolerance spglib's default). Nothing when spglib
/// finds none (atoms closer than symprec, for instance). Throws ArgumentError for a structure without a cell.
std::optional<SpaceGroup> spaceGroup(const Structure& s, double symprec = 1e-3);

/// spglib's version, "2.0.2".
std::string spglibVersion();

} // namespace lantern::materials

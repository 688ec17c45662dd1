#include "lantern/materials/symmetry.h"

#include "lantern/error.h"

#include <spglib.h>

#include <vector>

namespace lantern::materials {

std::optional<SpaceGroup> spaceGroup(const Structure& s, double symprec)
{
    if (!s.periodic)
        throw ArgumentError("space group of '" + s.name + "': the structure has no unit cell");
    if (!(symprec > 0))
        throw ArgumentError("space group: the tolerance must be positive");
    if (s.size() == 0)
        return std::nullopt;
    double lattice[3][3];
    // spglib wants the lattice vectors as columns
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            lattice[c][r] = s.lattice[std::size_t(r)][std::size_t(c)];
    const auto fractional = fractionalPositions(s);
    std::vector<double> positions(fractional.size() * 3);
    for (std::size_t i = 0; i < fractional.size(); ++i)
        for (int k = 0; k < 3; ++k)
            positions[3 * i + std::size_t(k)] = fractional[i][std::size_t(k)];
    std::vector<int> types(s.numbers.begin(), s.numbers.end());
    // reentrant apart from spglib's global error code, which is not read here (spglib issue #282): threads may call
    SpglibDataset* dataset = spg_get_dataset(lattice, reinterpret_cast<double(*)[3]>(positions.data()), types.data(),
                                             int(types.size()), symprec);
    if (!dataset)
        return std::nullopt;
    SpaceGroup g;
    g.number = dataset->spacegroup_number;
    g.international = dataset->international_symbol;
    g.hall = dataset->hall_symbol;
    g.pointGroup = dataset->pointgroup_symbol;
    spg_free_dataset(dataset);
    if (g.number < 1)
        return std::nullopt;
    return g;
}

std::string spglibVersion()
{
    return std::to_string(spg_get_major_version()) + "." + std::to_string(spg_get_minor_version()) + "." +
           std::to_string(spg_get_micro_version());
}

} // namespace lantern::materials

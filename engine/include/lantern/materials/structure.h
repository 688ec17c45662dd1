#pragma once
// Crystal structures: a periodic cell (three lattice vectors, rows, in Å) with atoms at Cartesian positions (Å),
// or a finite cluster without a cell (plain XYZ files). Values, no library types: readers, prototypes, defects,
// symmetry and fingerprints all take and return Structure.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lantern::materials {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>; ///< rows are the lattice vectors a, b, c

struct Structure {
    std::string name;                   ///< file name or prototype description
    Mat3 lattice{};                     ///< rows a, b, c in Å; meaningful only when periodic
    bool periodic = false;
    std::vector<Vec3> positions;        ///< Cartesian, Å
    std::vector<int> numbers;           ///< atomic numbers, one per position
    std::vector<std::string> notes;     ///< what a reader had to decide (disordered sites, filled symmetry...)

    std::size_t size() const { return positions.size(); }
};

/// Cell lengths (Å) and angles (degrees): a, b, c, alpha, beta, gamma.
struct CellParameters {
    double a = 0, b = 0, c = 0, alpha = 0, beta = 0, gamma = 0;
};

/// Element symbol of atomic number z (1..118); throws ArgumentError otherwise.
std::string elementSymbol(int z);
/// Atomic number of an element symbol ("Fe", case-insensitive in its second letter, "fe" accepted); throws
/// ArgumentError naming the symbol when unknown.
int atomicNumber(const std::string& symbol);
/// Covalent radius (Å) and a CPK/Jmol colour (r, g, b in 0..1) of element z, from Open Babel's element table.
double covalentRadius(int z);
std::array<double, 3> elementColor(int z);

/// Hill-order formula with counts, "C2H6O", "Cu4", "ClNa" (carbon first, then hydrogen, then alphabetical; without
/// carbon everything alphabetical).
std::string formula(const Structure& s);
/// The same with the counts divided by their greatest common divisor ("Cu4" -> "Cu").
std::string reducedFormula(const Structure& s);

CellParameters cellParameters(const Mat3& lattice);
double cellVolume(const Mat3& lattice);
/// Lattice rows from lengths and angles (a along x, b in the xy plane), the crystallographic standard setting.
Mat3 latticeFromParameters(const CellParameters& p);
/// Fractional coordinates of every atom (not wrapped). Throws for a structure without a cell.
std::vector<Vec3> fractionalPositions(const Structure& s);
Vec3 toCartesian(const Mat3& lattice, const Vec3& fractional);

/// The structure repeated n[0] x n[1] x n[2] times along a, b, c; atoms ordered cell by cell.
Structure supercell(const Structure& s, const std::array<int, 3>& n);
/// Repetitions whose supercell holds close to `targetAtoms` atoms and is as close to a cube as possible (the
/// ratio of its longest to shortest perpendicular width is minimised among counts within 25 % of the target).
std::array<int, 3> supercellRepetitions(const Structure& s, int targetAtoms);

/// Mean over atoms of the distance to the nearest other atom, under periodic images for a periodic structure;
/// 0 for fewer than two atoms in a cluster. ArgumentError for more than 5000 atoms, or a cell so skewed that the
/// periodic images to search would run into billions of distances.
double averageNearestNeighbourDistance(const Structure& s);

} // namespace lantern::materials

#pragma once
// The crystal classes of Ziletti et al. 2018 as prototypes (AFLOW's elemental-solid prototypes and their default
// parameters), for any element and lattice parameters, in conventional cells.
//   sc      A_cP1_221_a  simple cubic (alpha-Po)          a = 3.34
//   bcc     A_cI2_229_a  body-centred cubic (W)           a = 3.155
//   fcc     A_cF4_225_a  face-centred cubic (Cu)          a = 3.61491
//   diamond A_cF8_227_a  diamond (C)                      a = 3.55
//   hcp     A_hP2_194_c  hexagonal close-packed (Mg)      a = 3.2093, c/a = 1.6236
//   rh      A_hR2_166_c  rhombohedral alpha-As (A7)       a = 3.7595, c/a = 2.78157, x = 0.22754 (hexagonal axes)
//   bct139  A_tI2_139_a  body-centred tetragonal (In)     a = 3.25283, c/a = 1.5206
//   bct141  A_tI4_141_a  beta-Sn (A5)                     a = 5.8318, c/a = 0.5456
// The CNN's seven classes merge rh and hcp into "hex/rh" (their fingerprints coincide), as the paper does.

#include "lantern/materials/structure.h"

#include <optional>
#include <string>
#include <vector>

namespace lantern::materials {

enum class Prototype { SimpleCubic, Bcc, Fcc, Diamond, Hcp, Rhombohedral, Bct139, Bct141 };

struct PrototypeInfo {
    Prototype prototype;
    std::string name;      ///< "sc", "bcc", ..., as on the command line
    std::string label;     ///< human-readable, "face-centred cubic (Cu)"
    int spaceGroup = 0;
    std::string aflow;     ///< AFLOW prototype label
    double a = 0;          ///< default a (Å)
    double cOverA = 1;     ///< default c/a (1 for cubic)
    double x = 0;          ///< default internal parameter (rh only)
    int atomsPerCell = 0;  ///< conventional cell
    int classIndex = 0;    ///< index into crystalClasses()
};

const std::vector<PrototypeInfo>& prototypes();
const PrototypeInfo& prototypeInfo(Prototype p);
/// By name ("fcc") or space-group number ("225"); throws ArgumentError listing the names when unknown.
const PrototypeInfo& prototypeInfo(const std::string& nameOrSpaceGroup);

/// The seven classes of the CNN in output order: bct139, bct141, hex/rh, sc, fcc, diam, bcc (the keys of
/// ai4materials' label map, in its order).
const std::vector<std::string>& crystalClasses();
/// The class of a space-group number (166 and 194 -> hex/rh), or -1 when it is none of the eight.
int crystalClassOfSpaceGroup(int spaceGroup);

struct PrototypeParameters {
    double a = 0;      ///< 0: the prototype's default
    double cOverA = 0; ///< 0: the default (ignored for cubic classes)
    double x = -1;     ///< < 0: the default (rh only)
};

/// The conventional cell of a prototype made of element z.
Structure buildPrototype(Prototype p, int z, const PrototypeParameters& parameters = {});

/// True for "NAME:ELEMENT[:a=A,c/a=R,x=X]" with a known prototype name, e.g. "fcc:Al", "hcp:Mg:a=3.21,c/a=1.62".
bool isPrototypeSpec(const std::string& spec);
/// The conventional cell such a spec names; ArgumentError naming the spec and the problem otherwise.
Structure prototypeFromSpec(const std::string& spec);

} // namespace lantern::materials

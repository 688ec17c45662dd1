#pragma once
// Reading crystal structures from files. CIF and the other formats Open Babel reads go through Open Babel
// (symmetry-equivalent atoms of a CIF are filled in); POSCAR/CONTCAR (VASP 4, 5 and 6 potential names such as
// "Fe_pv"), extended XYZ (the Lattice="..." comment line of ASE and others, which Open Babel ignores), plain XYZ and
// pymatgen's structure JSON ("@class": Structure, also TransformedStructure/Interface dictionaries and Molecule) are
// read here.
// A file that cannot be read gives an IoError naming the file and, where it can be found, the line.

#include "lantern/materials/structure.h"

#include <string>
#include <vector>

namespace lantern::materials {

/// Reads the (first) structure of a file; the format follows from the extension or the name (POSCAR, CONTCAR).
Structure readStructure(const std::string& path);

/// A file, or a prototype spec such as "fcc:Al" (see prototypeFromSpec) when no file of that name exists.
Structure loadStructure(const std::string& pathOrPrototype);

/// A pymatgen Structure or Molecule dictionary as JSON text; `source` names it in errors.
Structure structureFromPymatgenJson(const std::string& text, const std::string& source);
/// POSCAR/CONTCAR text; `source` names it in errors.
Structure structureFromPoscar(const std::string& text, const std::string& source);
/// Extended or plain XYZ text (the first frame); `source` names it in errors.
Structure structureFromXyz(const std::string& text, const std::string& source);

/// Writes extended XYZ (Lattice="..." Properties=species:S:1:pos:R:3 pbc="T T T"), which ASE, OVITO and Lantern
/// read; atomically; IoError naming the path.
void writeExtendedXyz(const Structure& s, const std::string& path);

/// File-dialog patterns of the structure formats, "*.cif *.json ... POSCAR* CONTCAR*".
std::string structureFilePatterns();
/// True when the name looks like a structure file (extension known to Lantern or Open Babel, or POSCAR/CONTCAR).
bool isStructureFile(const std::string& path);

} // namespace lantern::materials

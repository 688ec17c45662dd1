// A crystal structure file read as the materials workspace and `lantern-cli structure-info/fingerprint` read it:
// the format sniffed from the content (JSON -> pymatgen, "data_" -> CIF through Open Babel, a count on the first
// line -> extended XYZ, otherwise POSCAR through Open Babel), then, for small structures, the formula, spglib's
// space group and the diffraction fingerprint.
#include "fuzz_support.h"

#include "lantern/materials/fingerprint.h"
#include "lantern/materials/readers.h"
#include "lantern/materials/symmetry.h"

#include <cctype>

namespace {

std::string nameFor(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    if (i < text.size() && text[i] == '{')
        return "structure.json";
    if (text.find("data_") != std::string_view::npos)
        return "structure.cif";
    if (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        return "structure.xyz";
    return "POSCAR";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string path = fuzz::writeInput(data, size, nameFor(fuzz::text(data, size)));
    try {
        const materials::Structure s = materials::readStructure(path);
        (void)materials::formula(s);
        if (s.size() > 0 && s.size() <= 256) {
            if (s.periodic) {
                (void)materials::cellParameters(s.lattice);
                (void)materials::spaceGroup(s, 1e-3);
            }
            materials::FingerprintOptions o;
            o.pixels = 16; // the same code path, a fraction of the work
            o.maskInner = 2;
            o.maskOuter = 7;
            o.formFactor = materials::FormFactor::Point;
            (void)materials::diffractionFingerprint(s, o);
        }
    } catch (const IoError& e) {
        fuzz::requireNamed(e, path);
    } catch (const ArgumentError&) {
        // a structure that reads but cannot be analysed (no cell for spglib, atoms on top of each other, huge
        // coordinates): reported to the user as such, not a reader finding
    }
    return 0;
}

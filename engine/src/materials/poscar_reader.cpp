// VASP POSCAR/CONTCAR: comment, scale, three lattice rows, (VASP 5) element names, counts, optional Selective
// dynamics, Direct or Cartesian, one position per atom. Read here rather than through Open Babel, whose reader
// does not know VASP 6 potential names ("Fe_pv", "Si_GW/72ba"), needs a POTCAR beside a VASP 4 file and also
// reads OUTCAR/DOSCAR files lying next to it.
#include "lantern/materials/readers.h"

#include "format_checks.h"
#include "lantern/error.h"

#include <cctype>

namespace lantern::materials {

namespace {

/// "Fe_pv" -> "Fe", "Si_GW/72ba" -> "Si", "Mg" -> "Mg".
std::string elementOfPotential(const std::string& word)
{
    std::string symbol;
    for (char c : word) {
        if (c == '_' || c == '/' || c == '.')
            break;
        symbol += c;
    }
    return symbol;
}

} // namespace

Structure structureFromPoscar(const std::string& text, const std::string& source)
{
    const TextLines lines(text, source);
    if (auto issue = checkPoscar(lines))
        lines.fail(issue->line, issue->message);
    Structure s;
    s.name = source;
    s.periodic = true;
    double scale = 1;
    (void)parseNumber(lines.words(2)[0], scale);
    for (int r = 0; r < 3; ++r) {
        const auto w = lines.words(3 + r);
        for (int c = 0; c < 3; ++c) {
            double v = 0;
            (void)parseNumber(w[std::size_t(c)], v);
            s.lattice[std::size_t(r)][std::size_t(c)] = v * scale;
        }
    }
    if (!(std::abs(cellVolume(s.lattice)) > 1e-9))
        lines.fail(3, "the lattice vectors span no volume");
    int n = 6;
    std::vector<std::string> names;
    int64_t probe = 0;
    if (!parseInteger(lines.words(6)[0], probe)) {
        names = lines.words(6);
        n = 7;
    }
    std::vector<int64_t> counts;
    for (const auto& w : lines.words(n)) {
        int64_t c = 0;
        if (!parseInteger(w, c))
            break;
        counts.push_back(c);
    }
    int namesLine = 6;
    if (names.empty()) {
        // VASP 4: element names are often the comment's words
        names = lines.words(1);
        namesLine = 1;
        if (names.size() < counts.size())
            lines.fail(6, "no element names (VASP 4 format) and the comment line does not list " + std::to_string(counts.size()) +
                              " elements: add a line of element symbols before the atom counts");
        names.resize(counts.size());
    }
    if (names.size() < counts.size())
        lines.fail(namesLine, std::to_string(counts.size()) + " atom counts but " + std::to_string(names.size()) + " element names");
    std::vector<int> species;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        int z = 0;
        try {
            z = atomicNumber(elementOfPotential(names[k]));
        } catch (const Error&) {
            lines.fail(namesLine, "'" + names[k] + "' is not an element symbol");
        }
        species.insert(species.end(), std::size_t(counts[k]), z);
    }
    ++n;
    if (!lines.line(n).empty() && (lines.line(n)[0] == 'S' || lines.line(n)[0] == 's'))
        ++n;
    const char mode = char(std::tolower(static_cast<unsigned char>(lines.words(n)[0][0])));
    for (std::size_t a = 0; a < species.size(); ++a) {
        const auto w = lines.words(n + 1 + int(a));
        Vec3 r{};
        for (int k = 0; k < 3; ++k)
            (void)parseNumber(w[std::size_t(k)], r[std::size_t(k)]);
        if (mode == 'd')
            r = toCartesian(s.lattice, r);
        else
            r = {r[0] * scale, r[1] * scale, r[2] * scale};
        s.positions.push_back(r);
        s.numbers.push_back(species[a]);
    }
    return s;
}

} // namespace lantern::materials

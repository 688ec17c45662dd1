// Extended and plain XYZ: the atom count, a comment line that may hold Lattice="ax ay az bx by bz cx cy cz" and
// Properties=species:S:1:pos:R:3 (ASE's extended XYZ), then one line per atom. Open Babel reads XYZ too but
// drops the lattice, which is why this reader exists.
#include "lantern/materials/readers.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "text_lines.h"

#include <cctype>
#include <cstdio>
#include <map>

namespace lantern::materials {

namespace {

/// key=value and key="quoted value" pairs of an extended-XYZ comment line (keys lower-cased).
std::map<std::string, std::string> commentPairs(const std::string& line)
{
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
            ++i;
        const std::size_t keyStart = i;
        while (i < line.size() && line[i] != '=' && !std::isspace(static_cast<unsigned char>(line[i])))
            ++i;
        std::string key = line.substr(keyStart, i - keyStart);
        for (char& c : key)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        if (i >= line.size() || line[i] != '=') {
            if (!key.empty())
                out[key].assign(1, 'T');
            continue;
        }
        ++i;
        std::string value;
        if (i < line.size() && (line[i] == '"' || line[i] == '\'')) {
            const char quote = line[i++];
            const std::size_t end = line.find(quote, i);
            value = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? line.size() : end + 1;
        } else {
            const std::size_t start = i;
            while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
                ++i;
            value = line.substr(start, i - start);
        }
        out[key] = value;
    }
    return out;
}

} // namespace

Structure structureFromXyz(const std::string& text, const std::string& source)
{
    const TextLines lines(text, source);
    if (lines.count() == 0)
        throw IoError(source + ": the file is empty");
    const auto countWords = lines.words(1);
    int64_t count = 0;
    if (countWords.empty() || !parseInteger(countWords[0], count) || count < 0)
        lines.fail(1, "the first line must be the number of atoms");
    if (count > 10'000'000)
        lines.fail(1, "claims " + std::to_string(count) + " atoms; Lantern reads at most 10,000,000");
    Structure s;
    s.name = source;
    int speciesColumn = 0, positionColumn = 1;
    if (lines.count() >= 2) {
        const auto pairs = commentPairs(lines.line(2));
        if (auto lattice = pairs.find("lattice"); lattice != pairs.end()) {
            const auto values = splitWords(lattice->second);
            double v[9];
            if (values.size() != 9)
                lines.fail(2, "Lattice= must hold 9 numbers (the rows a, b, c), it holds " + std::to_string(values.size()));
            for (int k = 0; k < 9; ++k)
                if (!parseNumber(values[std::size_t(k)], v[k]))
                    lines.fail(2, "Lattice= value '" + values[std::size_t(k)] + "' is not a number");
            for (int r = 0; r < 3; ++r)
                s.lattice[std::size_t(r)] = {v[3 * r], v[3 * r + 1], v[3 * r + 2]};
            s.periodic = true;
            if (auto pbc = pairs.find("pbc"); pbc != pairs.end()) {
                const auto flags = splitWords(pbc->second);
                if (flags.size() == 3 && flags != std::vector<std::string>{"T", "T", "T"})
                    s.notes.push_back("pbc=\"" + pbc->second + "\": treated as periodic in all three directions");
            }
        }
        if (auto properties = pairs.find("properties"); properties != pairs.end()) {
            // name:type:columns triplets, e.g. species:S:1:pos:R:3:forces:R:3
            std::vector<std::string> fields;
            std::size_t start = 0;
            const std::string& p = properties->second;
            for (std::size_t i = 0; i <= p.size(); ++i)
                if (i == p.size() || p[i] == ':') {
                    fields.push_back(p.substr(start, i - start));
                    start = i + 1;
                }
            if (fields.size() % 3 != 0)
                lines.fail(2, "Properties= must be name:type:count triplets");
            int column = 0;
            speciesColumn = positionColumn = -1;
            for (std::size_t f = 0; f + 2 < fields.size(); f += 3) {
                int64_t n = 0;
                if (!parseInteger(fields[f + 2], n) || n < 1 || n > 1000)
                    lines.fail(2, "Properties= column count '" + fields[f + 2] + "' is not a positive integer");
                if (fields[f] == "species")
                    speciesColumn = column;
                else if (fields[f] == "pos")
                    positionColumn = column;
                column += int(n);
            }
            if (speciesColumn < 0 || positionColumn < 0)
                lines.fail(2, "Properties= names no 'species' or no 'pos' column");
        }
    }
    const int needed = std::max(speciesColumn + 1, positionColumn + 3);
    s.positions.reserve(std::size_t(std::min<int64_t>(count, lines.count())));
    for (int64_t a = 0; a < count; ++a) {
        const int lineNumber = int(a) + 3;
        if (lineNumber > lines.count())
            lines.fail(lines.count(), "the file ends after " + std::to_string(a) + " of " + std::to_string(count) +
                                          " atoms (truncated?)");
        const auto words = lines.words(lineNumber);
        if (int(words.size()) < needed)
            lines.fail(lineNumber, "expected an element and three coordinates, found '" + lines.line(lineNumber) + "'");
        const std::string& species = words[std::size_t(speciesColumn)];
        int z = 0;
        int64_t number = 0;
        if (parseInteger(species, number)) {
            z = int(number);
            try {
                (void)elementSymbol(z);
            } catch (const Error&) {
                lines.fail(lineNumber, "'" + species + "' is not an atomic number");
            }
        } else {
            try {
                z = atomicNumber(species);
            } catch (const Error&) {
                lines.fail(lineNumber, "'" + species + "' is not an element symbol");
            }
        }
        Vec3 r{};
        for (int k = 0; k < 3; ++k)
            if (!parseNumber(words[std::size_t(positionColumn + k)], r[std::size_t(k)]))
                lines.fail(lineNumber, "coordinate '" + words[std::size_t(positionColumn + k)] + "' is not a number");
        s.positions.push_back(r);
        s.numbers.push_back(z);
    }
    if (s.periodic && !(std::abs(cellVolume(s.lattice)) > 1e-9))
        lines.fail(2, "the Lattice= vectors span no volume");
    return s;
}

void writeExtendedXyz(const Structure& s, const std::string& path)
{
    std::string text = std::to_string(s.size()) + "\n";
    char buffer[256];
    if (s.periodic) {
        text += "Lattice=\"";
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) {
                std::snprintf(buffer, sizeof buffer, "%s%.10g", r + c ? " " : "", s.lattice[std::size_t(r)][std::size_t(c)]);
                text += buffer;
            }
        text += "\" ";
    }
    text += "Properties=species:S:1:pos:R:3";
    text += s.periodic ? " pbc=\"T T T\"\n" : "\n";
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::snprintf(buffer, sizeof buffer, "%-3s %16.10f %16.10f %16.10f\n", elementSymbol(s.numbers[i]).c_str(),
                      s.positions[i][0], s.positions[i][1], s.positions[i][2]);
        text += buffer;
    }
    io::writeFileAtomically(path, std::vector<char>(text.begin(), text.end()));
}

} // namespace lantern::materials

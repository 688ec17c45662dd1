// pymatgen's structure dictionaries (Structure.as_dict(), also found inside TransformedStructure and Interface
// dictionaries, which carry the same "lattice" and "sites"), and Molecule dictionaries (sites with "xyz" only).
#include "lantern/materials/readers.h"

#include "lantern/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace lantern::materials {

namespace {

int lineOfOffset(const std::string& text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n'));
}

Vec3 vec3(const nlohmann::json& j, const std::string& what)
{
    if (!j.is_array() || j.size() != 3 || !std::all_of(j.begin(), j.end(), [](const auto& v) { return v.is_number(); }))
        throw ArgumentError(what + " must be three numbers");
    return {j[0].get<double>(), j[1].get<double>(), j[2].get<double>()};
}

/// "Fe", "Fe2+", "O2-" -> the element symbol.
std::string elementOf(const std::string& species)
{
    std::string symbol;
    for (char c : species)
        if (std::isalpha(static_cast<unsigned char>(c)))
            symbol += c;
        else
            break;
    return symbol;
}

} // namespace

Structure structureFromPymatgenJson(const std::string& text, const std::string& source)
{
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw IoError(source + ":" + std::to_string(lineOfOffset(text, e.byte > 0 ? e.byte - 1 : 0)) +
                      ": not valid JSON (" + e.what() + ")");
    }
    Structure s;
    s.name = source;
    std::size_t siteIndex = 0;
    try {
        if (!root.is_object() || !root.contains("sites") || !root["sites"].is_array())
            throw ArgumentError("no \"sites\" list: not a pymatgen Structure or Molecule dictionary");
        const bool hasLattice = root.contains("lattice") && root["lattice"].is_object();
        if (hasLattice) {
            const auto& matrix = root["lattice"].at("matrix");
            if (!matrix.is_array() || matrix.size() != 3)
                throw ArgumentError("\"lattice\".\"matrix\" must be three rows");
            for (std::size_t r = 0; r < 3; ++r)
                s.lattice[r] = vec3(matrix[r], "lattice row " + std::to_string(r + 1));
            if (!(std::abs(cellVolume(s.lattice)) > 1e-9))
                throw ArgumentError("the lattice spans no volume");
            s.periodic = true;
        }
        int disordered = 0;
        for (const auto& site : root["sites"]) {
            ++siteIndex;
            if (!site.is_object() || !site.contains("species") || !site["species"].is_array() || site["species"].empty())
                throw ArgumentError("has no \"species\"");
            // a disordered site gets its majority species
            const nlohmann::json* best = &site["species"].front();
            double bestOccupancy = -1;
            for (const auto& sp : site["species"]) {
                const double occupancy = sp.value("occu", 1.0);
                if (!(occupancy > 0 && occupancy <= 1.0 + 1e-6))
                    throw ArgumentError("has an occupancy outside (0, 1]");
                if (occupancy > bestOccupancy) {
                    bestOccupancy = occupancy;
                    best = &sp;
                }
            }
            if (site["species"].size() > 1 || bestOccupancy < 1.0)
                ++disordered;
            const std::string element = elementOf(best->at("element").get<std::string>());
            s.numbers.push_back(atomicNumber(element));
            if (s.periodic && site.contains("abc"))
                s.positions.push_back(toCartesian(s.lattice, vec3(site["abc"], "\"abc\"")));
            else if (site.contains("xyz"))
                s.positions.push_back(vec3(site["xyz"], "\"xyz\""));
            else
                throw ArgumentError("has neither \"abc\" nor \"xyz\" coordinates");
        }
        siteIndex = 0;
        if (disordered > 0)
            s.notes.push_back(std::to_string(disordered) +
                              " disordered or partially occupied sites: each holds its majority species");
    } catch (const nlohmann::json::exception& e) {
        throw IoError(source + ": " + (siteIndex ? "site " + std::to_string(siteIndex) + ": " : std::string()) +
                      "unexpected content (" + e.what() + ")");
    } catch (const ArgumentError& e) {
        throw IoError(source + ": " + (siteIndex ? "site " + std::to_string(siteIndex) + " " : std::string()) + e.what());
    }
    return s;
}

} // namespace lantern::materials

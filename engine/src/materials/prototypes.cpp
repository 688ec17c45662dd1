#include "lantern/materials/prototypes.h"

#include "lantern/error.h"

#include <cmath>

namespace lantern::materials {

const std::vector<std::string>& crystalClasses()
{
    static const std::vector<std::string> classes{"bct139", "bct141", "hex/rh", "sc", "fcc", "diam", "bcc"};
    return classes;
}

const std::vector<PrototypeInfo>& prototypes()
{
    static const std::vector<PrototypeInfo> table{
        {Prototype::SimpleCubic, "sc", "simple cubic (alpha-Po)", 221, "A_cP1_221_a", 3.34, 1.0, 0.0, 1, 3},
        {Prototype::Bcc, "bcc", "body-centred cubic (W)", 229, "A_cI2_229_a", 3.155, 1.0, 0.0, 2, 6},
        {Prototype::Fcc, "fcc", "face-centred cubic (Cu)", 225, "A_cF4_225_a", 3.61491, 1.0, 0.0, 4, 4},
        {Prototype::Diamond, "diamond", "diamond (C)", 227, "A_cF8_227_a", 3.55, 1.0, 0.0, 8, 5},
        {Prototype::Hcp, "hcp", "hexagonal close-packed (Mg)", 194, "A_hP2_194_c", 3.2093, 1.6236, 0.0, 2, 2},
        {Prototype::Rhombohedral, "rh", "rhombohedral (alpha-As)", 166, "A_hR2_166_c", 3.7595, 2.78157, 0.22754, 6, 2},
        {Prototype::Bct139, "bct139", "body-centred tetragonal (In)", 139, "A_tI2_139_a", 3.25283, 1.5206, 0.0, 2, 0},
        {Prototype::Bct141, "bct141", "body-centred tetragonal (beta-Sn)", 141, "A_tI4_141_a", 5.8318, 0.5456, 0.0, 4, 1},
    };
    return table;
}

const PrototypeInfo& prototypeInfo(Prototype p)
{
    for (const auto& info : prototypes())
        if (info.prototype == p)
            return info;
    throw ArgumentError("unknown prototype");
}

const PrototypeInfo& prototypeInfo(const std::string& key)
{
    std::string names;
    for (const auto& info : prototypes()) {
        if (info.name == key || std::to_string(info.spaceGroup) == key || (key == "diam" && info.name == "diamond"))
            return info;
        names += (names.empty() ? "" : ", ") + info.name + " (" + std::to_string(info.spaceGroup) + ")";
    }
    throw ArgumentError("unknown prototype '" + key + "'; known: " + names);
}

int crystalClassOfSpaceGroup(int spaceGroup)
{
    for (const auto& info : prototypes())
        if (info.spaceGroup == spaceGroup)
            return info.classIndex;
    return -1;
}

Structure buildPrototype(Prototype p, int z, const PrototypeParameters& parameters)
{
    const PrototypeInfo& info = prototypeInfo(p);
    (void)elementSymbol(z);
    const double a = parameters.a > 0 ? parameters.a : info.a;
    const double c = a * (parameters.cOverA > 0 ? parameters.cOverA : info.cOverA);
    const double x = parameters.x >= 0 ? parameters.x : info.x;
    if (!(a > 0.1 && a < 1000) || !(c > 0.1 && c < 1000))
        throw ArgumentError("prototype " + info.name + ": lattice parameters a = " + std::to_string(a) + " Å, c = " +
                            std::to_string(c) + " Å are out of range");
    Structure s;
    s.name = info.name + " " + elementSymbol(z);
    s.periodic = true;
    std::vector<Vec3> fractional;
    switch (p) {
    case Prototype::SimpleCubic:
        s.lattice = latticeFromParameters({a, a, a, 90, 90, 90});
        fractional = {{0, 0, 0}};
        break;
    case Prototype::Bcc:
        s.lattice = latticeFromParameters({a, a, a, 90, 90, 90});
        fractional = {{0, 0, 0}, {0.5, 0.5, 0.5}};
        break;
    case Prototype::Fcc:
        s.lattice = latticeFromParameters({a, a, a, 90, 90, 90});
        fractional = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
        break;
    case Prototype::Diamond:
        s.lattice = latticeFromParameters({a, a, a, 90, 90, 90});
        for (const Vec3& f : {Vec3{0, 0, 0}, Vec3{0, 0.5, 0.5}, Vec3{0.5, 0, 0.5}, Vec3{0.5, 0.5, 0}}) {
            fractional.push_back(f);
            fractional.push_back({f[0] + 0.25, f[1] + 0.25, f[2] + 0.25});
        }
        break;
    case Prototype::Hcp:
        s.lattice = latticeFromParameters({a, a, c, 90, 90, 120});
        fractional = {{1.0 / 3, 2.0 / 3, 0.25}, {2.0 / 3, 1.0 / 3, 0.75}};
        break;
    case Prototype::Rhombohedral:
        // hexagonal axes: Wyckoff 6c (0, 0, +-x) + R centring (0,0,0), (2/3,1/3,1/3), (1/3,2/3,2/3)
        s.lattice = latticeFromParameters({a, a, c, 90, 90, 120});
        for (const Vec3& t : {Vec3{0, 0, 0}, Vec3{2.0 / 3, 1.0 / 3, 1.0 / 3}, Vec3{1.0 / 3, 2.0 / 3, 2.0 / 3}})
            for (double sign : {1.0, -1.0}) {
                const double w = t[2] + sign * x;
                fractional.push_back({t[0], t[1], w - std::floor(w)});
            }
        break;
    case Prototype::Bct139:
        s.lattice = latticeFromParameters({a, a, c, 90, 90, 90});
        fractional = {{0, 0, 0}, {0.5, 0.5, 0.5}};
        break;
    case Prototype::Bct141:
        // I4_1/amd origin choice 1, Wyckoff 4a: (0,0,0), (0,1/2,1/4) + I centring
        s.lattice = latticeFromParameters({a, a, c, 90, 90, 90});
        fractional = {{0, 0, 0}, {0, 0.5, 0.25}, {0.5, 0.5, 0.5}, {0.5, 0, 0.75}};
        break;
    }
    for (const Vec3& f : fractional) {
        s.positions.push_back(toCartesian(s.lattice, f));
        s.numbers.push_back(z);
    }
    return s;
}

bool isPrototypeSpec(const std::string& spec)
{
    const auto colon = spec.find(':');
    if (colon == std::string::npos)
        return false;
    const std::string name = spec.substr(0, colon);
    for (const auto& info : prototypes())
        if (info.name == name || (name == "diam" && info.name == "diamond"))
            return true;
    return false;
}

Structure prototypeFromSpec(const std::string& spec)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= spec.size(); ++i)
        if (i == spec.size() || spec[i] == ':') {
            parts.push_back(spec.substr(start, i - start));
            start = i + 1;
        }
    if (parts.size() < 2 || parts.size() > 3)
        throw ArgumentError("prototype '" + spec + "': expected NAME:ELEMENT[:a=A,c/a=R,x=X], e.g. fcc:Al");
    const PrototypeInfo& info = prototypeInfo(parts[0]);
    int z = 0;
    try {
        z = atomicNumber(parts[1]);
    } catch (const ArgumentError& e) {
        throw ArgumentError("prototype '" + spec + "': " + e.what());
    }
    PrototypeParameters parameters;
    if (parts.size() == 3) {
        std::size_t begin = 0;
        const std::string& list = parts[2];
        while (begin <= list.size()) {
            const std::size_t end = std::min(list.find(',', begin), list.size());
            const std::string item = list.substr(begin, end - begin);
            const auto eq = item.find('=');
            double value = 0;
            std::size_t used = 0;
            try {
                value = eq == std::string::npos ? 0 : std::stod(item.substr(eq + 1), &used);
            } catch (const std::exception&) {
                used = 0;
            }
            const std::string key = item.substr(0, eq);
            if (eq == std::string::npos || used == 0 || used != item.size() - eq - 1)
                throw ArgumentError("prototype '" + spec + "': '" + item + "' is not KEY=NUMBER (keys a, c/a, x)");
            if (key == "a")
                parameters.a = value;
            else if (key == "c/a")
                parameters.cOverA = value;
            else if (key == "x")
                parameters.x = value;
            else
                throw ArgumentError("prototype '" + spec + "': unknown parameter '" + key + "' (known: a, c/a, x)");
            begin = end + 1;
        }
    }
    Structure s = buildPrototype(info.prototype, z, parameters);
    s.name = spec;
    return s;
}

} // namespace lantern::materials

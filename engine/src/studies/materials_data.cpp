// The materials study's crystals and fingerprints (see lantern/studies/materials.h).
#include "lantern/error.h"
#include "lantern/materials/prototypes.h"
#include "lantern/studies/materials.h"

#include <random>

namespace lantern::studies {

namespace {

// Li..Bi without the noble gases (Z + 2 stays inside the Cromer-Mann table)
std::vector<int> studyElements()
{
    std::vector<int> z;
    for (int e = 3; e <= 83; ++e)
        if (e != 10 && e != 18 && e != 36 && e != 54)
            z.push_back(e);
    return z;
}

/// The prototype behind class index `label`; hex/rh alternates hcp and rh.
materials::Prototype prototypeOfClass(int label, int64_t turn)
{
    std::vector<materials::Prototype> members;
    for (const auto& info : materials::prototypes())
        if (info.classIndex == label)
            members.push_back(info.prototype);
    return members[std::size_t(turn) % members.size()];
}

} // namespace

std::vector<Crystal> makeCrystals(const CrystalSetOptions& o)
{
    if (o.count < 1 || o.count > 1'000'000)
        throw ArgumentError("materials study: the number of structures must be between 1 and 1,000,000");
    const auto elements = studyElements();
    std::mt19937_64 rng(o.seed);
    const auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * double(rng() >> 11) * (1.0 / 9007199254740992.0); };
    const int classes = int(materials::crystalClasses().size());
    std::vector<Crystal> out;
    out.reserve(std::size_t(o.count));
    for (int64_t i = 0; i < o.count; ++i) {
        const int label = int(i % classes);
        const materials::Prototype p = prototypeOfClass(label, i / classes);
        const auto& info = materials::prototypeInfo(p);
        materials::PrototypeParameters parameters;
        parameters.a = info.a * uniform(0.9, 1.1);
        parameters.cOverA = info.cOverA * uniform(0.96, 1.04);
        if (p == materials::Prototype::Rhombohedral)
            parameters.x = info.x * uniform(0.96, 1.04);
        const int z = elements[std::size_t(rng() % elements.size())];
        Crystal c;
        c.structure = materials::fingerprintCluster(materials::buildPrototype(p, z, parameters), o.atoms);
        c.label = label;
        c.spaceGroup = info.spaceGroup;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<materials::Structure> defectiveCrystals(const std::vector<Crystal>& crystals, const materials::Defects& defects)
{
    std::vector<materials::Structure> structures;
    structures.reserve(crystals.size());
    const auto elements = studyElements();
    for (std::size_t i = 0; i < crystals.size(); ++i) {
        materials::Defects d = defects;
        d.seed = defects.seed * 1000003u + i;
        if (d.substitutions > 0 && d.substituent == 0) {
            std::mt19937_64 pick(d.seed);
            do
                d.substituent = elements[std::size_t(pick() % elements.size())];
            while (d.substituent == crystals[i].structure.numbers.front());
        }
        structures.push_back(materials::withDefects(crystals[i].structure, d));
    }
    return structures;
}

FingerprintSet fingerprintCrystals(const std::vector<Crystal>& crystals, const materials::Defects& defects,
                                   const Progress& progress, const std::atomic<bool>* cancel)
{
    const std::vector<materials::Structure> structures = defectiveCrystals(crystals, defects);
    FingerprintSet set;
    set.inputs = materials::diffractionFingerprints(structures, {}, 0, progress, cancel);
    set.labels = Tensor(Shape{int64_t(crystals.size())});
    for (std::size_t i = 0; i < crystals.size(); ++i)
        set.labels[int64_t(i)] = float(crystals[i].label);
    return set;
}

} // namespace lantern::studies

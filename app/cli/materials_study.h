#pragma once
// lantern-cli study materials: Ziletti et al. 2018 end to end (see lantern/studies/materials.h).

#include <cstdint>
#include <string>

namespace lantern::cli {

struct MaterialsStudyArgs {
    std::string out;
    int64_t structures = 2800; ///< pristine training + validation crystals
    int64_t testStructures = 700;
    int64_t perLevel = 105;
    int atoms = 128;
    int epochs = 5;
    uint64_t seed = 1;
    int threads = 0;
    bool figure = true;
    std::string demo;
    bool snapshots = false;          ///< record training-time snapshots to OUT/snapshots.h5 and analyse them
    int64_t snapshotEverySteps = 10; ///< 0: every epoch
    int64_t probes = 7;
};

void runMaterialsStudy(const MaterialsStudyArgs& args);

} // namespace lantern::cli

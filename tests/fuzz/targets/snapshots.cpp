// A snapshot file (snapshots/store.h) as the scrubber and render-video read it: opened, the curves, one frame of every
// series, the first probe's whole history and its probabilities. Every failure must be a lantern::Error naming the
// file; a damaged file must never crash, hang or read out of bounds.
#include "fuzz_support.h"

#include "lantern/snapshots/store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string path = fuzz::writeInput(data, size, "snapshots.h5");
    LANTERN_FUZZ_LOAD(path, {
        const auto store = snapshots::SnapshotStore::open(path);
        if (store->frames() > 0 && store->probes() > 0) {
            const int64_t last = store->frames() - 1;
            (void)store->probabilityHistory(0);
            for (const snapshots::SeriesSpec& s : store->series()) {
                try {
                    if (s.kind == "weights") {
                        (void)store->readWeights(s.name, last);
                    } else {
                        (void)store->read(s.name, last, store->probes() - 1);
                        (void)store->readProbeHistory(s.name, 0);
                    }
                } catch (const Error& e) {
                    fuzz::requireNamed(e, path);
                }
            }
        }
    });
    return 0;
}

// A Keras 1 JSON architecture (model.to_json()) opened without weights (random initialization), then one forward
// pass within the harness budget.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string path = fuzz::writeInput(data, size, "arch.json");
    LANTERN_FUZZ_LOAD(path, {
        Model m = loadModel(path);
        fuzz::runModel(m);
    });
    return 0;
}

// A Keras 1 JSON architecture (model.to_json()) opened without weights (random initialization), then one forward
// pass within the harness budget.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    lantern::fuzz::loadModelFile(data, size, "arch.json");
    return 0;
}

// A Keras HDF5 model file (model.save: Keras 2, or Keras 1 with model_config), loaded as the explorer does, then
// one forward pass within the harness budget.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    lantern::fuzz::loadModelFile(data, size, "model.h5");
    return 0;
}

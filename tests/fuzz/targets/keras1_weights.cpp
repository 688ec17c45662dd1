// A Keras 1 weights file (model.save_weights) for a fixed architecture: the keras2cpp MNIST model of the shared
// data (LANTERN_SHARED_DATA/keras/keras2cpp-mnist/my_nn_arch.json), whose real weights file is the seed.
#include "fuzz_support.h"

#include "lantern/formats/keras_import.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace {

std::string g_arch;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const char* env = std::getenv("LANTERN_SHARED_DATA");
    const std::string arch = std::string(env && *env ? env : "../shared/data") + "/keras/keras2cpp-mnist/my_nn_arch.json";
    if (std::filesystem::exists(arch))
        g_arch = arch;
    else
        std::fprintf(stderr, "keras1_weights: %s is absent; every input is skipped\n", arch.c_str());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    if (g_arch.empty())
        return 0;
    const std::string path = fuzz::writeInput(data, size, "weights.h5");
    LANTERN_FUZZ_LOAD(path, {
        Model m = formats::importKerasJson(g_arch, path);
        fuzz::runModel(m);
    });
    return 0;
}

// A NumPy .npy array (samples, labels).
#include "fuzz_support.h"

#include "lantern/io/npy.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string name = "fuzz.npy";
    const std::vector<char> bytes(reinterpret_cast<const char*>(data), reinterpret_cast<const char*>(data) + size);
    LANTERN_FUZZ_LOAD(name, (void)io::parseNpy(bytes, name));
    return 0;
}

// A NumPy .npz archive (zip of .npy members, stored or deflated).
#include "fuzz_support.h"

#include "lantern/io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string path = fuzz::writeInput(data, size, "arrays.npz");
    LANTERN_FUZZ_LOAD(path, (void)io::readNpz(path));
    return 0;
}

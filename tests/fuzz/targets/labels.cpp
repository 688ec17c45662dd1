// A labels file (text with one integer per line, .npy or IDX), chosen by the first byte of the input.
#include "fuzz_support.h"

#include "common/sample_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    if (size == 0)
        return 0;
    static const char* const names[] = {"labels.txt", "labels.npy", "labels-idx1-ubyte"};
    const std::string path = fuzz::writeInput(data + 1, size - 1, names[data[0] % 3]);
    LANTERN_FUZZ_LOAD(path, (void)app::loadLabels(path));
    return 0;
}

// An IDX file (MNIST format), plain or gzip-compressed.
#include "fuzz_support.h"

#include "lantern/io/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const bool gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const std::string path = fuzz::writeInput(data, size, gz ? "images-idx3-ubyte.gz" : "images-idx3-ubyte");
    LANTERN_FUZZ_LOAD(path, (void)io::readIdx(path));
    return 0;
}

// A NumPy .npy array (samples, labels): read whole (readNpy's parser) and row by row (NpyFile, what batch commands
// stream), which must agree bit for bit.
#include "fuzz_support.h"

#include "lantern/io/npy.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string name = "fuzz.npy";
    const std::vector<char> bytes(reinterpret_cast<const char*>(data), reinterpret_cast<const char*>(data) + size);
    std::optional<Tensor> whole;
    LANTERN_FUZZ_LOAD(name, whole = io::parseNpy(bytes, name));
    const std::string path = fuzz::writeInput(data, size, name);
    LANTERN_FUZZ_LOAD(path, {
        io::NpyFile file(path);
        if (!whole)
            fuzz::finding("NpyFile opened what parseNpy refused");
        const int64_t rows = file.shape().empty() ? 0 : file.shape()[0];
        const int64_t rowElements = rows ? whole->size() / rows : 0;
        // batches of 3 rows; all rows at once when rows are empty (a shape may claim many)
        const int64_t step = rowElements ? 3 : std::max<int64_t>(rows, 1);
        for (int64_t b = 0; b < rows; b += step) {
            const Tensor t = file.readRows(b, std::min(rows, b + step));
            if (t.size() && std::memcmp(t.data(), whole->data() + b * rowElements, size_t(t.size()) * 4) != 0)
                fuzz::finding("NpyFile rows differ from parseNpy");
        }
    });
    if (whole) // parseNpy's checks and NpyFile's agree: whatever the one reads, the other opens
        try {
            io::NpyFile file(path);
        } catch (const Error& e) {
            fuzz::finding(std::string("NpyFile refused what parseNpy read: ") + e.what());
        }
    return 0;
}

// An IDX file (MNIST format), plain or gzip-compressed: read whole (readIdx) and row by row (IdxFile, what batch
// commands stream), which must agree bit for bit.
#include "fuzz_support.h"

#include "lantern/io/idx.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const bool gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const std::string path = fuzz::writeInput(data, size, gz ? "images-idx3-ubyte.gz" : "images-idx3-ubyte");
    std::optional<Tensor> whole;
    LANTERN_FUZZ_LOAD(path, whole = io::readIdx(path));
    LANTERN_FUZZ_LOAD(path, {
        io::IdxFile file(path);
        const int64_t rows = file.shape()[0];
        const int64_t wholeRow = whole && rows ? whole->size() / rows : 0;
        // batches of 3 rows, backwards (a .gz restarts), and all rows at once when rows are empty
        const int64_t step = wholeRow ? 3 : std::max<int64_t>(rows, 1);
        for (int64_t b = (rows - 1) / step * step; b >= 0 && whole; b -= step) {
            const Tensor t = file.readRows(b, std::min(rows, b + step));
            if (t.size() && std::memcmp(t.data(), whole->data() + b * wholeRow, size_t(t.size()) * 4) != 0)
                fuzz::finding("IdxFile rows differ from readIdx");
        }
        // the rows readIdx refused: read, or an error naming the file (within the harness' memory budget)
        int64_t rowElements = 1;
        for (size_t i = 1; i < file.shape().size(); ++i)
            if (__builtin_mul_overflow(rowElements, file.shape()[i], &rowElements))
                rowElements = INT64_MAX; // an empty array may claim anything
        if (!whole && rows > 0 && rowElements <= (1 << 22))
            file.readRows(0,
                          std::min<int64_t>(rows, std::max<int64_t>(1, (1 << 22) / std::max<int64_t>(rowElements, 1))));
    });
    return 0;
}

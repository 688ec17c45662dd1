// A Zarr v2 array: one .zarray and its first chunk (CrabNet attention recordings, snapshots/zarr.h).
// Input layout: a 2-byte little-endian length L, L bytes of .zarray JSON, the rest is chunk (0, 0, ...). The
// harness writes them as a directory store and reads the first chunk's region back, and the same values through
// the chunk decoder directly.
#include "fuzz_support.h"

#include "lantern/snapshots/zarr.h"

#include <filesystem>
#include <fstream>
#include <vector>

namespace {

/// Opens the store, writes the chunk under the key .zarray asks for and reads the first chunk's region back.
void readBack(const std::string& store, const std::filesystem::path& dir, const std::vector<char>& chunk)
{
    using namespace lantern::snapshots;
    std::error_code ec;
    const ZarrArray array = ZarrArray::open(store, "");
    const ZarrArrayInfo& info = array.info();
    uint64_t chunkElements = 1;
    for (int64_t c : info.chunks)
        chunkElements *= uint64_t(c);
    if (chunkElements * uint64_t(info.itemSize) > (uint64_t(1) << 24))
        return; // legitimate but too big for the harness budget
    const std::filesystem::path chunkPath = dir / array.chunkKey(std::vector<int64_t>(info.shape.size(), 0));
    std::filesystem::create_directories(chunkPath.parent_path(), ec);
    std::ofstream(chunkPath, std::ios::binary).write(chunk.data(), std::streamsize(chunk.size()));
    std::vector<int64_t> start(info.shape.size(), 0), count(info.shape.size());
    for (size_t i = 0; i < count.size(); ++i)
        count[i] = std::min(info.shape[i], info.chunks[i]);
    (void)array.read(start, count, int64_t(1) << 22);
    (void)decodeZarrChunk(info, chunk, chunkElements * uint64_t(info.itemSize), store + ": chunk");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    using namespace lantern::snapshots;
    if (size < 2)
        return 0;
    const size_t metaSize = std::min<size_t>(size - 2, size_t(data[0]) | (size_t(data[1]) << 8));
    const std::string meta(reinterpret_cast<const char*>(data) + 2, metaSize);
    const std::vector<char> chunk(reinterpret_cast<const char*>(data) + 2 + metaSize,
                                  reinterpret_cast<const char*>(data) + size);
    // the store: a folder next to the harness's other inputs
    const std::string marker = fuzz::writeInput(data, 0, "fuzz_zarr.marker");
    const std::filesystem::path dir = std::filesystem::path(marker).parent_path() / "fuzz_zarr";
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir, ec);
    std::ofstream(dir / ".zarray", std::ios::binary).write(meta.data(), std::streamsize(meta.size()));
    const std::string store = dir.string();
    LANTERN_FUZZ_LOAD(store, readBack(store, dir, chunk));
    return 0;
}

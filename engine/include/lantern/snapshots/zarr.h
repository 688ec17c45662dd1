#pragma once
// Zarr v2 arrays (read-only): a store is a directory or a .zip archive (zarr.ZipStore); an array is a `.zarray`
// (JSON) plus one file per chunk. Supported: dtypes <f4 <f8 and the little-endian/byte integers (|i1 |u1 <i2 <u2
// <i4 <u4 <i8 <u8), C order, fill_value NaN/"NaN"/"Infinity"/"-Infinity"/numbers/null, no filters, compressor
// null or blosc (any inner codec libblosc was built with), dimension_separator "." or "/". A missing chunk reads
// as the fill value, as the Zarr spec says. Everything else is an UnsupportedError naming the file and the key;
// malformed metadata, truncated or corrupt chunks are IoErrors naming the store and the chunk key.
// Reads are thread-safe (a small cache of decoded chunks is shared under a lock).

#include "lantern/tensor.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lantern::snapshots {

/// A directory or .zip holding Zarr v2 keys. Copies share the open archive.
class ZarrStore {
public:
    /// Opens `path`: a directory, or a zip file (by its content, whatever the extension).
    static ZarrStore open(const std::string& path);

    const std::string& path() const;
    bool isZip() const;
    /// Whether `key` ("layer0/.zarray", "layer0/0.0.0.0.0") exists.
    bool contains(const std::string& key) const;
    /// The bytes of `key`, or nothing when absent. Refuses entries over `maxBytes` (IoError naming the key).
    std::optional<std::vector<char>> read(const std::string& key, uint64_t maxBytes) const;
    /// Size of `key` in bytes, or nothing when absent.
    std::optional<uint64_t> size(const std::string& key) const;
    /// `length` bytes of `key` from `offset` (a whole read for zip entries); nothing when the key is absent;
    /// IoError naming the key when it is shorter.
    std::optional<std::vector<char>> readRange(const std::string& key, uint64_t offset, uint64_t length) const;
    /// Paths of every array in the store ("" when the root itself is an array), sorted: the `.zarray` keys of the
    /// root and of the children of groups (`.zgroup`), recursively.
    std::vector<std::string> arrays() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

/// What `.zarray` says (after validation).
struct ZarrArrayInfo {
    std::string path;            ///< inside the store ("" for the root)
    std::vector<int64_t> shape;  ///< rank 0..32
    std::vector<int64_t> chunks; ///< same rank, each >= 1
    std::string dtype;           ///< as written, e.g. "<f4"
    int itemSize = 4;            ///< bytes per element
    double fillValue = 0;        ///< NaN for NaN/"NaN" and for null on float arrays (0 for integers)
    std::string compressor;      ///< "none" or "blosc"
    char separator = '.';        ///< dimension separator of chunk keys
    bool separatorGiven = false; ///< whether .zarray named it (if not, "/"-nested keys are found too)
};

class ZarrArray {
public:
    /// Opens the array at `arrayPath` inside the store ("" or "/" when the store root is the array).
    static ZarrArray open(const ZarrStore& store, const std::string& arrayPath);
    /// Shorthand: ZarrStore::open(storePath) then open(store, arrayPath).
    static ZarrArray open(const std::string& storePath, const std::string& arrayPath = {});

    const ZarrArrayInfo& info() const;
    const std::vector<int64_t>& shape() const;
    const ZarrStore& store() const;
    /// "store/path" for messages.
    std::string describe() const;

    /// The chunk key of chunk grid position `index` ("0.3.1" or "0/3/1", with the array path in front).
    std::string chunkKey(const std::vector<int64_t>& index) const;
    /// Whether the chunk holding element `element` is stored (with either separator when none was given).
    bool hasChunkAt(const std::vector<int64_t>& element) const;

    /// Reads the hyperslab [start, start + count) as float, C order (values of f8 and integer arrays are rounded
    /// to float). Missing chunks give the fill value. ArgumentError when out of bounds; IoError when the result
    /// would exceed `maxElements`.
    std::vector<float> read(const std::vector<int64_t>& start, const std::vector<int64_t>& count,
                            int64_t maxElements = int64_t(1) << 28) const;
    /// The same as a tensor of shape `count` (rank <= 5).
    Tensor readTensor(const std::vector<int64_t>& start, const std::vector<int64_t>& count) const;

    /// Limits applied to every array: a chunk larger than this (decoded) is refused when .zarray is read.
    static constexpr uint64_t kMaxChunkBytes = uint64_t(1) << 30;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

/// Decodes one chunk as stored (`raw`) into `expectedBytes` of array data, using `info`'s compressor; `key`
/// names the chunk in errors (truncated, corrupt, wrong size). Exposed for the fuzz target.
std::vector<char> decodeZarrChunk(const ZarrArrayInfo& info, const std::vector<char>& raw, uint64_t expectedBytes,
                                  const std::string& key);
/// Parses and validates `.zarray` text; `name` appears in errors.
ZarrArrayInfo parseZarrArrayMetadata(const std::string& json, const std::string& name);

} // namespace lantern::snapshots

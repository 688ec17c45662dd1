// Zarr v2 arrays: .zarray validation, chunk decoding (raw or Blosc through libblosc) and hyperslab reads.
#include "lantern/error.h"
#include "lantern/snapshots/zarr.h"

#include <blosc.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <list>
#include <mutex>

namespace lantern::snapshots {

namespace {

using nlohmann::json;

enum class Kind { Float, Signed, Unsigned };

struct Dtype {
    Kind kind = Kind::Float;
    int size = 4;
    bool bigEndian = false;
};

Dtype parseDtype(const std::string& s, const std::string& name)
{
    if (s.size() < 3)
        throw UnsupportedError(name + ": unsupported dtype '" + s + "'");
    Dtype d;
    const char order = s[0], kind = s[1];
    const std::string digits = s.substr(2);
    if (order != '<' && order != '>' && order != '|')
        throw UnsupportedError(name + ": unsupported dtype '" + s + "' (byte order must be <, > or |)");
    d.bigEndian = order == '>';
    if (digits == "1" || digits == "2" || digits == "4" || digits == "8")
        d.size = digits[0] - '0';
    else
        throw UnsupportedError(name + ": unsupported dtype '" + s + "'");
    if (kind == 'f' && (d.size == 4 || d.size == 8))
        d.kind = Kind::Float;
    else if (kind == 'i')
        d.kind = Kind::Signed;
    else if (kind == 'u')
        d.kind = Kind::Unsigned;
    else
        throw UnsupportedError(name + ": unsupported dtype '" + s +
                               "' (Lantern reads <f4, <f8 and integer arrays; not float16, complex, bool, "
                               "strings, dates or structured types)");
    if (d.size > 1 && order == '|')
        throw UnsupportedError(name + ": unsupported dtype '" + s + "' (multi-byte types need < or >)");
    return d;
}

std::vector<int64_t> parseDims(const json& j, const char* field, const std::string& name, bool positive)
{
    if (!j.contains(field) || !j[field].is_array())
        throw IoError(name + ": '" + field + "' must be a list of integers");
    std::vector<int64_t> dims;
    for (const json& v : j[field]) {
        if (!v.is_number_integer())
            throw IoError(name + ": '" + field + "' must be a list of integers, not " + j[field].dump());
        const int64_t n = v.get<int64_t>();
        if (n < (positive ? 1 : 0) || n > (int64_t(1) << 48))
            throw IoError(name + ": '" + field + "' has an invalid size " + std::to_string(n));
        dims.push_back(n);
    }
    return dims;
}

template <typename T>
T loadValue(const char* p, bool swap)
{
    T v;
    if (swap) {
        char tmp[sizeof(T)];
        for (size_t i = 0; i < sizeof(T); ++i)
            tmp[i] = p[sizeof(T) - 1 - i];
        std::memcpy(&v, tmp, sizeof(T));
    } else {
        std::memcpy(&v, p, sizeof(T));
    }
    return v;
}

template <typename T>
void convertRunAs(const char* src, float* dst, int64_t n, bool swap)
{
    if constexpr (std::is_same_v<T, float>) {
        if (!swap) {
            std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
            return;
        }
    }
    for (int64_t i = 0; i < n; ++i)
        dst[i] = static_cast<float>(loadValue<T>(src + i * int64_t(sizeof(T)), swap));
}

void convertRun(const Dtype& d, const char* src, float* dst, int64_t n)
{
    const bool swap = d.bigEndian != (std::endian::native == std::endian::big);
    switch (d.kind) {
    case Kind::Float:
        return d.size == 4 ? convertRunAs<float>(src, dst, n, swap) : convertRunAs<double>(src, dst, n, swap);
    case Kind::Signed:
        switch (d.size) {
        case 1: return convertRunAs<int8_t>(src, dst, n, swap);
        case 2: return convertRunAs<int16_t>(src, dst, n, swap);
        case 4: return convertRunAs<int32_t>(src, dst, n, swap);
        default: return convertRunAs<int64_t>(src, dst, n, swap);
        }
    case Kind::Unsigned:
        switch (d.size) {
        case 1: return convertRunAs<uint8_t>(src, dst, n, swap);
        case 2: return convertRunAs<uint16_t>(src, dst, n, swap);
        case 4: return convertRunAs<uint32_t>(src, dst, n, swap);
        default: return convertRunAs<uint64_t>(src, dst, n, swap);
        }
    }
}

int64_t checkedProduct(const std::vector<int64_t>& dims, int64_t factor, int64_t limit, const std::string& what)
{
    int64_t n = factor;
    for (int64_t d : dims)
        if (__builtin_mul_overflow(n, d, &n) || n > limit)
            throw IoError(what);
    return n;
}

} // namespace

namespace {
ZarrArrayInfo parseMetadata(const std::string& text, const std::string& name);
} // namespace

ZarrArrayInfo parseZarrArrayMetadata(const std::string& text, const std::string& name)
{
    try {
        return parseMetadata(text, name);
    } catch (const json::exception& e) { // a type this parser did not check first
        throw IoError(name + ": invalid metadata: " + e.what());
    }
}

namespace {

ZarrArrayInfo parseMetadata(const std::string& text, const std::string& name)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw IoError(name + ": not valid JSON: " + e.what());
    }
    if (!j.is_object())
        throw IoError(name + ": must be a JSON object");
    if (!j.contains("zarr_format") || !j["zarr_format"].is_number_integer())
        throw IoError(name + ": 'zarr_format' is missing");
    if (j["zarr_format"].get<int64_t>() != 2)
        throw UnsupportedError(name + ": zarr_format " + j["zarr_format"].dump() + " is not supported (only 2)");
    ZarrArrayInfo info;
    info.shape = parseDims(j, "shape", name, false);
    info.chunks = parseDims(j, "chunks", name, true);
    if (info.shape.size() != info.chunks.size())
        throw IoError(name + ": 'shape' has " + std::to_string(info.shape.size()) + " dimensions but 'chunks' " +
                      std::to_string(info.chunks.size()));
    if (info.shape.size() > 32)
        throw UnsupportedError(name + ": more than 32 dimensions");
    if (!j.contains("dtype") || !j["dtype"].is_string())
        throw UnsupportedError(name + ": 'dtype' must be a simple type string (structured dtypes are not supported)");
    info.dtype = j["dtype"].get<std::string>();
    const Dtype d = parseDtype(info.dtype, name);
    info.itemSize = d.size;
    if (j.contains("order") && !j["order"].is_string())
        throw IoError(name + ": 'order' must be a string, not " + j["order"].dump());
    const std::string order = j.value("order", std::string("C"));
    if (order != "C")
        throw UnsupportedError(name + ": order '" + order + "' is not supported (only C)");
    if (j.contains("filters") && !j["filters"].is_null() && !(j["filters"].is_array() && j["filters"].empty()))
        throw UnsupportedError(name + ": filters are not supported (" + j["filters"].dump() + ")");
    info.compressor = "none";
    if (j.contains("compressor") && !j["compressor"].is_null()) {
        const json& c = j["compressor"];
        if (!c.is_object() || !c.contains("id") || !c["id"].is_string())
            throw IoError(name + ": 'compressor' must be null or an object with an 'id'");
        const std::string id = c["id"].get<std::string>();
        if (id != "blosc")
            throw UnsupportedError(name + ": compressor '" + id + "' is not supported (only none and blosc)");
        info.compressor = "blosc";
    }
    const bool isFloat = d.kind == Kind::Float;
    const json fill = j.contains("fill_value") ? j["fill_value"] : json();
    if (fill.is_null()) {
        info.fillValue = isFloat ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    } else if (fill.is_number()) {
        info.fillValue = fill.get<double>();
    } else if (fill.is_string() && isFloat) {
        const std::string s = fill.get<std::string>();
        if (s == "NaN")
            info.fillValue = std::numeric_limits<double>::quiet_NaN();
        else if (s == "Infinity")
            info.fillValue = std::numeric_limits<double>::infinity();
        else if (s == "-Infinity")
            info.fillValue = -std::numeric_limits<double>::infinity();
        else
            throw UnsupportedError(name + ": fill_value '" + s + "' is not supported");
    } else {
        throw UnsupportedError(name + ": fill_value " + fill.dump() + " is not supported for dtype " + info.dtype);
    }
    if (j.contains("dimension_separator") && !j["dimension_separator"].is_null()) {
        const json& s = j["dimension_separator"];
        if (!s.is_string() || (s.get<std::string>() != "." && s.get<std::string>() != "/"))
            throw UnsupportedError(name + ": dimension_separator " + s.dump() + " is not supported ('.' or '/')");
        info.separator = s.get<std::string>()[0];
        info.separatorGiven = true;
    }
    checkedProduct(info.chunks, info.itemSize, int64_t(ZarrArray::kMaxChunkBytes),
                   name + ": chunks " + j["chunks"].dump() + " are larger than Lantern reads (1 GiB per chunk)");
    return info;
}

} // namespace

std::vector<char> decodeZarrChunk(const ZarrArrayInfo& info, const std::vector<char>& raw, uint64_t expectedBytes,
                                  const std::string& key)
{
    if (info.compressor == "none") {
        if (raw.size() != expectedBytes)
            throw IoError(key + ": the uncompressed chunk has " + std::to_string(raw.size()) + " bytes, expected " +
                          std::to_string(expectedBytes) + (raw.size() < expectedBytes ? " (truncated)" : ""));
        return raw;
    }
    if (raw.size() < BLOSC_MIN_HEADER_LENGTH)
        throw IoError(key + ": the blosc chunk is truncated (" + std::to_string(raw.size()) +
                      " bytes, less than its 16-byte header)");
    size_t nbytes = 0;
    if (blosc_cbuffer_validate(raw.data(), raw.size(), &nbytes) != 0)
        throw IoError(key + ": the blosc chunk is truncated or corrupt (its header does not match its " +
                      std::to_string(raw.size()) + " bytes)");
    if (nbytes != expectedBytes)
        throw IoError(key + ": the blosc chunk decodes to " + std::to_string(nbytes) + " bytes, expected " +
                      std::to_string(expectedBytes));
    std::vector<char> out(static_cast<size_t>(expectedBytes));
    const int n = blosc_decompress_ctx(raw.data(), out.data(), out.size(), 1);
    if (n < 0 || static_cast<uint64_t>(n) != expectedBytes)
        throw IoError(key + ": the blosc chunk is corrupt (decompression failed with code " + std::to_string(n) +
                      "; the inner codec may also be one this libblosc was built without)");
    return out;
}

struct ZarrArray::Impl {
    ZarrStore store;
    ZarrArrayInfo info;
    Dtype dtype;
    std::string prefix; ///< "path/" or ""
    uint64_t chunkBytes = 0;
    mutable std::mutex mutex;
    mutable std::list<std::pair<std::string, std::shared_ptr<const std::vector<char>>>> cache;

    std::string keyFor(const std::vector<int64_t>& index, char sep) const
    {
        if (index.empty())
            return prefix + "0";
        std::string key = prefix;
        for (size_t i = 0; i < index.size(); ++i) {
            if (i)
                key += sep;
            key += std::to_string(index[i]);
        }
        return key;
    }

    /// The stored key of a chunk, or "" when it is absent.
    std::string findKey(const std::vector<int64_t>& index) const
    {
        const std::string key = keyFor(index, info.separator);
        if (store.contains(key))
            return key;
        if (!info.separatorGiven && index.size() > 1) {
            // zarr < 2.8 NestedDirectoryStore (CrabNet's recorder) wrote "/" keys without saying so
            const std::string nested = keyFor(index, '/');
            if (store.contains(nested))
                return nested;
        }
        return {};
    }

    std::shared_ptr<const std::vector<char>> decoded(const std::string& key) const
    {
        {
            std::lock_guard lock(mutex);
            for (auto it = cache.begin(); it != cache.end(); ++it)
                if (it->first == key) {
                    cache.splice(cache.begin(), cache, it);
                    return it->second;
                }
        }
        const uint64_t maxRaw = chunkBytes + chunkBytes / 8 + 65536;
        const std::optional<std::vector<char>> raw = store.read(key, maxRaw);
        if (!raw)
            throw IoError(store.path() + ": chunk '" + key + "' disappeared while reading");
        auto data = std::make_shared<const std::vector<char>>(
            decodeZarrChunk(info, *raw, chunkBytes, store.path() + ": chunk '" + key + "'"));
        std::lock_guard lock(mutex);
        cache.emplace_front(key, data);
        uint64_t total = 0;
        size_t kept = 0;
        for (auto it = cache.begin(); it != cache.end(); ++it, ++kept) {
            total += it->second->size();
            if (kept >= 8 || total > (uint64_t(256) << 20)) {
                cache.erase(it, cache.end());
                break;
            }
        }
        return data;
    }
};

ZarrArray ZarrArray::open(const ZarrStore& store, const std::string& arrayPath)
{
    std::string path = arrayPath;
    while (!path.empty() && path.front() == '/')
        path.erase(0, 1);
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    ZarrArray array;
    array.m_impl = std::make_shared<Impl>();
    Impl& impl = *array.m_impl;
    impl.store = store;
    impl.prefix = path.empty() ? std::string() : path + "/";
    const std::string metaKey = impl.prefix + ".zarray";
    const std::string name = store.path() + ": " + metaKey;
    const std::optional<std::vector<char>> meta = store.read(metaKey, 1 << 20);
    if (!meta) {
        std::string hint;
        const std::vector<std::string> arrays = store.arrays();
        for (const std::string& a : arrays)
            hint += (hint.empty() ? "" : ", ") + (a.empty() ? std::string("(root)") : a);
        throw IoError(store.path() + ": no Zarr array '" + path + "' (no " + metaKey + ")" +
                      (hint.empty() ? std::string("; the store holds no arrays") : "; arrays: " + hint));
    }
    impl.info = parseZarrArrayMetadata(std::string(meta->begin(), meta->end()), name);
    impl.info.path = path;
    impl.dtype = parseDtype(impl.info.dtype, name);
    impl.chunkBytes = static_cast<uint64_t>(checkedProduct(impl.info.chunks, impl.info.itemSize,
                                                           int64_t(kMaxChunkBytes), name + ": chunks too large"));
    return array;
}

ZarrArray ZarrArray::open(const std::string& storePath, const std::string& arrayPath)
{
    return open(ZarrStore::open(storePath), arrayPath);
}

const ZarrArrayInfo& ZarrArray::info() const
{
    return m_impl->info;
}

const std::vector<int64_t>& ZarrArray::shape() const
{
    return m_impl->info.shape;
}

const ZarrStore& ZarrArray::store() const
{
    return m_impl->store;
}

std::string ZarrArray::describe() const
{
    return m_impl->info.path.empty() ? m_impl->store.path() : m_impl->store.path() + ": " + m_impl->info.path;
}

std::string ZarrArray::chunkKey(const std::vector<int64_t>& index) const
{
    return m_impl->keyFor(index, m_impl->info.separator);
}

bool ZarrArray::hasChunkAt(const std::vector<int64_t>& element) const
{
    const ZarrArrayInfo& info = m_impl->info;
    if (element.size() != info.shape.size())
        throw ArgumentError(describe() + ": element index has " + std::to_string(element.size()) +
                            " dimensions, the array " + std::to_string(info.shape.size()));
    std::vector<int64_t> index(element.size());
    for (size_t i = 0; i < element.size(); ++i) {
        if (element[i] < 0 || element[i] >= info.shape[i])
            throw ArgumentError(describe() + ": element index out of bounds");
        index[i] = element[i] / info.chunks[i];
    }
    return !m_impl->findKey(index).empty();
}

std::vector<float> ZarrArray::read(const std::vector<int64_t>& start, const std::vector<int64_t>& count,
                                   int64_t maxElements) const
{
    const Impl& impl = *m_impl;
    const ZarrArrayInfo& info = impl.info;
    const size_t rank = info.shape.size();
    if (start.size() != rank || count.size() != rank)
        throw ArgumentError(describe() + ": the hyperslab has " + std::to_string(start.size()) + "/" +
                            std::to_string(count.size()) + " dimensions, the array " + std::to_string(rank));
    for (size_t i = 0; i < rank; ++i)
        if (start[i] < 0 || count[i] < 0 || start[i] > info.shape[i] || count[i] > info.shape[i] - start[i])
            throw ArgumentError(describe() + ": hyperslab start " + std::to_string(start[i]) + " count " +
                                std::to_string(count[i]) + " is outside dimension " + std::to_string(i) +
                                " of size " + std::to_string(info.shape[i]));
    const int64_t total = checkedProduct(count, 1, maxElements,
                                         describe() + ": the hyperslab is larger than " +
                                             std::to_string(maxElements) + " elements");
    std::vector<float> out(static_cast<size_t>(total));
    if (total == 0)
        return out;
    const float fill = static_cast<float>(info.fillValue);
    // output strides
    std::vector<int64_t> outStride(rank, 1), chunkStride(rank, 1);
    for (size_t i = rank; i-- > 1;) {
        outStride[i - 1] = outStride[i] * count[i];
        chunkStride[i - 1] = chunkStride[i] * info.chunks[i];
    }
    std::vector<int64_t> first(rank), last(rank), cidx(rank);
    for (size_t i = 0; i < rank; ++i) {
        first[i] = start[i] / info.chunks[i];
        last[i] = (start[i] + count[i] - 1) / info.chunks[i];
        cidx[i] = first[i];
    }
    const bool partialReads = info.compressor == "none" && !impl.store.isZip();
    while (true) {
        std::vector<int64_t> lo(rank), hi(rank);
        for (size_t i = 0; i < rank; ++i) {
            const int64_t origin = cidx[i] * info.chunks[i];
            lo[i] = std::max(start[i], origin);
            hi[i] = std::min(start[i] + count[i], origin + info.chunks[i]);
        }
        const std::string key = impl.findKey(cidx);
        std::shared_ptr<const std::vector<char>> data;
        int64_t base = 0; // element offset (inside the chunk) of data's first byte
        if (!key.empty()) {
            if (partialReads) {
                int64_t a = 0, b = 0;
                for (size_t i = 0; i < rank; ++i) {
                    a += (lo[i] - cidx[i] * info.chunks[i]) * chunkStride[i];
                    b += (hi[i] - 1 - cidx[i] * info.chunks[i]) * chunkStride[i];
                }
                const std::optional<uint64_t> size = impl.store.size(key);
                if (size && *size != impl.chunkBytes)
                    throw IoError(impl.store.path() + ": chunk '" + key + "': the uncompressed chunk has " +
                                  std::to_string(*size) + " bytes, expected " + std::to_string(impl.chunkBytes) +
                                  (*size < impl.chunkBytes ? " (truncated)" : ""));
                auto part = impl.store.readRange(key, uint64_t(a) * uint64_t(info.itemSize),
                                                 uint64_t(b - a + 1) * uint64_t(info.itemSize));
                if (part) {
                    data = std::make_shared<const std::vector<char>>(std::move(*part));
                    base = a;
                }
            } else {
                data = impl.decoded(key);
            }
        }
        // copy (or fill) the intersection, one run along the last dimension at a time
        const int64_t run = rank ? hi[rank - 1] - lo[rank - 1] : 1;
        std::vector<int64_t> pos = lo;
        while (true) {
            int64_t src = 0, dst = 0;
            for (size_t i = 0; i < rank; ++i) {
                src += (pos[i] - cidx[i] * info.chunks[i]) * chunkStride[i];
                dst += (pos[i] - start[i]) * outStride[i];
            }
            float* target = out.data() + dst;
            if (data)
                convertRun(impl.dtype, data->data() + (src - base) * info.itemSize, target, run);
            else
                std::fill(target, target + run, fill);
            // next position over all but the last dimension
            size_t d = rank > 0 ? rank - 1 : 0;
            bool done = true;
            while (d-- > 0) {
                if (++pos[d] < hi[d]) {
                    done = false;
                    break;
                }
                pos[d] = lo[d];
            }
            if (done)
                break;
        }
        // next chunk
        size_t d = rank;
        bool done = true;
        while (d-- > 0) {
            if (++cidx[d] <= last[d]) {
                done = false;
                break;
            }
            cidx[d] = first[d];
        }
        if (done)
            break;
    }
    return out;
}

Tensor ZarrArray::readTensor(const std::vector<int64_t>& start, const std::vector<int64_t>& count) const
{
    if (count.size() > size_t(kMaxRank))
        throw ArgumentError(describe() + ": a tensor holds at most 5 dimensions");
    const std::vector<float> values = read(start, count);
    return Tensor::fromData(Shape(count.begin(), count.end()), values);
}

} // namespace lantern::snapshots

#include "lantern/io/idx.h"

#include "io/idx_format.h"
#include "lantern/error.h"

#include <zlib.h>

#include <cstring>
#include <vector>

namespace lantern::io {

namespace {

std::vector<unsigned char> readMaybeGzip(const std::string& path)
{
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f)
        throw IoError(path + ": cannot open for reading");
    std::vector<unsigned char> out;
    unsigned char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        out.insert(out.end(), buf, buf + n);
        if (out.size() > (size_t(1) << 33)) {
            gzclose(f);
            throw IoError(path + ": decompressed data larger than 8 GiB");
        }
    }
    int err = 0;
    const char* msg = gzerror(f, &err);
    const bool failed = n < 0 || (err != Z_OK && err != Z_STREAM_END);
    const std::string why = failed && msg ? msg : "";
    gzclose(f);
    if (failed)
        throw IoError(path + ": corrupt or truncated gzip data (" + why + ")");
    return out;
}

} // namespace

namespace detail {

int idxElementSize(int type, const std::string& path)
{
    switch (type) {
    case 0x08:
    case 0x09:
        return 1;
    case 0x0B:
        return 2;
    case 0x0C:
    case 0x0D:
        return 4;
    case 0x0E:
        return 8;
    default:
        throw IoError(path + ": unknown IDX element type 0x" + std::to_string(type));
    }
}

IdxHeader parseIdxHeader(const unsigned char* b, size_t size, const std::string& path)
{
    if (size < 4 || b[0] != 0 || b[1] != 0)
        throw IoError(path + ": not an IDX file (bad magic)");
    IdxHeader h;
    h.type = b[2];
    const int rank = b[3];
    h.elementSize = idxElementSize(h.type, path);
    if (rank < 1 || rank > kMaxRank)
        throw IoError(path + ": IDX rank " + std::to_string(rank) + " is not supported (1.." +
                      std::to_string(kMaxRank) + ")");
    h.dataOffset = 4 + 4 * static_cast<size_t>(rank);
    if (size < h.dataOffset)
        throw IoError(path + ": truncated IDX header");
    for (int i = 0; i < rank; ++i) {
        const unsigned char* p = &b[4 + 4 * static_cast<size_t>(i)];
        h.shape.push_back((uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]);
    }
    return h;
}

void decodeIdxElements(int type, const unsigned char* src, size_t count, float* dst)
{
    auto u32 = [](const unsigned char* p) {
        return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
    };
    switch (type) {
    case 0x08:
        for (size_t i = 0; i < count; ++i)
            dst[i] = src[i];
        break;
    case 0x09:
        for (size_t i = 0; i < count; ++i)
            dst[i] = static_cast<int8_t>(src[i]);
        break;
    case 0x0B:
        for (size_t i = 0; i < count; ++i)
            dst[i] = static_cast<int16_t>((src[2 * i] << 8) | src[2 * i + 1]);
        break;
    case 0x0C:
        for (size_t i = 0; i < count; ++i)
            dst[i] = static_cast<float>(static_cast<int32_t>(u32(src + 4 * i)));
        break;
    case 0x0D:
        for (size_t i = 0; i < count; ++i) {
            const uint32_t u = u32(src + 4 * i);
            std::memcpy(dst + i, &u, 4);
        }
        break;
    default:
        for (size_t i = 0; i < count; ++i) {
            uint64_t u = 0;
            for (int k = 0; k < 8; ++k)
                u = (u << 8) | src[8 * i + static_cast<size_t>(k)];
            double d;
            std::memcpy(&d, &u, 8);
            dst[i] = static_cast<float>(d);
        }
    }
}

} // namespace detail

Tensor readIdx(const std::string& path)
{
    const std::vector<unsigned char> b = readMaybeGzip(path);
    const detail::IdxHeader h = detail::parseIdxHeader(b.data(), b.size(), path);
    size_t count = 1;
    const size_t available = (b.size() - h.dataOffset) / static_cast<size_t>(h.elementSize);
    for (int64_t d : h.shape) {
        if (d != 0 && count > available / static_cast<size_t>(d) + 1)
            throw IoError(path + ": IDX dimensions exceed the file size");
        count *= static_cast<size_t>(d);
    }
    if (count > available)
        throw IoError(path + ": truncated IDX data: " + shapeToString(h.shape) + " needs " + std::to_string(count) +
                      " elements, the file has " + std::to_string(available));
    Tensor t(h.shape);
    detail::decodeIdxElements(h.type, b.data() + h.dataOffset, count, t.data());
    return t;
}

} // namespace lantern::io

#include "lantern/io/idx.h"

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

Tensor readIdx(const std::string& path)
{
    const std::vector<unsigned char> b = readMaybeGzip(path);
    if (b.size() < 4 || b[0] != 0 || b[1] != 0)
        throw IoError(path + ": not an IDX file (bad magic)");
    const int type = b[2];
    const int rank = b[3];
    int size = 0;
    switch (type) {
    case 0x08:
    case 0x09:
        size = 1;
        break;
    case 0x0B:
        size = 2;
        break;
    case 0x0C:
    case 0x0D:
        size = 4;
        break;
    case 0x0E:
        size = 8;
        break;
    default:
        throw IoError(path + ": unknown IDX element type 0x" + std::to_string(type));
    }
    if (rank < 1 || rank > kMaxRank)
        throw IoError(path + ": IDX rank " + std::to_string(rank) + " is not supported (1.." +
                      std::to_string(kMaxRank) + ")");
    if (b.size() < 4 + 4 * static_cast<size_t>(rank))
        throw IoError(path + ": truncated IDX header");
    Shape shape;
    size_t count = 1;
    const size_t available = (b.size() - 4 - 4 * static_cast<size_t>(rank)) / static_cast<size_t>(size);
    for (int i = 0; i < rank; ++i) {
        const unsigned char* p = &b[4 + 4 * static_cast<size_t>(i)];
        const uint32_t d = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
        if (d != 0 && count > available / d + 1)
            throw IoError(path + ": IDX dimensions exceed the file size");
        count *= d;
        shape.push_back(d);
    }
    if (count > available)
        throw IoError(path + ": truncated IDX data: " + shapeToString(shape) + " needs " + std::to_string(count) +
                      " elements, the file has " + std::to_string(available));
    Tensor t(shape);
    const unsigned char* src = b.data() + 4 + 4 * rank;
    float* dst = t.data();
    for (size_t i = 0; i < count; ++i) {
        const unsigned char* p = src + i * static_cast<size_t>(size);
        switch (type) {
        case 0x08:
            dst[i] = p[0];
            break;
        case 0x09:
            dst[i] = static_cast<int8_t>(p[0]);
            break;
        case 0x0B:
            dst[i] = static_cast<int16_t>((p[0] << 8) | p[1]);
            break;
        case 0x0C:
            dst[i] = static_cast<float>(
                static_cast<int32_t>((uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]));
            break;
        case 0x0D: {
            const uint32_t u = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
            float f;
            std::memcpy(&f, &u, 4);
            dst[i] = f;
            break;
        }
        default: {
            uint64_t u = 0;
            for (int k = 0; k < 8; ++k)
                u = (u << 8) | p[k];
            double d;
            std::memcpy(&d, &u, 8);
            dst[i] = static_cast<float>(d);
        }
        }
    }
    return t;
}

} // namespace lantern::io

// .npz = a zip archive of .npy files (numpy writes stored entries with zip64 local headers).
#include "lantern/error.h"
#include "lantern/io/npy.h"

#include <zlib.h>

#include <cstring>
#include <limits>

namespace lantern::io {

namespace {

uint64_t le(const std::vector<char>& b, size_t at, int n, const std::string& path)
{
    if (at + static_cast<size_t>(n) > b.size())
        throw IoError(path + ": truncated zip archive");
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<size_t>(i)]);
    return v;
}

std::vector<char> inflateRaw(const char* data, size_t size, size_t expected, const std::string& what)
{
    // deflate packs at most 1032:1, so a claimed size beyond that is a corrupt header (found by fuzzing: a 3 KB
    // entry claiming 2 GB); refuse before allocating for it
    if (expected / 1032 > size + 1)
        throw IoError(what + ": claims " + std::to_string(expected) + " bytes uncompressed from " +
                      std::to_string(size) + " compressed bytes, more than deflate can pack (corrupt archive?)");
    if (expected > std::numeric_limits<uInt>::max() || size > std::numeric_limits<uInt>::max())
        throw IoError(what + ": entries of 4 GB or more are not supported");
    std::vector<char> out(expected);
    z_stream zs{};
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
        throw IoError(what + ": zlib initialisation failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs.avail_in = static_cast<uInt>(size);
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || zs.total_out != expected)
        throw IoError(what + ": corrupt deflate data");
    return out;
}

} // namespace

std::map<std::string, Tensor> readNpz(const std::string& path)
{
    const std::vector<char> b = readFileBytes(path);
    if (b.size() < 22)
        throw IoError(path + ": not a .npz (zip) archive: too small");
    // End of central directory: scan back over a possible comment.
    size_t eocd = std::string::npos;
    const size_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
    for (size_t i = b.size() - 22 + 1; i-- > lowest;)
        if (le(b, i, 4, path) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos)
        throw IoError(path + ": not a .npz (zip) archive: no central directory");
    uint64_t entries = le(b, eocd + 10, 2, path);
    uint64_t cdOffset = le(b, eocd + 16, 4, path);
    if ((entries == 0xffff || cdOffset == 0xffffffff) && eocd >= 20 && le(b, eocd - 20, 4, path) == 0x07064b50) {
        const uint64_t z64 = le(b, eocd - 12, 8, path);
        if (le(b, z64, 4, path) != 0x06064b50)
            throw IoError(path + ": corrupt zip64 directory");
        entries = le(b, z64 + 32, 8, path);
        cdOffset = le(b, z64 + 48, 8, path);
    }
    std::map<std::string, Tensor> result;
    size_t at = cdOffset;
    for (uint64_t e = 0; e < entries; ++e) {
        if (le(b, at, 4, path) != 0x02014b50)
            throw IoError(path + ": corrupt zip central directory");
        const auto method = le(b, at + 10, 2, path);
        uint64_t csize = le(b, at + 20, 4, path);
        uint64_t usize = le(b, at + 24, 4, path);
        const auto nameLen = le(b, at + 28, 2, path);
        const auto extraLen = le(b, at + 30, 2, path);
        const auto commentLen = le(b, at + 32, 2, path);
        uint64_t local = le(b, at + 42, 4, path);
        if (at + 46 + nameLen > b.size())
            throw IoError(path + ": truncated zip archive");
        std::string name(b.data() + at + 46, nameLen);
        // zip64 extra field: the 64-bit values of the fields that are 0xffffffff, in order.
        for (size_t x = at + 46 + nameLen; x + 4 <= at + 46 + nameLen + extraLen;) {
            const auto id = le(b, x, 2, path), len = le(b, x + 2, 2, path);
            if (id == 0x0001) {
                size_t p = x + 4;
                if (usize == 0xffffffff) {
                    usize = le(b, p, 8, path);
                    p += 8;
                }
                if (csize == 0xffffffff) {
                    csize = le(b, p, 8, path);
                    p += 8;
                }
                if (local == 0xffffffff) {
                    local = le(b, p, 8, path);
                }
            }
            x += 4 + len;
        }
        at += 46 + nameLen + extraLen + commentLen;
        if (le(b, local, 4, path) != 0x04034b50)
            throw IoError(path + ": corrupt local header for '" + name + "'");
        const size_t dataAt = local + 30 + le(b, local + 26, 2, path) + le(b, local + 28, 2, path);
        if (dataAt > b.size() || csize > b.size() - dataAt)
            throw IoError(path + ": entry '" + name + "' is truncated");
        const std::string what = path + ":" + name;
        std::vector<char> content;
        if (method == 0)
            content.assign(b.begin() + static_cast<std::ptrdiff_t>(dataAt),
                           b.begin() + static_cast<std::ptrdiff_t>(dataAt + csize));
        else if (method == 8)
            content = inflateRaw(b.data() + dataAt, csize, usize, what);
        else
            throw IoError(what + ": unsupported zip compression method " + std::to_string(method));
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0)
            name.resize(name.size() - 4);
        result[name] = parseNpy(content, what);
    }
    return result;
}

namespace {

void put(std::vector<char>& b, uint64_t v, int n)
{
    for (int i = 0; i < n; ++i)
        b.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

} // namespace

void writeNpz(const std::string& path, const std::map<std::string, Tensor>& arrays)
{
    std::vector<char> out, directory;
    for (const auto& [key, tensor] : arrays) {
        const std::string name = key + ".npy";
        const std::vector<char> data = npyBytes(tensor);
        if (data.size() >= 0xffffffffu || out.size() >= 0xffffffffu)
            throw IoError(path + ": array '" + key + "' is too large for a plain zip entry");
        const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
        const uint64_t offset = out.size();
        put(out, 0x04034b50, 4);
        put(out, 20, 2); // version needed
        put(out, 0, 2);  // flags
        put(out, 0, 2);  // stored
        put(out, 0, 4);  // time, date
        put(out, crc, 4);
        put(out, data.size(), 4);
        put(out, data.size(), 4);
        put(out, name.size(), 2);
        put(out, 0, 2);
        out.insert(out.end(), name.begin(), name.end());
        out.insert(out.end(), data.begin(), data.end());
        put(directory, 0x02014b50, 4);
        put(directory, 20, 2);
        put(directory, 20, 2);
        put(directory, 0, 2);
        put(directory, 0, 2);
        put(directory, 0, 4);
        put(directory, crc, 4);
        put(directory, data.size(), 4);
        put(directory, data.size(), 4);
        put(directory, name.size(), 2);
        put(directory, 0, 2); // extra
        put(directory, 0, 2); // comment
        put(directory, 0, 2); // disk
        put(directory, 0, 2); // internal attributes
        put(directory, 0, 4); // external attributes
        put(directory, offset, 4);
        directory.insert(directory.end(), name.begin(), name.end());
    }
    const uint64_t cdOffset = out.size();
    out.insert(out.end(), directory.begin(), directory.end());
    put(out, 0x06054b50, 4);
    put(out, 0, 2);
    put(out, 0, 2);
    put(out, arrays.size(), 2);
    put(out, arrays.size(), 2);
    put(out, directory.size(), 4);
    put(out, cdOffset, 4);
    put(out, 0, 2);
    writeFileAtomically(path, out);
}

} // namespace lantern::io

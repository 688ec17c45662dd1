#include "lantern/io/npy.h"

#include "io/npy_format.h"
#include "lantern/error.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <regex>

namespace lantern::io {

namespace {

using detail::NpyHeader;

void parseDictionary(const std::string& h, const std::string& name, NpyHeader& out)
{
    std::smatch m;
    if (!std::regex_search(h, m, std::regex(R"('descr'\s*:\s*'([<>|=])([a-zA-Z])(\d+)')")))
        throw IoError(name + ": .npy header has no supported 'descr' (structured arrays are not supported)");
    out.byteOrder = m[1].str()[0];
    out.kind = m[2].str()[0];
    if (m[3].length() > 2)
        throw IoError(name + ": .npy item size " + m[3].str() + " is not supported");
    out.itemSize = std::stoi(m[3].str());
    if (!std::regex_search(h, m, std::regex(R"('fortran_order'\s*:\s*(True|False))")))
        throw IoError(name + ": .npy header has no 'fortran_order'");
    out.fortran = m[1] == "True";
    if (!std::regex_search(h, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
        throw IoError(name + ": .npy header has no 'shape'");
    const std::string dims = m[1];
    std::regex num(R"(\d+)");
    for (auto it = std::sregex_iterator(dims.begin(), dims.end(), num); it != std::sregex_iterator(); ++it) {
        if (it->str().size() > 12)
            throw IoError(name + ": absurd dimension " + it->str() + " in .npy shape");
        out.shape.push_back(std::stoll(it->str()));
    }
    if (out.shape.size() > static_cast<size_t>(kMaxRank))
        throw IoError(name + ": arrays of rank " + std::to_string(out.shape.size()) + " are not supported (max " +
                      std::to_string(kMaxRank) + ")");
}

template <typename T> T load(const char* p, bool swap)
{
    unsigned char b[sizeof(T)];
    std::memcpy(b, p, sizeof(T));
    if (swap)
        std::reverse(b, b + sizeof(T));
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
}

template <typename T> void convertAs(const char* src, size_t count, bool swap, float* dst)
{
    for (size_t i = 0; i < count; ++i)
        dst[i] = static_cast<float>(load<T>(src + i * sizeof(T), swap));
}

bool supported(const NpyHeader& h)
{
    switch (h.kind) {
    case 'f':
        return h.itemSize == 4 || h.itemSize == 8;
    case 'u':
    case 'i':
        return h.itemSize == 1 || h.itemSize == 2 || h.itemSize == 4 || h.itemSize == 8;
    case 'b':
        return h.itemSize == 1;
    default:
        return false;
    }
}

} // namespace

namespace detail {

NpyHeader parseNpyHeader(const char* bytes, size_t size, const std::string& name)
{
    if (size < 10 || std::memcmp(bytes, "\x93NUMPY", 6) != 0)
        throw IoError(name + ": not a NumPy .npy file (bad magic)");
    const int major = static_cast<unsigned char>(bytes[6]);
    size_t headerLen = 0, offset = 0;
    if (major == 1) {
        headerLen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12)
            throw IoError(name + ": truncated .npy header");
        for (int i = 3; i >= 0; --i)
            headerLen = (headerLen << 8) | static_cast<unsigned char>(bytes[8 + static_cast<size_t>(i)]);
        offset = 12;
    } else {
        throw IoError(name + ": unsupported .npy format version " + std::to_string(major));
    }
    // NumPy writes headers of a few hundred bytes; a longer one is not an array header (and the regular
    // expressions below must not walk megabytes)
    if (headerLen > 65536)
        throw IoError(name + ": .npy header of " + std::to_string(headerLen) + " bytes is not supported");
    if (headerLen > size - offset)
        throw IoError(name + ": truncated .npy header");
    NpyHeader h;
    parseDictionary(std::string(bytes + offset, headerLen), name, h);
    if (!supported(h))
        throw IoError(name + ": unsupported .npy dtype '" + std::string(1, h.byteOrder) + h.kind +
                      std::to_string(h.itemSize) + "' (float32/64, (u)int8..64 and bool are supported)");
    h.dataOffset = offset + headerLen;
    const bool little = std::endian::native == std::endian::little;
    h.swap = (h.byteOrder == '>' && little) || (h.byteOrder == '<' && !little);
    return h;
}

size_t checkedNpyCount(const NpyHeader& h, size_t dataBytes, const std::string& name)
{
    // Overflow-safe element count, checked against the bytes present.
    const size_t available = dataBytes / static_cast<size_t>(h.itemSize);
    size_t count = 1;
    for (int64_t d : h.shape) {
        if (d != 0 && count > available / static_cast<size_t>(d) + 1)
            throw IoError(name + ": shape " + shapeToString(h.shape) + " is larger than the file");
        count *= static_cast<size_t>(d);
    }
    if (count > available)
        throw IoError(name + ": truncated: shape " + shapeToString(h.shape) + " needs " +
                      std::to_string(count * static_cast<size_t>(h.itemSize)) + " bytes of data, the file has " +
                      std::to_string(dataBytes));
    return count;
}

void convertNpyElements(const char* src, size_t count, const NpyHeader& h, float* dst)
{
    const bool swap = h.swap;
    switch (h.kind) {
    case 'f':
        if (h.itemSize == 4)
            return convertAs<float>(src, count, swap, dst);
        return convertAs<double>(src, count, swap, dst);
    case 'u':
        if (h.itemSize == 1)
            return convertAs<uint8_t>(src, count, false, dst);
        if (h.itemSize == 2)
            return convertAs<uint16_t>(src, count, swap, dst);
        if (h.itemSize == 4)
            return convertAs<uint32_t>(src, count, swap, dst);
        return convertAs<uint64_t>(src, count, swap, dst);
    case 'i':
        if (h.itemSize == 1)
            return convertAs<int8_t>(src, count, false, dst);
        if (h.itemSize == 2)
            return convertAs<int16_t>(src, count, swap, dst);
        if (h.itemSize == 4)
            return convertAs<int32_t>(src, count, swap, dst);
        return convertAs<int64_t>(src, count, swap, dst);
    case 'b':
        for (size_t i = 0; i < count; ++i)
            dst[i] = src[i] ? 1.f : 0.f;
        return;
    default:
        std::fill(dst, dst + count, 0.f);
    }
}

} // namespace detail

Tensor parseNpy(const std::vector<char>& bytes, const std::string& name)
{
    const NpyHeader h = detail::parseNpyHeader(bytes.data(), bytes.size(), name);
    const size_t count = detail::checkedNpyCount(h, bytes.size() - h.dataOffset, name);
    Tensor t(h.shape);
    const char* src = bytes.data() + h.dataOffset;
    float* dst = t.data();
    if (!h.fortran || h.shape.size() < 2) {
        detail::convertNpyElements(src, count, h, dst);
        return t;
    }
    // Fortran order: the first index varies fastest.
    const size_t rank = h.shape.size();
    std::vector<int64_t> idx(rank, 0);
    for (size_t f = 0; f < count; ++f) {
        int64_t c = 0;
        for (size_t k = 0; k < rank; ++k)
            c = c * h.shape[k] + idx[k];
        detail::convertNpyElements(src + f * static_cast<size_t>(h.itemSize), 1, h, dst + c);
        for (size_t k = 0; k < rank; ++k) {
            if (++idx[k] < h.shape[k])
                break;
            idx[k] = 0;
        }
    }
    return t;
}

Tensor readNpy(const std::string& path)
{
    return parseNpy(readFileBytes(path), path);
}

std::vector<char> npyBytes(const Tensor& tensor)
{
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
    for (size_t i = 0; i < tensor.shape().size(); ++i)
        header += std::to_string(tensor.shape()[i]) +
                  (tensor.shape().size() == 1 ? "," : (i + 1 < tensor.shape().size() ? ", " : ""));
    header += "), }";
    const size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::vector<char> bytes;
    bytes.reserve(10 + header.size() + static_cast<size_t>(tensor.size()) * 4);
    const char magic[] = "\x93NUMPY\x01\x00";
    bytes.insert(bytes.end(), magic, magic + 8);
    bytes.push_back(static_cast<char>(header.size() & 0xff));
    bytes.push_back(static_cast<char>((header.size() >> 8) & 0xff));
    bytes.insert(bytes.end(), header.begin(), header.end());
    const char* data = reinterpret_cast<const char*>(tensor.data());
    if (tensor.size())
        bytes.insert(bytes.end(), data, data + tensor.size() * 4);
    return bytes;
}

void writeNpy(const std::string& path, const Tensor& tensor)
{
    writeFileAtomically(path, npyBytes(tensor));
}

} // namespace lantern::io

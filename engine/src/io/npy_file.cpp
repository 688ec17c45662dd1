// NpyFile: rows of a .npy file read on demand with pread (batch-by-batch sample input).
#include "io/npy_format.h"
#include "lantern/error.h"
#include "lantern/io/npy.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lantern::io {

namespace {

/// Raw bytes converted per pread in C order: bounds the temporary buffer of a large batch.
constexpr size_t kChunkBytes = size_t(4) << 20;

void preadFully(int fd, char* dst, size_t size, size_t offset, const std::string& path)
{
    while (size > 0) {
        const ssize_t n = ::pread(fd, dst, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw IoError(path + ": read failed at byte " + std::to_string(offset) + ": " + std::strerror(errno));
        if (n == 0)
            throw IoError(path + ": the file ended at byte " + std::to_string(offset) +
                          " (truncated while it was open?)");
        dst += n;
        size -= static_cast<size_t>(n);
        offset += static_cast<size_t>(n);
    }
}

} // namespace

struct NpyFile::Impl {
    std::string path;
    int fd = -1;
    detail::NpyHeader header;
    int64_t rowElements = 1;

    ~Impl()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

NpyFile::NpyFile(const std::string& path) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = path;
    m_impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_impl->fd < 0)
        throw IoError(path + (errno == ENOENT ? ": no such file"
                                              : ": cannot open for reading: " + std::string(std::strerror(errno))));
    struct stat st {};
    if (::fstat(m_impl->fd, &st) != 0 || S_ISDIR(st.st_mode))
        throw IoError(path + ": is a folder, not a file");
    const size_t fileSize = static_cast<size_t>(st.st_size);
    // the longest header parseNpyHeader accepts: 12 bytes of preamble and 64 KiB of text
    std::vector<char> head(std::min<size_t>(fileSize, 12 + 65536));
    preadFully(m_impl->fd, head.data(), head.size(), 0, path);
    m_impl->header = detail::parseNpyHeader(head.data(), head.size(), path);
    detail::checkedNpyCount(m_impl->header, fileSize - m_impl->header.dataOffset, path);
    // (bounded by the file size unless the array is empty; an empty one may still claim absurd rows)
    const Shape& shape = m_impl->header.shape;
    if (std::find(shape.begin(), shape.end(), 0) != shape.end())
        m_impl->rowElements = 0;
    for (size_t i = 1; i < shape.size() && m_impl->rowElements > 0; ++i)
        if (__builtin_mul_overflow(m_impl->rowElements, shape[i], &m_impl->rowElements) ||
            m_impl->rowElements > (int64_t(1) << 40))
            throw IoError(path + ": shape " + shapeToString(shape) + " has rows too large to read");
}

NpyFile::~NpyFile() = default;
NpyFile::NpyFile(NpyFile&& other) noexcept = default;
NpyFile& NpyFile::operator=(NpyFile&& other) noexcept = default;

const std::string& NpyFile::path() const
{
    return m_impl->path;
}

const Shape& NpyFile::shape() const
{
    return m_impl->header.shape;
}

std::string NpyFile::dtype() const
{
    const auto& h = m_impl->header;
    return std::string(1, h.byteOrder) + h.kind + std::to_string(h.itemSize);
}

bool NpyFile::fortranOrder() const
{
    return m_impl->header.fortran;
}

Tensor NpyFile::readRows(int64_t begin, int64_t end) const
{
    const Impl& f = *m_impl;
    const auto& h = f.header;
    if (h.shape.empty())
        throw ArgumentError(f.path + ": a rank-0 array has no rows");
    if (begin < 0 || end < begin || end > h.shape[0])
        throw ArgumentError(f.path + ": rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") are outside the " + std::to_string(h.shape[0]) + " rows of the array");
    Shape shape = h.shape;
    shape[0] = end - begin;
    Tensor t = Tensor::uninitialized(shape);
    const size_t item = static_cast<size_t>(h.itemSize);
    const size_t rows = static_cast<size_t>(end - begin);
    const size_t rowElements = static_cast<size_t>(f.rowElements);
    if (rows == 0 || rowElements == 0)
        return t;
    float* dst = t.data();
    if (!h.fortran || h.shape.size() < 2) {
        // C order: the rows are one contiguous run of bytes
        const size_t total = rows * rowElements;
        const size_t perChunk = std::max<size_t>(1, kChunkBytes / item);
        std::vector<char> buf(std::min(total, perChunk) * item);
        for (size_t done = 0; done < total;) {
            const size_t n = std::min(perChunk, total - done);
            const size_t offset = h.dataOffset + (static_cast<size_t>(begin) * rowElements + done) * item;
            preadFully(f.fd, buf.data(), n * item, offset, f.path);
            detail::convertNpyElements(buf.data(), n, h, dst + done);
            done += n;
        }
        return t;
    }
    // Fortran order: the first index varies fastest, so for each index of the other dimensions (visited in Fortran
    // order, column `col` of the file) the rows [begin, end) are contiguous.
    const size_t rank = h.shape.size();
    const size_t allRows = static_cast<size_t>(h.shape[0]);
    std::vector<int64_t> idx(rank, 0); // idx[1..] : the index of the other dimensions
    std::vector<char> raw(rows * item);
    std::vector<float> column(rows);
    for (size_t col = 0; col < rowElements; ++col) {
        size_t c = 0; // the same element's position within a row in C order
        for (size_t k = 1; k < rank; ++k)
            c = c * static_cast<size_t>(h.shape[k]) + static_cast<size_t>(idx[k]);
        preadFully(f.fd, raw.data(), raw.size(), h.dataOffset + (col * allRows + static_cast<size_t>(begin)) * item,
                   f.path);
        detail::convertNpyElements(raw.data(), rows, h, column.data());
        for (size_t r = 0; r < rows; ++r)
            dst[r * rowElements + c] = column[r];
        for (size_t k = 1; k < rank; ++k) {
            if (++idx[k] < h.shape[k])
                break;
            idx[k] = 0;
        }
    }
    return t;
}

} // namespace lantern::io

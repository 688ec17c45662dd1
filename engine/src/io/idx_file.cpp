// IdxFile: rows of an IDX file read on demand (pread for plain files, forward zlib decompression for .gz).
#include "io/idx_format.h"
#include "lantern/error.h"
#include "lantern/io/idx.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace lantern::io {

namespace {

/// Bytes decoded per read: bounds the temporary buffer of a large batch.
constexpr size_t kChunkBytes = size_t(4) << 20;

} // namespace

struct IdxFile::Impl {
    std::string path;
    int fd = -1;         // plain files
    gzFile gz = nullptr; // compressed files
    detail::IdxHeader header;
    size_t rowBytes = 0;

    ~Impl()
    {
        if (gz)
            gzclose(gz);
        if (fd >= 0)
            ::close(fd);
    }

    /// Reads exactly `size` bytes at `offset` of the (decompressed) contents; false at the end of the data.
    bool readAt(unsigned char* dst, size_t size, size_t offset)
    {
        if (!gz) {
            while (size > 0) {
                const ssize_t n = ::pread(fd, dst, size, static_cast<off_t>(offset));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0)
                    throw IoError(path + ": read failed at byte " + std::to_string(offset) + ": " +
                                  std::strerror(errno));
                if (n == 0)
                    return false;
                dst += n;
                size -= static_cast<size_t>(n);
                offset += static_cast<size_t>(n);
            }
            return true;
        }
        // forward only: a position behind the stream's restarts the decompression
        if (static_cast<size_t>(gztell(gz)) > offset && gzrewind(gz) != 0)
            throw IoError(path + ": cannot rewind the gzip stream" + gzDetail());
        if (gzseek(gz, static_cast<z_off_t>(offset), SEEK_SET) < 0)
            throw IoError(path + ": corrupt or truncated gzip data" + gzDetail());
        while (size > 0) {
            const unsigned want = static_cast<unsigned>(std::min<size_t>(size, INT_MAX));
            const int n = gzread(gz, dst, want);
            if (n < 0)
                throw IoError(path + ": corrupt or truncated gzip data" + gzDetail());
            if (n == 0)
                return false;
            dst += n;
            size -= static_cast<size_t>(n);
        }
        return true;
    }

    std::string gzDetail() const
    {
        int err = 0;
        const char* msg = gzerror(gz, &err);
        return err != Z_OK && msg && *msg ? std::string(" (") + msg + ")" : std::string();
    }
};

IdxFile::IdxFile(const std::string& path) : m_impl(std::make_unique<Impl>())
{
    Impl& f = *m_impl;
    f.path = path;
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.fd < 0)
        throw IoError(path + (errno == ENOENT ? ": no such file"
                                              : ": cannot open for reading: " + std::string(std::strerror(errno))));
    struct stat st {};
    if (::fstat(f.fd, &st) != 0 || S_ISDIR(st.st_mode))
        throw IoError(path + ": is a folder, not a file");
    unsigned char magic[2] = {};
    const bool gzip = ::pread(f.fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (gzip) {
        f.gz = gzdopen(f.fd, "rb");
        if (!f.gz)
            throw IoError(path + ": cannot open for reading");
        f.fd = -1; // gzclose closes it
        gzbuffer(f.gz, 1 << 17);
    }
    // the magic number, then as many dimensions as it says (parseIdxHeader reports what is wrong or missing)
    unsigned char head[4 + 4 * kMaxRank] = {};
    size_t got = f.readAt(head, 4, 0) ? 4 : 0;
    if (got == 4 && head[3] >= 1 && head[3] <= kMaxRank && f.readAt(head + 4, 4 * size_t(head[3]), 4))
        got = 4 + 4 * size_t(head[3]);
    f.header = detail::parseIdxHeader(head, got, path);
    if (!gzip) {
        // the same check (and message) as readIdx
        const size_t available =
            (static_cast<size_t>(st.st_size) - f.header.dataOffset) / static_cast<size_t>(f.header.elementSize);
        size_t count = 1;
        for (int64_t d : f.header.shape) {
            if (d != 0 && count > available / static_cast<size_t>(d) + 1)
                throw IoError(path + ": IDX dimensions exceed the file size");
            count *= static_cast<size_t>(d);
        }
        if (count > available)
            throw IoError(path + ": truncated IDX data: " + shapeToString(f.header.shape) + " needs " +
                          std::to_string(count) + " elements, the file has " + std::to_string(available));
    }
    // the data the header claims: at most the file's size (checked above), or what gzip can pack into it (1032:1);
    // checked before any offset is computed from it
    const size_t limit = gzip ? static_cast<size_t>(st.st_size) * 1100 : static_cast<size_t>(st.st_size);
    size_t claimed = static_cast<size_t>(f.header.elementSize);
    const Shape& shape = f.header.shape;
    const bool empty = std::find(shape.begin(), shape.end(), 0) != shape.end();
    for (size_t i = shape.size(); i-- > 1 && !empty;)
        if (__builtin_mul_overflow(claimed, static_cast<size_t>(shape[i]), &claimed) || claimed > limit)
            throw IoError(path + ": IDX dimensions exceed the file size");
    f.rowBytes = empty ? 0 : claimed;
    if (!empty && (__builtin_mul_overflow(claimed, static_cast<size_t>(shape[0]), &claimed) || claimed > limit))
        throw IoError(path + ": IDX dimensions exceed the file size");
}

IdxFile::~IdxFile() = default;
IdxFile::IdxFile(IdxFile&& other) noexcept = default;
IdxFile& IdxFile::operator=(IdxFile&& other) noexcept = default;

const std::string& IdxFile::path() const
{
    return m_impl->path;
}

const Shape& IdxFile::shape() const
{
    return m_impl->header.shape;
}

bool IdxFile::compressed() const
{
    return m_impl->gz != nullptr;
}

bool IdxFile::unsignedBytes() const
{
    return m_impl->header.type == 0x08;
}

Tensor IdxFile::readRows(int64_t begin, int64_t end)
{
    Impl& f = *m_impl;
    const auto& h = f.header;
    if (begin < 0 || end < begin || end > h.shape[0])
        throw ArgumentError(f.path + ": rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") are outside the " + std::to_string(h.shape[0]) + " rows of the IDX file");
    Shape shape = h.shape;
    shape[0] = end - begin;
    Tensor t = Tensor::uninitialized(shape);
    const size_t element = static_cast<size_t>(h.elementSize);
    const size_t total = static_cast<size_t>(end - begin) * (f.rowBytes / element);
    const size_t perChunk = std::max<size_t>(1, kChunkBytes / element);
    std::vector<unsigned char> buf(std::min(total, perChunk) * element);
    for (size_t done = 0; done < total;) {
        const size_t n = std::min(perChunk, total - done);
        const size_t offset = h.dataOffset + static_cast<size_t>(begin) * f.rowBytes + done * element;
        if (!f.readAt(buf.data(), n * element, offset))
            throw IoError(f.path + ": truncated IDX data: " + shapeToString(h.shape) + " needs " +
                          std::to_string(shapeSize(h.shape)) + " elements, the data ends before row " +
                          std::to_string(begin + static_cast<int64_t>((done + n) / (f.rowBytes / element))));
        detail::decodeIdxElements(h.type, buf.data(), n, t.data() + done);
        done += n;
    }
    return t;
}

} // namespace lantern::io

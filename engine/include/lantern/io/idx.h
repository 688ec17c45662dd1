#pragma once
// IDX files (the MNIST format), plain or gzip-compressed. Element types u8, i8, i16, i32, f32, f64 are read
// into float32 tensors with the file's shape (e.g. (N, 28, 28) images, (N) labels).

#include "lantern/tensor.h"

#include <memory>
#include <string>

namespace lantern::io {

Tensor readIdx(const std::string& path);

/// An IDX file opened to read rows of its leading dimension on demand, decoded exactly as readIdx decodes them.
/// Plain files are read with pread at the rows' offset (their size is checked at open). Gzip-compressed files are
/// decompressed forward with zlib from where the last read ended; a read before that position restarts from the
/// beginning of the file, and data missing from a truncated stream is reported by the read that needs it.
class IdxFile {
public:
    /// IoError naming the file when it is missing, not IDX, or (plain files) shorter than its header says.
    explicit IdxFile(const std::string& path);
    ~IdxFile();
    IdxFile(IdxFile&& other) noexcept;
    IdxFile& operator=(IdxFile&& other) noexcept;
    IdxFile(const IdxFile&) = delete;
    IdxFile& operator=(const IdxFile&) = delete;

    const std::string& path() const;
    const Shape& shape() const;
    bool compressed() const;
    /// The elements are unsigned bytes (so every value is an integer in 0..255).
    bool unsignedBytes() const;
    /// Rows [begin, end) as float32 of shape (end - begin, shape()[1:]...). ArgumentError for a range outside
    /// 0..shape()[0]; IoError naming the file when the data is missing or corrupt. One thread at a time.
    Tensor readRows(int64_t begin, int64_t end);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern::io

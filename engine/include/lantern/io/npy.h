#pragma once
// NumPy .npy and .npz files. Arrays are read into float32 tensors (float32, float64, uint8, int8, int16,
// int32, int64, bool; C or Fortran order, any byte order); anything else is a clear IoError naming the file.

#include "lantern/tensor.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lantern::io {

/// Reads one .npy file.
Tensor readNpy(const std::string& path);
/// Parses .npy bytes; `name` appears in error messages.
Tensor parseNpy(const std::vector<char>& bytes, const std::string& name);
/// Writes a float32, C-order .npy file atomically (temporary file + rename).
void writeNpy(const std::string& path, const Tensor& tensor);

/// A .npy file opened to read rows of its leading dimension on demand: the header is parsed and the file size
/// checked once, rows are read with pread (nothing mapped or cached, so memory stays at the rows asked for) and
/// converted exactly as readNpy converts them. C and Fortran order (Fortran: one read per column of the rows).
class NpyFile {
public:
    /// IoError naming the file when it is missing, not a .npy file, of an unsupported dtype or shorter than its
    /// header says.
    explicit NpyFile(const std::string& path);
    ~NpyFile();
    NpyFile(NpyFile&& other) noexcept;
    NpyFile& operator=(NpyFile&& other) noexcept;
    NpyFile(const NpyFile&) = delete;
    NpyFile& operator=(const NpyFile&) = delete;

    const std::string& path() const;
    const Shape& shape() const;
    /// The dtype as NumPy spells it: "<f8", "|u1", ">i2".
    std::string dtype() const;
    bool fortranOrder() const;
    /// Rows [begin, end) as float32 of shape (end - begin, shape()[1:]...); the same values readNpy(path).slice()
    /// holds. ArgumentError for a range outside 0..shape()[0] or a rank-0 array; IoError when a read fails.
    /// Several threads may read at once (pread keeps no file position).
    Tensor readRows(int64_t begin, int64_t end) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Reads every array of a .npz archive (stored or deflated entries, zip64), keyed by name without ".npy".
std::map<std::string, Tensor> readNpz(const std::string& path);
/// Writes float32 arrays as an uncompressed .npz archive atomically; numpy.load reads it.
void writeNpz(const std::string& path, const std::map<std::string, Tensor>& arrays);
/// The bytes of a float32, C-order .npy file.
std::vector<char> npyBytes(const Tensor& tensor);

/// Reads a whole file; throws IoError naming the path when it cannot.
std::vector<char> readFileBytes(const std::string& path);
/// Writes bytes to `path` atomically: a temporary file in the same folder, flushed, then renamed.
void writeFileAtomically(const std::string& path, const std::vector<char>& bytes);

} // namespace lantern::io

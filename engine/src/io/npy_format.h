#pragma once
// Internal to the engine: the .npy header and element conversion shared by the whole-file reader (npy.cpp) and the
// row reader NpyFile (npy_file.cpp), so both convert every dtype the same way, bit for bit.

#include "lantern/tensor.h"

#include <cstddef>
#include <string>

namespace lantern::io::detail {

struct NpyHeader {
    char byteOrder = '<';
    char kind = 'f';
    int itemSize = 4;
    bool fortran = false;
    Shape shape;
    size_t dataOffset = 0; ///< bytes before the array data (magic, version, length, header text)
    bool swap = false;     ///< the file's byte order differs from this machine's
};

/// Parses the magic, version and header dictionary at the start of a .npy file; `size` bytes are available (the
/// whole file, or at least its first 65,548 bytes). Checks the dtype; does not check that the data is present.
/// Throws IoError naming `name`.
NpyHeader parseNpyHeader(const char* bytes, size_t size, const std::string& name);

/// Number of elements of the header's shape, or IoError naming `name` when the data (`dataBytes` present after
/// the header) is shorter than the shape needs.
size_t checkedNpyCount(const NpyHeader& header, size_t dataBytes, const std::string& name);

/// Converts `count` consecutive elements of the header's dtype to float32.
void convertNpyElements(const char* src, size_t count, const NpyHeader& header, float* dst);

} // namespace lantern::io::detail

#pragma once
// Internal to the engine: the IDX header and element decoding shared by readIdx (idx.cpp) and the row reader
// IdxFile (idx_file.cpp), so both decode every element type the same way.

#include "lantern/tensor.h"

#include <cstddef>
#include <string>

namespace lantern::io::detail {

struct IdxHeader {
    int type = 0x08;     ///< 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64
    int elementSize = 1; ///< bytes per element
    Shape shape;
    size_t dataOffset = 0; ///< 4 + 4 * rank
};

/// The element type of an IDX magic number's third byte: its size in bytes, or IoError naming `path`.
int idxElementSize(int type, const std::string& path);

/// Parses the magic number and dimensions; `size` bytes are available. Throws IoError naming `path` for a bad
/// magic number, type or rank, or fewer than 4 + 4 * rank bytes. Does not check that the data is present.
IdxHeader parseIdxHeader(const unsigned char* bytes, size_t size, const std::string& path);

/// Decodes `count` consecutive big-endian elements of `type` to float32.
void decodeIdxElements(int type, const unsigned char* src, size_t count, float* dst);

} // namespace lantern::io::detail

#pragma once
// IDX files (the MNIST format), plain or gzip-compressed. Element types u8, i8, i16, i32, f32, f64 are read
// into float32 tensors with the file's shape (e.g. (N, 28, 28) images, (N) labels).

#include "lantern/tensor.h"

#include <string>

namespace lantern::io {

Tensor readIdx(const std::string& path);

} // namespace lantern::io

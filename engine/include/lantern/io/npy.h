#pragma once
// NumPy .npy and .npz files. Arrays are read into float32 tensors (float32, float64, uint8, int8, int16,
// int32, int64, bool; C or Fortran order, any byte order); anything else is a clear IoError naming the file.

#include "lantern/tensor.h"

#include <map>
#include <string>
#include <vector>

namespace lantern::io {

/// Reads one .npy file.
Tensor readNpy(const std::string& path);
/// Parses .npy bytes; `name` appears in error messages.
Tensor parseNpy(const std::vector<char>& bytes, const std::string& name);
/// Writes a float32, C-order .npy file atomically (temporary file + rename).
void writeNpy(const std::string& path, const Tensor& tensor);

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

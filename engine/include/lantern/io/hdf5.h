#pragma once
// HDF5 files (serial HDF5 1.10 underneath; no HDF5 type appears here). Numeric datasets of any integer or
// floating-point type are read into float32 tensors; attributes are read as text. Every failure (missing,
// corrupt, truncated or non-HDF5 file, missing object, unsupported type, absurd size) is an IoError naming the
// file and the object; HDF5's own error printing is switched off.

#include "lantern/tensor.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lantern::io {

/// Full paths of every dataset ("/group/name"), sorted. Only hard links are followed.
std::vector<std::string> listHdf5Datasets(const std::string& path);

/// A numeric dataset of any integer/float type converted to float32 (rank <= 5; scalar -> shape {}).
/// `dataset` may be given with or without the leading "/".
Tensor readHdf5Dataset(const std::string& path, const std::string& dataset);

/// An attribute of `object` ("/" for the root group, a group or a dataset) as text: strings (fixed or
/// variable length) verbatim, numbers in their shortest round-trip form ("0.8837", "42"), arrays as
/// "[a, b, c]". std::nullopt when the object has no such attribute; IoError when the object is missing.
std::optional<std::string> readHdf5Attribute(const std::string& path, const std::string& object,
                                             const std::string& name);

/// Writes a new HDF5 file atomically (temporary file in the same folder + rename):
/// - datasets: float32, keyed by path ("/a/b/c" or "a/b/c"); intermediate groups are created;
/// - attributes: scalar fixed-length strings (as h5py writes `bytes`), keyed "object@attr" with object "/" for
///   the root; an object that is not a dataset of the map is created as a group (with its parents).
void writeHdf5(const std::string& path, const std::map<std::string, Tensor>& datasets,
               const std::map<std::string, std::string>& attributes = {});

/// As above, plus 1-D fixed-length string array attributes ("object@attr" -> values), the layout numpy
/// `np.array([b"a", b"bc"])` (dtype "S") gets in h5py, e.g. Keras' `layer_names` and `weight_names`. An empty
/// list gives an empty array.
void writeHdf5(const std::string& path, const std::map<std::string, Tensor>& datasets,
               const std::map<std::string, std::string>& attributes,
               const std::map<std::string, std::vector<std::string>>& stringArrayAttributes);

} // namespace lantern::io

#pragma once
// HDF5 files (serial HDF5 1.10 underneath; no HDF5 type appears here). Numeric datasets of any integer or
// floating-point type are read into float32 tensors; attributes are read as text. Every failure (missing,
// corrupt, truncated or non-HDF5 file, missing object, unsupported type, absurd size) is an IoError naming the
// file and the object; HDF5's own error printing is switched off.

#include "lantern/tensor.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lantern::io {

/// Full paths of every dataset ("/group/name"), sorted. Only hard links are followed.
std::vector<std::string> listHdf5Datasets(const std::string& path);

/// A numeric dataset of any integer/float type converted to float32 (rank <= 5; scalar -> shape {}).
/// `dataset` may be given with or without the leading "/".
Tensor readHdf5Dataset(const std::string& path, const std::string& dataset);

/// The shape of a dataset without reading it (scalar -> {}). Unlike readHdf5Dataset it accepts datasets larger than fit
/// in memory (up to 2^40 elements, 2^30 per row of the leading dimension), to be read with readHdf5Rows or
/// Hdf5RowReader.
Shape hdf5DatasetShape(const std::string& path, const std::string& dataset);

/// Rows [begin, end) of the leading dimension of a numeric dataset as float32 (end - begin, shape[1:]...): an HDF5
/// hyperslab, so only those rows are read; the values equal readHdf5Dataset's. Opens and closes the file; to read
/// many batches keep an Hdf5RowReader.
Tensor readHdf5Rows(const std::string& path, const std::string& dataset, int64_t begin, int64_t end);

/// A numeric dataset kept open to read rows of its leading dimension batch by batch (hyperslabs). The file is
/// opened (and probed, see readHdf5Dataset) once; every HDF5 call holds the process-wide HDF5 lock, so readers on
/// several threads are safe but serialised.
class Hdf5RowReader {
public:
    /// IoError naming the file and dataset when either is missing, not numeric, of rank 0 or corrupt.
    Hdf5RowReader(const std::string& path, const std::string& dataset);
    ~Hdf5RowReader();
    Hdf5RowReader(Hdf5RowReader&& other) noexcept;
    Hdf5RowReader& operator=(Hdf5RowReader&& other) noexcept;
    Hdf5RowReader(const Hdf5RowReader&) = delete;
    Hdf5RowReader& operator=(const Hdf5RowReader&) = delete;

    const std::string& path() const;
    /// The dataset's full path ("/group/name").
    const std::string& dataset() const;
    const Shape& shape() const;
    /// ArgumentError for a range outside 0..shape()[0]; IoError naming file and dataset when the read fails.
    Tensor readRows(int64_t begin, int64_t end) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

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

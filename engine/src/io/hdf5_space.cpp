// Dataspace shapes and the stored-size plausibility check, shared by Hdf5File (hdf5_file.cpp) and the row reader
// (hdf5_rows.cpp).
#include "io/hdf5_file.h"
#include "io/hdf5_handle.h"

#include "lantern/error.h"

#include <hdf5.h>

#include <algorithm>

namespace lantern::io {

Shape hdf5SpaceShape(int64_t space, const std::string& where, uint64_t maxElements)
{
    const H5S_class_t cls = H5Sget_simple_extent_type(space);
    if (cls == H5S_SCALAR)
        return {};
    if (cls != H5S_SIMPLE)
        throw IoError(where + ": has no data (null or invalid dataspace)" + hdf5Detail());
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0)
        throw IoError(where + ": cannot read the dataspace" + hdf5Detail());
    if (rank > kMaxRank)
        throw IoError(where + ": rank " + std::to_string(rank) + " is not supported (at most " +
                      std::to_string(kMaxRank) + ")");
    hsize_t dims[H5S_MAX_RANK];
    if (H5Sget_simple_extent_dims(space, dims, nullptr) < 0)
        throw IoError(where + ": cannot read the dimensions" + hdf5Detail());
    Shape shape;
    uint64_t count = 1;
    for (int i = 0; i < rank; ++i) {
        if (dims[i] > maxElements || (dims[i] && count > maxElements / dims[i]))
            throw IoError(where + ": dimensions too large to read (more than " + std::to_string(maxElements) +
                          " elements)");
        count *= dims[i];
        shape.push_back(static_cast<int64_t>(dims[i]));
    }
    return shape;
}

void checkHdf5Storage(int64_t dataset, int64_t type, const Shape& shape, const std::string& where)
{
    // A corrupt header can claim far more elements than the file stores: refuse before allocating for them.
    // Without filters the file must hold every byte; deflate (the only compression Keras/h5py use) packs at most
    // 1032:1. Datasets up to 16 MB are read regardless (never-written datasets are read as fill values).
    const uint64_t needed = static_cast<uint64_t>(shapeSize(shape)) * std::max<size_t>(1, H5Tget_size(type));
    if (needed > (uint64_t(16) << 20)) {
        Handle dcpl(H5Dget_create_plist(dataset), H5Pclose);
        const int filters = dcpl.valid() ? H5Pget_nfilters(dcpl.get()) : 0;
        const uint64_t stored = H5Dget_storage_size(dataset);
        const uint64_t ratio = filters > 0 ? 1100 : 1;
        if (stored == 0 || needed / ratio > stored)
            throw IoError(where + ": claims " + shapeToString(shape) + " elements (" + std::to_string(needed) +
                          " bytes) but the file stores " + std::to_string(stored) + " bytes for it (corrupt file?)");
    }
}

} // namespace lantern::io

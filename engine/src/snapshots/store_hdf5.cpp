#include "snapshots/store_hdf5.h"

#include "lantern/error.h"

#include <algorithm>

namespace lantern::snapshots::detail {

using io::Handle;
using io::hdf5Detail;

io::Handle createGrowing(hid_t file, const std::string& path, hid_t fileType, const Shape& row,
                         hsize_t framesPerChunk, const Shape& chunkRow, bool compress, const std::string& where)
{
    std::vector<hsize_t> dims{0}, maxDims{H5S_UNLIMITED}, chunk{std::max<hsize_t>(1, framesPerChunk)};
    for (size_t i = 0; i < row.size(); ++i) {
        dims.push_back(static_cast<hsize_t>(row[i]));
        maxDims.push_back(static_cast<hsize_t>(row[i]));
        chunk.push_back(std::max<hsize_t>(1, static_cast<hsize_t>(i < chunkRow.size() ? chunkRow[i] : row[i])));
    }
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), maxDims.data()), H5Sclose);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    if (!space.valid() || !dcpl.valid() || !lcpl.valid())
        throw IoError(where + ": cannot prepare the dataset" + hdf5Detail());
    H5Pset_create_intermediate_group(lcpl.get(), 1);
    H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data());
    if (compress && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
        H5Pset_shuffle(dcpl.get());
        H5Pset_deflate(dcpl.get(), 1);
    }
    Handle ds(H5Dcreate2(file, path.c_str(), fileType, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT), H5Dclose);
    if (!ds.valid())
        throw IoError(where + ": cannot create the dataset " + path + hdf5Detail());
    return ds;
}

std::vector<hsize_t> extent(hid_t dataset, const std::string& where)
{
    Handle space(H5Dget_space(dataset), H5Sclose);
    const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0)
        throw IoError(where + ": cannot read the dataset's shape" + hdf5Detail());
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
}

void writeRow(hid_t dataset, int64_t index, hid_t memType, const void* data, const std::string& where)
{
    std::vector<hsize_t> dims = extent(dataset, where);
    if (dims.empty())
        throw IoError(where + ": not a growing dataset");
    dims[0] = std::max<hsize_t>(dims[0], static_cast<hsize_t>(index) + 1);
    if (H5Dset_extent(dataset, dims.data()) < 0)
        throw IoError(where + ": cannot grow the dataset to " + std::to_string(dims[0]) + " frames" + hdf5Detail());
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    start[0] = static_cast<hsize_t>(index);
    count[0] = 1;
    Handle fileSpace(H5Dget_space(dataset), H5Sclose);
    Handle memSpace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    if (!fileSpace.valid() || !memSpace.valid() ||
        H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0 ||
        H5Dwrite(dataset, memType, memSpace.get(), fileSpace.get(), H5P_DEFAULT, data) < 0)
        throw IoError(where + ": cannot write frame " + std::to_string(index) + hdf5Detail());
}

void readBox(hid_t dataset, hid_t memType, const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
             void* out, const std::string& where)
{
    const std::vector<hsize_t> dims = extent(dataset, where);
    if (dims.size() != start.size() || dims.size() != count.size())
        throw IoError(where + ": has rank " + std::to_string(dims.size()) + ", expected " +
                      std::to_string(start.size()));
    for (size_t i = 0; i < dims.size(); ++i)
        if (start[i] + count[i] > dims[i])
            throw IoError(where + ": axis " + std::to_string(i) + " has " + std::to_string(dims[i]) +
                          " entries, cannot read " + std::to_string(start[i]) + ".." +
                          std::to_string(start[i] + count[i]));
    Handle fileSpace(H5Dget_space(dataset), H5Sclose);
    Handle memSpace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    if (!fileSpace.valid() || !memSpace.valid() ||
        H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0 ||
        H5Dread(dataset, memType, memSpace.get(), fileSpace.get(), H5P_DEFAULT, out) < 0)
        throw IoError(where + ": cannot read" + hdf5Detail());
}

std::vector<hsize_t> seriesChunk(int64_t probes, const Shape& shape)
{
    hsize_t perProbe = 4;
    for (int64_t d : shape)
        perProbe *= static_cast<hsize_t>(std::max<int64_t>(1, d));
    constexpr hsize_t target = 64 * 1024; // one probe at one frame costs a 64 KiB inflate, not 256
    const hsize_t p = static_cast<hsize_t>(std::max<int64_t>(1, probes));
    std::vector<hsize_t> chunk{kFramesPerChunk, std::clamp<hsize_t>(target / (kFramesPerChunk * perProbe), 1, p)};
    for (int64_t d : shape)
        chunk.push_back(static_cast<hsize_t>(std::max<int64_t>(1, d)));
    return chunk;
}

io::Handle createFixed(hid_t file, const std::string& path, hid_t fileType, const std::vector<hsize_t>& dims,
                       const std::vector<hsize_t>& chunk, const std::string& where)
{
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    if (!space.valid() || !dcpl.valid() || !lcpl.valid())
        throw IoError(where + ": cannot prepare the dataset" + hdf5Detail());
    H5Pset_create_intermediate_group(lcpl.get(), 1);
    if (!chunk.empty())
        H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data());
    H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_ALLOC);
    Handle ds(H5Dcreate2(file, path.c_str(), fileType, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT), H5Dclose);
    if (!ds.valid())
        throw IoError(where + ": cannot create the dataset " + path + hdf5Detail());
    return ds;
}

void writeBox(hid_t dataset, hid_t memType, const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
              const void* data, bool grow, const std::string& where)
{
    if (grow) {
        std::vector<hsize_t> dims = extent(dataset, where);
        if (dims.size() != start.size())
            throw IoError(where + ": rank mismatch");
        dims[0] = std::max<hsize_t>(dims[0], start[0] + count[0]);
        if (H5Dset_extent(dataset, dims.data()) < 0)
            throw IoError(where + ": cannot grow the dataset to " + std::to_string(dims[0]) + " frames" +
                          hdf5Detail());
    }
    Handle fileSpace(H5Dget_space(dataset), H5Sclose);
    Handle memSpace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    if (!fileSpace.valid() || !memSpace.valid() ||
        H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0 ||
        H5Dwrite(dataset, memType, memSpace.get(), fileSpace.get(), H5P_DEFAULT, data) < 0)
        throw IoError(where + ": cannot write" + hdf5Detail());
}

} // namespace lantern::snapshots::detail

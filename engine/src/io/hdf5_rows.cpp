// Rows of an HDF5 dataset read as hyperslabs (batch-by-batch sample input): Hdf5RowReader, hdf5DatasetShape and
// readHdf5Rows of io/hdf5.h.
#include "io/hdf5_file.h"
#include "io/hdf5_handle.h"
#include "lantern/error.h"
#include "lantern/io/hdf5.h"

#include <hdf5.h>

#include <mutex>
#include <vector>

namespace lantern::io {

namespace {

/// Bounds on what a row reader accepts: far beyond memory in total, but one row must fit.
constexpr uint64_t kMaxTotalElements = uint64_t(1) << 40;
constexpr uint64_t kMaxRowElements = uint64_t(1) << 30;

/// Opens a dataset of an open file; call with the HDF5 lock held.
Handle openDataset(const Hdf5File& file, const std::string& dataset, const std::string& where)
{
    silenceHdf5Errors();
    if (!file.isDataset(dataset))
        throw IoError(where + ": no such dataset");
    Handle ds(H5Dopen2(file.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.valid())
        throw IoError(where + ": cannot open the dataset" + hdf5Detail());
    return ds;
}

/// The shape of an open dataset; call with the HDF5 lock held.
Shape shapeOf(const Handle& ds, const std::string& where)
{
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    if (!space.valid())
        throw IoError(where + ": cannot read the dataspace" + hdf5Detail());
    return hdf5SpaceShape(space.get(), where, kMaxTotalElements);
}

} // namespace

struct Hdf5RowReader::Impl {
    Hdf5File file;
    std::string dataset; // normalised
    std::string where;   // "file: /dataset" for messages
    Handle ds;
    Shape shape;

    explicit Impl(Hdf5File f) : file(std::move(f)) {}
    ~Impl()
    {
        // the dataset is closed under the lock; the file closes itself (under the lock) after it
        const std::lock_guard hdf5Lock(hdf5CallMutex());
        ds = Handle();
    }
};

Hdf5RowReader::Hdf5RowReader(const std::string& path, const std::string& dataset)
    : m_impl(std::make_unique<Impl>(Hdf5File::openRead(path)))
{
    Impl& r = *m_impl;
    r.dataset = normalizeHdf5Path(dataset);
    r.where = path + ": " + r.dataset;
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    r.ds = openDataset(r.file, r.dataset, r.where);
    r.shape = shapeOf(r.ds, r.where);
    if (r.shape.empty())
        throw IoError(r.where + ": is a scalar; rows are read from datasets of rank 1 or more");
    uint64_t row = 1;
    for (size_t i = 1; i < r.shape.size(); ++i)
        row *= static_cast<uint64_t>(r.shape[i]);
    if (row > kMaxRowElements)
        throw IoError(r.where + ": rows of " + std::to_string(row) + " elements are too large to read (more than " +
                      std::to_string(kMaxRowElements) + ")");
    Handle type(H5Dget_type(r.ds.get()), H5Tclose);
    if (!type.valid())
        throw IoError(r.where + ": cannot read the datatype" + hdf5Detail());
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        throw IoError(r.where + ": is not a numeric dataset (only integer and floating-point types are read)");
    checkHdf5Storage(r.ds.get(), type.get(), r.shape, r.where);
}

Hdf5RowReader::~Hdf5RowReader() = default;
Hdf5RowReader::Hdf5RowReader(Hdf5RowReader&& other) noexcept = default;
Hdf5RowReader& Hdf5RowReader::operator=(Hdf5RowReader&& other) noexcept = default;

const std::string& Hdf5RowReader::path() const
{
    return m_impl->file.path();
}

const std::string& Hdf5RowReader::dataset() const
{
    return m_impl->dataset;
}

const Shape& Hdf5RowReader::shape() const
{
    return m_impl->shape;
}

Tensor Hdf5RowReader::readRows(int64_t begin, int64_t end) const
{
    const Impl& r = *m_impl;
    if (begin < 0 || end < begin || end > r.shape[0])
        throw ArgumentError(r.where + ": rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") are outside the " + std::to_string(r.shape[0]) + " rows of the dataset");
    Shape shape = r.shape;
    shape[0] = end - begin;
    Tensor t = Tensor::uninitialized(shape);
    if (t.size() == 0)
        return t;
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    std::vector<hsize_t> start(shape.size(), 0), count(shape.begin(), shape.end());
    start[0] = static_cast<hsize_t>(begin);
    Handle fileSpace(H5Dget_space(r.ds.get()), H5Sclose);
    Handle memSpace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    if (!fileSpace.valid() || !memSpace.valid() ||
        H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0)
        throw IoError(r.where + ": cannot select rows [" + std::to_string(begin) + ", " + std::to_string(end) + ")" +
                      hdf5Detail());
    if (H5Dread(r.ds.get(), H5T_NATIVE_FLOAT, memSpace.get(), fileSpace.get(), H5P_DEFAULT, t.data()) < 0)
        throw IoError(r.where + ": cannot read rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                      ") (corrupt or truncated file?)" + hdf5Detail());
    return t;
}

Shape hdf5DatasetShape(const std::string& path, const std::string& dataset)
{
    const Hdf5File file = Hdf5File::openRead(path);
    const std::string name = normalizeHdf5Path(dataset);
    const std::string where = path + ": " + name;
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    const Handle ds = openDataset(file, name, where);
    return shapeOf(ds, where);
}

Tensor readHdf5Rows(const std::string& path, const std::string& dataset, int64_t begin, int64_t end)
{
    return Hdf5RowReader(path, dataset).readRows(begin, end);
}

} // namespace lantern::io

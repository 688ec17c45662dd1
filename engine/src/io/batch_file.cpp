// BatchFile (lantern/io/batch_file.h) on HDF5. Compiled twice: into the engine against serial HDF5 (openBatchFile
// below), and into the MPI library against parallel HDF5 with LANTERN_PARALLEL_HDF5 defined, where every call is
// collective over MPI_COMM_WORLD. Debian versions the symbols of its two HDF5 builds (HDF5_SERIAL_*, HDF5_MPI_*),
// so both live in one process; everything here sits in a namespace of its own flavour so that neither build's
// code can stand in for the other's.
#include "lantern/io/batch_file.h"

#include "lantern/error.h"

#include <hdf5.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#ifdef LANTERN_PARALLEL_HDF5
#include <mpi.h>
#define LANTERN_H5_FLAVOUR parallel_hdf5
#else
#include "io/hdf5_handle.h"
#include <fcntl.h>
#include <unistd.h>
#define LANTERN_H5_FLAVOUR serial_hdf5
#endif

namespace lantern::io {

namespace LANTERN_H5_FLAVOUR {
namespace {

#ifdef LANTERN_PARALLEL_HDF5
struct CallLock { // one thread per rank calls HDF5
    ~CallLock() {}
};
#else
struct CallLock {
    std::lock_guard<Hdf5CallLock> lock{hdf5CallMutex()};
};
#endif

constexpr const char* kFormat = "lantern-batch 1";

/// "(100, 3, 64, 64)" (shapeToString lives in the engine, which the MPI library does not link)
std::string dims(const Shape& shape)
{
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i)
            s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + ")";
}

class Id {
public:
    using Closer = herr_t (*)(hid_t);
    Id() = default;
    Id(hid_t id, Closer closer) : m_id(id), m_closer(closer) {}
    Id(Id&& o) noexcept : m_id(o.m_id), m_closer(o.m_closer) { o.m_id = -1; }
    Id& operator=(Id&& o) noexcept
    {
        std::swap(m_id, o.m_id);
        std::swap(m_closer, o.m_closer);
        return *this;
    }
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    ~Id()
    {
        if (m_id >= 0 && m_closer)
            m_closer(m_id);
    }
    hid_t get() const { return m_id; }
    bool valid() const { return m_id >= 0; }
    hid_t release()
    {
        const hid_t id = m_id;
        m_id = -1;
        return id;
    }

private:
    hid_t m_id = -1;
    Closer m_closer = nullptr;
};

herr_t detailWalker(unsigned, const H5E_error2_t* e, void* out)
{
    if (e && e->desc && *e->desc)
        *static_cast<std::string*>(out) = e->desc; // the last walked (innermost) message wins
    return 0;
}

std::string detail()
{
    std::string text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, detailWalker, &text);
    return text.empty() ? std::string() : " (" + text + ")";
}

[[noreturn]] void fail(const std::string& file, const std::string& what)
{
    throw IoError(file + ": " + what + detail());
}

hid_t checkId(hid_t id, const std::string& file, const std::string& what)
{
    if (id < 0)
        fail(file, what);
    return id;
}

void check(herr_t status, const std::string& file, const char* what)
{
    if (status < 0)
        fail(file, what);
}

Id fileAccess()
{
    Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
#ifdef LANTERN_PARALLEL_HDF5
    H5Pset_fapl_mpio(fapl.get(), MPI_COMM_WORLD, MPI_INFO_NULL);
    H5Pset_all_coll_metadata_ops(fapl.get(), true);
    H5Pset_coll_metadata_write(fapl.get(), true);
#endif
    return fapl;
}

Id transfer()
{
    Id dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
#ifdef LANTERN_PARALLEL_HDF5
    H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE);
#endif
    return dxpl;
}

void writeStringAttribute(hid_t object, const std::string& name, const std::string& value, const std::string& file)
{
    Id type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), std::max<size_t>(1, value.size()));
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    Id space(H5Screate(H5S_SCALAR), H5Sclose);
    Id attr(checkId(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), file,
                  "cannot create attribute " + name),
            H5Aclose);
    const std::string padded = value.empty() ? std::string(1, '\0') : value;
    check(H5Awrite(attr.get(), type.get(), padded.data()), file, "cannot write an attribute");
}

std::string readStringAttribute(hid_t object, const std::string& name, const std::string& file)
{
    if (H5Aexists(object, name.c_str()) <= 0)
        throw IoError(file + ": not a Lantern batch file (no attribute " + name + ")");
    Id attr(checkId(H5Aopen(object, name.c_str(), H5P_DEFAULT), file, "cannot open attribute " + name), H5Aclose);
    Id type(H5Aget_type(attr.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0)
        throw IoError(file + ": attribute " + name + " is not a fixed-length string");
    std::string value(H5Tget_size(type.get()), '\0');
    check(H5Aread(attr.get(), type.get(), value.data()), file, "cannot read an attribute");
    value.resize(std::min(value.size(), value.find('\0')));
    return value;
}

/// One line per dataset: "1<TAB>100,3,64,64<TAB>map" (1: per sample; "-" for a scalar shape; the name last).
std::string datasetsText(const std::vector<BatchDataset>& datasets)
{
    std::string text;
    for (const auto& d : datasets) {
        text += d.perSample ? '1' : '0';
        text += '\t';
        if (d.shape.empty())
            text += '-';
        for (size_t i = 0; i < d.shape.size(); ++i) {
            if (i)
                text += ',';
            text += std::to_string(d.shape[i]);
        }
        text += '\t';
        text += d.name;
        text += '\n';
    }
    return text;
}

std::vector<BatchDataset> parseDatasets(const std::string& text, const std::string& file)
{
    std::vector<BatchDataset> out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const size_t a = line.find('\t'), b = a == std::string::npos ? a : line.find('\t', a + 1);
        if (b == std::string::npos || a != 1 || (line[0] != '0' && line[0] != '1') || b + 1 >= line.size())
            throw IoError(file + ": damaged dataset list in /lantern (line '" + line + "')");
        BatchDataset d;
        d.perSample = line[0] == '1';
        d.name = line.substr(b + 1);
        const std::string dimsText = line.substr(a + 1, b - a - 1);
        if (dimsText != "-") {
            std::istringstream ds(dimsText);
            std::string v;
            while (std::getline(ds, v, ','))
                d.shape.push_back(std::stoll(v)); // std::invalid_argument: caught by resume()
        }
        out.push_back(std::move(d));
    }
    return out;
}

class Hdf5BatchFile final : public BatchFile {
public:
    Hdf5BatchFile(std::string path, BatchFileSpec spec, Id file)
        : m_path(std::move(path)), m_part(partialPath(m_path)), m_spec(std::move(spec)), m_file(std::move(file))
    {
        for (const auto& d : m_spec.datasets)
            m_datasets.emplace_back(checkId(H5Dopen2(m_file.get(), d.name.c_str(), H5P_DEFAULT), m_part,
                                          "cannot open dataset " + d.name),
                                    H5Dclose);
        m_done = Id(checkId(H5Dopen2(m_file.get(), "/lantern/batch_done", H5P_DEFAULT), m_part,
                          "cannot open /lantern/batch_done"),
                    H5Dclose);
#ifndef LANTERN_PARALLEL_HDF5
        m_fd = ::open(m_part.c_str(), O_RDONLY | O_CLOEXEC); // to sync finished rows before they are marked done
#endif
    }
    ~Hdf5BatchFile() override
    {
#ifndef LANTERN_PARALLEL_HDF5
        if (m_fd >= 0)
            ::close(m_fd);
#endif
        if (m_file.valid()) {
            CallLock lock;
            m_datasets.clear();
            m_done = Id();
            m_file = Id();
        }
    }

    const BatchFileSpec& spec() const override { return m_spec; }

    std::vector<uint8_t> doneBatches() const override
    {
        CallLock lock;
        std::vector<uint8_t> done(static_cast<size_t>(m_spec.batches()));
        Id dxpl = transfer();
        if (!done.empty())
            check(H5Dread(m_done.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, dxpl.get(), done.data()), m_part,
                  "cannot read /lantern/batch_done");
        return done;
    }

    void writeBatch(const BatchRows& batch) override
    {
        CallLock lock;
        const bool mine = batch.batch >= 0;
        if (mine && batch.batch >= m_spec.batches())
            throw IoError(m_part + ": batch " + std::to_string(batch.batch) + " is out of range");
        const int64_t begin = mine ? batch.batch * m_spec.batchSize : 0;
        const int64_t end = mine ? std::min(m_spec.samples, begin + m_spec.batchSize) : 0;
        Id dxpl = transfer();
        for (size_t i = 0; i < m_spec.datasets.size(); ++i) {
            const BatchDataset& d = m_spec.datasets[i];
            if (!d.perSample)
                continue;
            const Tensor* rows = nullptr;
            if (mine) {
                auto it = batch.rows.find(d.name);
                if (it == batch.rows.end() || it->second.rank() != static_cast<int>(d.shape.size()) ||
                    it->second.shape()[0] != end - begin ||
                    !std::equal(d.shape.begin() + 1, d.shape.end(), it->second.shape().begin() + 1))
                    throw IoError(m_part + ": batch " + std::to_string(batch.batch) + " has no rows of shape (" +
                                  std::to_string(end - begin) + ", ...) for dataset " + d.name);
                rows = &it->second;
            }
            writeRows(m_datasets[i].get(), d, begin, end, rows ? rows->data() : nullptr, dxpl.get());
        }
        flush(true);
        // only now is the batch marked done
        const uint8_t one = 1;
        BatchDataset flag{"/lantern/batch_done", {m_spec.batches()}, true};
        writeRows(m_done.get(), flag, mine ? batch.batch : 0, mine ? batch.batch + 1 : 0, mine ? &one : nullptr,
                  dxpl.get(), H5T_NATIVE_UINT8);
        flush(false);
    }

    bool close() override
    {
        const std::vector<uint8_t> done = doneBatches();
        const bool complete = std::all_of(done.begin(), done.end(), [](uint8_t v) { return v != 0; });
        {
            CallLock lock;
            if (complete) { // "0" -> "1" in place: the same one-byte attribute the file was created with
                Id group(checkId(H5Gopen2(m_file.get(), "/lantern", H5P_DEFAULT), m_part, "cannot open /lantern"),
                         H5Gclose);
                Id attr(checkId(H5Aopen(group.get(), "complete", H5P_DEFAULT), m_part, "cannot open /lantern@complete"),
                        H5Aclose);
                Id type(H5Aget_type(attr.get()), H5Tclose);
                if (H5Tget_size(type.get()) != 1)
                    throw IoError(m_part + ": damaged /lantern@complete");
                check(H5Awrite(attr.get(), type.get(), "1"), m_part, "cannot write /lantern@complete");
            }
            m_datasets.clear();
            m_done = Id();
            if (H5Fclose(m_file.release()) < 0)
                fail(m_part, "cannot close the file");
        }
        if (!complete)
            return false;
        int rank = 0;
#ifdef LANTERN_PARALLEL_HDF5
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
#endif
        int status = 0;
        if (rank == 0)
            status = std::rename(m_part.c_str(), m_path.c_str());
#ifdef LANTERN_PARALLEL_HDF5
        MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
        if (status != 0)
            throw IoError(m_part + ": cannot rename the finished file to " + m_path);
        return true;
    }

private:
    /// Rows [begin, end) of a dataset from `data` (none when begin == end: this rank's part of a collective call).
    void writeRows(hid_t dataset, const BatchDataset& d, int64_t begin, int64_t end, const void* data, hid_t dxpl,
                   hid_t memType = H5T_NATIVE_FLOAT)
    {
        Id fileSpace(H5Dget_space(dataset), H5Sclose);
        hsize_t rows = static_cast<hsize_t>(std::max<int64_t>(1, end - begin));
        std::vector<hsize_t> start(d.shape.size(), 0), count(d.shape.begin(), d.shape.end());
        int64_t per = 1;
        for (size_t k = 1; k < d.shape.size(); ++k)
            per *= d.shape[k];
        Id memSpace(H5Screate_simple(1, &rows, nullptr), H5Sclose);
        if (end <= begin || !data) {
            H5Sselect_none(fileSpace.get());
            H5Sselect_none(memSpace.get());
            static const float dummy = 0;
            data = &dummy;
        } else {
            if (!d.shape.empty()) {
                start[0] = static_cast<hsize_t>(begin);
                count[0] = static_cast<hsize_t>(end - begin);
                check(H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                                          nullptr),
                      m_part, "cannot select rows");
            }
            hsize_t values = static_cast<hsize_t>((end - begin) * per);
            memSpace = Id(H5Screate_simple(1, &values, nullptr), H5Sclose);
        }
        check(H5Dwrite(dataset, memType, memSpace.get(), fileSpace.get(), dxpl, data), m_part,
              ("cannot write rows of " + d.name).c_str());
    }

    void flush(bool sync)
    {
        check(H5Fflush(m_file.get(), H5F_SCOPE_GLOBAL), m_part, "cannot flush the file");
#ifndef LANTERN_PARALLEL_HDF5
        if (sync && m_fd >= 0 && ::fdatasync(m_fd) != 0)
            throw IoError(m_part + ": cannot sync the file to disk");
#else
        (void)sync; // H5Fflush syncs the MPI file
#endif
    }

    std::string m_path, m_part;
    BatchFileSpec m_spec;
    Id m_file;
    std::vector<Id> m_datasets;
    Id m_done;
#ifndef LANTERN_PARALLEL_HDF5
    int m_fd = -1;
#endif
};

std::unique_ptr<BatchFile> create(const std::string& path, const BatchFileSpec& spec,
                                  const std::map<std::string, Tensor>& whole)
{
    const std::string part = partialPath(path);
    if (spec.samples < 1 || spec.batchSize < 1)
        throw ArgumentError(path + ": a batch file needs at least one sample and a batch size >= 1");
    CallLock lock;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    Id fapl = fileAccess();
    // built under a third name and renamed once its layout is on disk: a run stopped while creating the file
    // leaves no partial file that cannot be resumed
    const std::string building = part + ".new";
    Id file(checkId(H5Fcreate(building.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), building,
                    "cannot create the file"),
            H5Fclose);
    Id lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(lcpl.get(), 1);
    Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_layout(dcpl.get(), H5D_CONTIGUOUS);
    H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER);
    auto makeDataset = [&](const std::string& name, const Shape& shape, hid_t type) {
        for (int64_t v : shape)
            if (v < 0)
                throw ShapeError(part + ": dataset " + name + " has a free dimension " + dims(shape));
        std::vector<hsize_t> dims(shape.begin(), shape.end());
        Id space(shape.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(int(dims.size()), dims.data(), nullptr),
                 H5Sclose);
        Id d(checkId(H5Dcreate2(file.get(), name.c_str(), type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT), part,
                   "cannot create dataset " + name),
             H5Dclose);
    };
    for (const auto& d : spec.datasets) {
        if (d.name.empty() || d.name.rfind("lantern/", 0) == 0 || d.name.rfind("/lantern/", 0) == 0 ||
            d.name.find_first_of("\t\n") != std::string::npos)
            throw ArgumentError(part + ": '" + d.name + "' is not a dataset name a batch file can hold");
        if (d.perSample && (d.shape.empty() || d.shape[0] != spec.samples))
            throw ShapeError(part + ": per-sample dataset " + d.name + " has shape " + dims(d.shape) +
                             " for " + std::to_string(spec.samples) + " samples");
        makeDataset(d.name, d.shape, H5T_IEEE_F32LE);
    }
    {
        // the done flags start at 0: written, not left to the allocation
        Id flags(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
        H5Pset_layout(flags.get(), H5D_CONTIGUOUS);
        H5Pset_alloc_time(flags.get(), H5D_ALLOC_TIME_EARLY);
        const uint8_t zero = 0;
        H5Pset_fill_value(flags.get(), H5T_NATIVE_UINT8, &zero);
        H5Pset_fill_time(flags.get(), H5D_FILL_TIME_ALLOC);
        hsize_t n = static_cast<hsize_t>(spec.batches());
        Id space(H5Screate_simple(1, &n, nullptr), H5Sclose);
        Id d(checkId(H5Dcreate2(file.get(), "/lantern/batch_done", H5T_STD_U8LE, space.get(), lcpl.get(), flags.get(),
                              H5P_DEFAULT),
                   part, "cannot create /lantern/batch_done"),
             H5Dclose);
    }
    Id group(checkId(H5Gopen2(file.get(), "/lantern", H5P_DEFAULT), part, "cannot open /lantern"), H5Gclose);
    writeStringAttribute(group.get(), "format", kFormat, part);
    writeStringAttribute(group.get(), "job", spec.job, part);
    writeStringAttribute(group.get(), "samples", std::to_string(spec.samples), part);
    writeStringAttribute(group.get(), "batch_size", std::to_string(spec.batchSize), part);
    writeStringAttribute(group.get(), "datasets", datasetsText(spec.datasets), part);
    writeStringAttribute(group.get(), "complete", "0", part);
    Id root(checkId(H5Gopen2(file.get(), "/", H5P_DEFAULT), part, "cannot open the root group"), H5Gclose);
    for (const auto& [key, value] : spec.attributes)
        writeStringAttribute(root.get(), key, value, part);
    // the whole results, before the file can be resumed: no flag covers them
    Id dxpl = transfer();
    for (const auto& d : spec.datasets) {
        if (d.perSample)
            continue;
        auto it = whole.find(d.name);
        const bool mine = it != whole.end();
        if (mine && it->second.shape() != d.shape)
            throw IoError(building + ": dataset " + d.name + " expects shape " + dims(d.shape) + ", not " +
                          dims(it->second.shape()));
        Id dataset(checkId(H5Dopen2(file.get(), d.name.c_str(), H5P_DEFAULT), building, "cannot open " + d.name),
                   H5Dclose);
        Id fileSpace(H5Dget_space(dataset.get()), H5Sclose);
        hsize_t count = 1;
        for (int64_t v : d.shape)
            count *= static_cast<hsize_t>(v);
        Id memSpace(H5Screate_simple(1, &count, nullptr), H5Sclose);
        static const float none = 0;
        if (!mine || count == 0) {
            H5Sselect_none(fileSpace.get());
            H5Sselect_none(memSpace.get());
        }
        check(H5Dwrite(dataset.get(), H5T_NATIVE_FLOAT, memSpace.get(), fileSpace.get(), dxpl.get(),
                       mine && count ? static_cast<const void*>(it->second.data()) : &none),
              building, ("cannot write " + d.name).c_str());
    }
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), part, "cannot flush the file");
#ifndef LANTERN_PARALLEL_HDF5
    {
        const int fd = ::open(building.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ::fdatasync(fd);
            ::close(fd);
        }
    }
#endif
    int rank = 0, status = 0;
#ifdef LANTERN_PARALLEL_HDF5
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Barrier(MPI_COMM_WORLD);
#endif
    if (rank == 0)
        status = std::rename(building.c_str(), part.c_str());
#ifdef LANTERN_PARALLEL_HDF5
    MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
    if (status != 0)
        throw IoError(building + ": cannot rename the new file to " + part);
    return std::make_unique<Hdf5BatchFile>(path, spec, std::move(file));
}

std::unique_ptr<BatchFile> resume(const std::string& path, const std::string& job)
{
    const std::string part = partialPath(path);
    CallLock lock;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    Id fapl = fileAccess();
    Id file(checkId(H5Fopen(part.c_str(), H5F_ACC_RDWR, fapl.get()), part, "cannot open the partial file to resume"),
            H5Fclose);
    if (H5Lexists(file.get(), "lantern", H5P_DEFAULT) <= 0)
        throw IoError(part + ": not a Lantern batch file (no /lantern group)");
    Id group(checkId(H5Gopen2(file.get(), "/lantern", H5P_DEFAULT), part, "cannot open /lantern"), H5Gclose);
    if (readStringAttribute(group.get(), "format", part) != kFormat)
        throw IoError(part + ": unknown batch file format '" + readStringAttribute(group.get(), "format", part) + "'");
    BatchFileSpec spec;
    spec.job = readStringAttribute(group.get(), "job", part);
    if (spec.job != job)
        throw IoError(part + ": was started by another job, so it cannot be resumed by this one.\n  file: " +
                      spec.job + "\n  now:  " + job + "\nDelete the partial file to start over.");
    try {
        spec.samples = std::stoll(readStringAttribute(group.get(), "samples", part));
        spec.batchSize = std::stoll(readStringAttribute(group.get(), "batch_size", part));
    } catch (const std::logic_error&) {
        throw IoError(part + ": damaged sample count or batch size in /lantern");
    }
    if (spec.samples < 1 || spec.batchSize < 1)
        throw IoError(part + ": damaged sample count or batch size in /lantern");
    try {
        spec.datasets = parseDatasets(readStringAttribute(group.get(), "datasets", part), part);
    } catch (const std::logic_error&) {
        throw IoError(part + ": damaged dataset list in /lantern");
    }
    // every dataset as the list says (a damaged file must not make a write or read overrun)
    auto checkExtent = [&](const std::string& name, const Shape& want) {
        if (H5Lexists(file.get(), name.c_str(), H5P_DEFAULT) <= 0)
            throw IoError(part + ": dataset " + name + " is missing");
        Id d(checkId(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), part, "cannot open dataset " + name), H5Dclose);
        Id space(H5Dget_space(d.get()), H5Sclose);
        const int rank = H5Sget_simple_extent_ndims(space.get());
        std::vector<hsize_t> have(static_cast<size_t>(std::max(rank, 0)));
        if (rank >= 0)
            H5Sget_simple_extent_dims(space.get(), have.data(), nullptr);
        Id type(H5Dget_type(d.get()), H5Tclose);
        if (rank != static_cast<int>(want.size()) || !std::equal(have.begin(), have.end(), want.begin(),
                                                                [](hsize_t a, int64_t b) { return int64_t(a) == b; }))
            throw IoError(part + ": dataset " + name + " does not have the shape " + dims(want) + " /lantern lists");
        if (H5Tget_class(type.get()) != (name == "/lantern/batch_done" ? H5T_INTEGER : H5T_FLOAT) ||
            H5Tget_size(type.get()) != (name == "/lantern/batch_done" ? 1u : 4u))
            throw IoError(part + ": dataset " + name + " has the wrong element type");
    };
    for (const auto& d : spec.datasets) {
        for (int64_t v : d.shape)
            if (v < 0)
                throw IoError(part + ": damaged dataset list in /lantern");
        if (d.perSample && (d.shape.empty() || d.shape[0] != spec.samples))
            throw IoError(part + ": dataset " + d.name + " does not have one row per sample");
        checkExtent(d.name, d.shape);
    }
    checkExtent("/lantern/batch_done", {spec.batches()});
    return std::make_unique<Hdf5BatchFile>(path, spec, std::move(file));
}

} // namespace
} // namespace LANTERN_H5_FLAVOUR

#ifdef LANTERN_PARALLEL_HDF5
// the MPI library's entry points (lantern/parallel/mpi.h)
std::unique_ptr<BatchFile> createParallelBatchFile(const std::string& path, const BatchFileSpec& spec,
                                                   const std::map<std::string, Tensor>& whole)
{
    return LANTERN_H5_FLAVOUR::create(path, spec, whole);
}
std::unique_ptr<BatchFile> resumeParallelBatchFile(const std::string& path, const std::string& job)
{
    return LANTERN_H5_FLAVOUR::resume(path, job);
}
#else
// the serial build (the engine) also exports the layout text for the CLI's MPI driver
std::string batchLayoutText(const std::vector<BatchDataset>& datasets)
{
    return LANTERN_H5_FLAVOUR::datasetsText(datasets);
}
std::vector<BatchDataset> parseBatchLayout(const std::string& text, const std::string& source)
{
    try {
        return LANTERN_H5_FLAVOUR::parseDatasets(text, source);
    } catch (const std::logic_error&) {
        throw IoError(source + ": damaged dataset list");
    }
}
std::unique_ptr<BatchFile> createBatchFile(const std::string& path, const BatchFileSpec& spec,
                                           const std::map<std::string, Tensor>& whole)
{
    return LANTERN_H5_FLAVOUR::create(path, spec, whole);
}
std::unique_ptr<BatchFile> resumeBatchFile(const std::string& path, const std::string& job)
{
    return LANTERN_H5_FLAVOUR::resume(path, job);
}
#endif

} // namespace lantern::io

#pragma once
// Hdf5File: a small RAII wrapper over one open HDF5 file (serial HDF5 1.10 C API) for the readers and
// importers inside the engine. It keeps hdf5.h out of its header (hid_t is int64_t in HDF5 1.10; checked in the
// .cpp). Every failure is an IoError "<file>: <object>: what is wrong"; HDF5's automatic error printing is off.

#include "lantern/tensor.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lantern::io {

class Hdf5File {
public:
    /// Opens an existing file read-only. Throws IoError for a missing, non-HDF5 or corrupt file, including a file
    /// that crashes the HDF5 library (see probeHdf5).
    static Hdf5File openRead(const std::string& path);
    /// Opens without the probe (the probe's own child uses it).
    static Hdf5File openReadUnprobed(const std::string& path);
    /// Creates (truncates) a file for writing; error messages name `displayName` when given (e.g. the final
    /// path of a file written through a temporary one).
    static Hdf5File create(const std::string& path, const std::string& displayName = {});

    Hdf5File(Hdf5File&& other) noexcept;
    Hdf5File& operator=(Hdf5File&& other) noexcept;
    Hdf5File(const Hdf5File&) = delete;
    Hdf5File& operator=(const Hdf5File&) = delete;
    ~Hdf5File();

    const std::string& path() const { return m_path; }
    /// The HDF5 file identifier (hid_t), for code in the engine that needs the C API directly.
    int64_t id() const { return m_id; }
    /// Writes every buffered change to disk (H5Fflush, global scope).
    void flush();

    /// Does the (absolute or root-relative) path name an object? Checks each component, never throws for
    /// missing parents.
    bool exists(const std::string& object) const;
    /// The object's identity: (file number, address in that file), the same for every hard link to it; nullopt
    /// when absent or unreadable.
    std::optional<std::pair<uint64_t, uint64_t>> objectAddress(const std::string& object) const;
    bool isGroup(const std::string& object) const;
    bool isDataset(const std::string& object) const;
    /// Names of the links in a group, in name order.
    std::vector<std::string> children(const std::string& group) const;
    /// Full paths ("/a/b") of every dataset reachable through hard links, sorted.
    std::vector<std::string> datasets() const;

    /// Shape of a dataset (scalar -> {}); IoError for rank > 5 or a null dataspace.
    Shape datasetShape(const std::string& dataset) const;
    /// A numeric (integer or floating-point) dataset converted to float32.
    Tensor readDataset(const std::string& dataset) const;
    /// The same read into memory from `allocate(shape)` (the HDF5 probe's child reads into plain heap memory: it
    /// must not take the tensor storage pool's lock, which another thread may have held at fork time).
    void readDatasetInto(const std::string& dataset, const std::function<float*(const Shape&)>& allocate) const;

    bool hasAttribute(const std::string& object, const std::string& name) const;
    /// Names of the attributes of an object, in name order.
    std::vector<std::string> attributeNames(const std::string& object) const;
    /// Attribute as text (see io/hdf5.h readHdf5Attribute); nullopt when absent.
    std::optional<std::string> attributeText(const std::string& object, const std::string& name) const;
    /// A string attribute as a list: a scalar string gives one element, an array of (fixed or variable
    /// length) strings one element per entry, an empty array of any type none. nullopt when absent; IoError
    /// for non-empty numeric attributes.
    std::optional<std::vector<std::string>> stringListAttribute(const std::string& object,
                                                                const std::string& name) const;

    /// Creates a group and its missing parents (no-op when it exists).
    void createGroup(const std::string& group);
    /// Writes a float32 dataset (parents created); IoError when it exists.
    void writeDataset(const std::string& dataset, const Tensor& tensor);
    /// Scalar fixed-length string attribute (null-padded, ASCII, as h5py writes bytes).
    void writeStringAttribute(const std::string& object, const std::string& name, const std::string& value);
    /// 1-D fixed-length string array attribute (numpy dtype "S").
    void writeStringArrayAttribute(const std::string& object, const std::string& name,
                                   const std::vector<std::string>& values);
    /// Flushes and closes the file (also done by the destructor, which cannot report errors).
    void close();

private:
    Hdf5File(std::string path, int64_t id) : m_path(std::move(path)), m_id(id) {}
    std::string where(const std::string& object) const;

    std::string m_path;
    int64_t m_id = -1;
};

/// Walks the file in a child process as Lantern's readers do (groups, attributes, dataset headers and up to 64 MB
/// of contents) and throws IoError naming the file when the HDF5 library crashes, aborts or hangs on it; a file
/// that passed is remembered by path, inode, size and modification time. LANTERN_HDF5_ISOLATION=0 turns it off
/// (for debugging HDF5 itself).
void probeHdf5(const std::string& path);

/// The machinery behind probeHdf5, for any library that may crash on a corrupt file: runs `walk` (which reads the
/// file the way the readers will) in a forked child; a crash there becomes an IoError "<path>: <library> crashed
/// while reading it (...)". Verdicts are remembered per library and file version (path, inode, size, times; not for
/// files changed in the last 2 s). LANTERN_HDF5_ISOLATION=0 turns every probe off.
void probeInChild(const std::string& path, const std::string& library, const std::function<void()>& walk);

/// Turns off HDF5's automatic error printing for the calling thread (it is per thread in thread-safe builds).
void silenceHdf5Errors();

/// Shape of a dataspace (hid_t `space`); IoError naming `where` for a null dataspace, rank > 5, or more than
/// `maxElements` elements. Call with the HDF5 lock held.
Shape hdf5SpaceShape(int64_t space, const std::string& where, uint64_t maxElements);

/// Refuses (IoError naming `where`) a dataset (hid_t `dataset` of datatype `type`) whose header claims far more
/// data than the file stores for it: a corrupt file, checked before allocating for it. Call with the HDF5 lock held.
void checkHdf5Storage(int64_t dataset, int64_t type, const Shape& shape, const std::string& where);

/// "/a/b" for "a/b", "/a/b/", "a//b"; "/" for "" and "/".
std::string normalizeHdf5Path(const std::string& object);

} // namespace lantern::io

#include "io/hdf5_file.h"
#include "io/hdf5_handle.h"

#include "lantern/error.h"

#include <hdf5.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <functional>
#include <type_traits>

namespace lantern::io {

static_assert(std::is_same_v<hid_t, int64_t>, "Hdf5File stores hid_t as int64_t");

namespace {

/// Largest dataset we agree to read (elements) and largest attribute (bytes): guards against absurd
/// dimensions in corrupt files before anything is allocated.
constexpr uint64_t kMaxDatasetElements = uint64_t(1) << 30;
constexpr uint64_t kMaxAttributeBytes = uint64_t(1) << 28;

std::vector<std::string> splitPath(const std::string& normalized)
{
    std::vector<std::string> parts;
    size_t i = 1;
    while (i < normalized.size()) {
        size_t j = normalized.find('/', i);
        if (j == std::string::npos)
            j = normalized.size();
        parts.push_back(normalized.substr(i, j - i));
        i = j + 1;
    }
    return parts;
}

Handle linkCreateIntermediate()
{
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    if (lcpl.valid())
        H5Pset_create_intermediate_group(lcpl.get(), 1);
    return lcpl;
}

uint64_t elementCount(const Shape& shape)
{
    uint64_t n = 1;
    for (int64_t d : shape)
        n *= static_cast<uint64_t>(d);
    return n;
}

/// Reads `count` strings of string type `type` from an attribute.
std::vector<std::string> readStrings(hid_t attr, hid_t type, hid_t space, uint64_t count, const std::string& where)
{
    std::vector<std::string> out;
    if (count == 0)
        return out;
    if (H5Tis_variable_str(type) > 0) {
        Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(memType.get(), H5T_VARIABLE);
        H5Tset_cset(memType.get(), H5Tget_cset(type));
        std::vector<char*> buf(count, nullptr);
        if (H5Aread(attr, memType.get(), buf.data()) < 0)
            throw IoError(where + ": cannot read the string attribute" + hdf5Detail());
        for (char* s : buf)
            out.emplace_back(s ? s : "");
        H5Dvlen_reclaim(memType.get(), space, H5P_DEFAULT, buf.data());
        return out;
    }
    const size_t size = H5Tget_size(type);
    if (size == 0 || size > kMaxAttributeBytes || count > kMaxAttributeBytes / size)
        throw IoError(where + ": string attribute too large");
    std::vector<char> buf(size * count, '\0');
    if (H5Aread(attr, type, buf.data()) < 0)
        throw IoError(where + ": cannot read the string attribute" + hdf5Detail());
    const bool spacePad = H5Tget_strpad(type) == H5T_STR_SPACEPAD;
    for (uint64_t i = 0; i < count; ++i) {
        const char* p = buf.data() + i * size;
        size_t n = strnlen(p, size);
        if (spacePad)
            while (n > 0 && p[n - 1] == ' ')
                --n;
        out.emplace_back(p, n);
    }
    return out;
}

template <typename T> std::string numberText(T value)
{
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, res.ptr);
}

template <typename T> std::vector<std::string> readNumbers(hid_t attr, hid_t memType, uint64_t count)
{
    std::vector<T> values(count);
    if (count && H5Aread(attr, memType, values.data()) < 0)
        return {};
    std::vector<std::string> out;
    for (T v : values)
        out.push_back(numberText(v));
    return out;
}

std::string joinList(const std::vector<std::string>& items)
{
    std::string s = "[";
    for (size_t i = 0; i < items.size(); ++i)
        s += (i ? ", " : "") + items[i];
    return s + "]";
}

} // namespace

void silenceHdf5Errors()
{
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

std::string normalizeHdf5Path(const std::string& object)
{
    std::string out = "/";
    for (char c : object) {
        if (c == '/' && out.back() == '/')
            continue;
        out += c;
    }
    if (out.size() > 1 && out.back() == '/')
        out.pop_back();
    return out;
}

Hdf5File Hdf5File::openRead(const std::string& path)
{
    silenceHdf5Errors();
    {
        // the usual errors first, without a child process
        std::error_code ec;
        // (the probe forks: it must not run under the HDF5 call lock, which it takes itself around fork())
        bool hdf5 = false;
        if (std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec)) {
            const std::lock_guard hdf5Lock(hdf5CallMutex());
            hdf5 = H5Fis_hdf5(path.c_str()) > 0;
        }
        if (hdf5)
            probeHdf5(path);
    }
    return openReadUnprobed(path);
}

Hdf5File Hdf5File::openReadUnprobed(const std::string& path)
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw IoError(path + ": no such file");
    if (std::filesystem::is_directory(path, ec))
        throw IoError(path + ": is a folder, not an HDF5 file");
    const htri_t isHdf5 = H5Fis_hdf5(path.c_str());
    if (isHdf5 <= 0)
        throw IoError(path + ": not an HDF5 file (no HDF5 signature)");
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0)
        throw IoError(path + ": cannot open the HDF5 file (corrupt or truncated?)" + hdf5Detail());
    return Hdf5File(path, id);
}

Hdf5File Hdf5File::create(const std::string& path, const std::string& displayName)
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    const std::string shown = displayName.empty() ? path : displayName;
    const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (id < 0)
        throw IoError(shown + ": cannot create the HDF5 file" + hdf5Detail());
    return Hdf5File(shown, id);
}

Hdf5File::Hdf5File(Hdf5File&& other) noexcept : m_path(std::move(other.m_path)), m_id(other.m_id)
{
    other.m_id = -1;
}

Hdf5File& Hdf5File::operator=(Hdf5File&& other) noexcept
{
    std::swap(m_path, other.m_path);
    std::swap(m_id, other.m_id);
    return *this;
}

Hdf5File::~Hdf5File()
{
    if (m_id >= 0) {
        const std::lock_guard hdf5Lock(hdf5CallMutex());
        H5Fclose(m_id);
    }
}

void Hdf5File::close()
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    if (m_id < 0)
        return;
    const hid_t id = m_id;
    m_id = -1;
    const bool flushed = H5Fflush(id, H5F_SCOPE_LOCAL) >= 0;
    const std::string detail = flushed ? std::string() : hdf5Detail();
    if (H5Fclose(id) < 0 || !flushed)
        throw IoError(m_path + ": cannot write the HDF5 file (disk full?)" + detail);
}

std::string Hdf5File::where(const std::string& object) const
{
    return m_path + ": " + normalizeHdf5Path(object);
}

bool Hdf5File::exists(const std::string& object) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    const std::string p = normalizeHdf5Path(object);
    std::string prefix;
    for (const std::string& part : splitPath(p)) {
        prefix += "/" + part;
        if (H5Lexists(m_id, prefix.c_str(), H5P_DEFAULT) <= 0)
            return false;
    }
    return p == "/" || H5Oexists_by_name(m_id, p.c_str(), H5P_DEFAULT) > 0;
}

std::optional<std::pair<uint64_t, uint64_t>> Hdf5File::objectAddress(const std::string& object) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!exists(object))
        return std::nullopt;
    H5O_info_t info{};
    if (H5Oget_info_by_name2(m_id, normalizeHdf5Path(object).c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
        return std::nullopt;
    return std::pair{static_cast<uint64_t>(info.fileno), static_cast<uint64_t>(info.addr)};
}

bool Hdf5File::isGroup(const std::string& object) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!exists(object))
        return false;
    Handle obj(H5Oopen(m_id, normalizeHdf5Path(object).c_str(), H5P_DEFAULT), H5Oclose);
    return obj.valid() && H5Iget_type(obj.get()) == H5I_GROUP;
}

bool Hdf5File::isDataset(const std::string& object) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!exists(object))
        return false;
    Handle obj(H5Oopen(m_id, normalizeHdf5Path(object).c_str(), H5P_DEFAULT), H5Oclose);
    return obj.valid() && H5Iget_type(obj.get()) == H5I_DATASET;
}

std::vector<std::string> Hdf5File::children(const std::string& group) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!isGroup(group))
        throw IoError(where(group) + ": no such group");
    Handle g(H5Gopen2(m_id, normalizeHdf5Path(group).c_str(), H5P_DEFAULT), H5Gclose);
    if (!g.valid())
        throw IoError(where(group) + ": cannot open the group" + hdf5Detail());
    std::vector<std::string> names;
    hsize_t index = 0;
    const herr_t status = H5Literate(
        g.get(), H5_INDEX_NAME, H5_ITER_INC, &index,
        [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
            try {
                static_cast<std::vector<std::string>*>(data)->emplace_back(name);
                return 0;
            } catch (...) {
                return -1;
            }
        },
        &names);
    if (status < 0)
        throw IoError(where(group) + ": cannot list the group (corrupt file?)" + hdf5Detail());
    return names;
}

std::vector<std::string> Hdf5File::datasets() const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    std::vector<std::string> names;
    const herr_t status = H5Lvisit(
        m_id, H5_INDEX_NAME, H5_ITER_INC,
        [](hid_t group, const char* name, const H5L_info_t* info, void* data) -> herr_t {
            if (!info || info->type != H5L_TYPE_HARD)
                return 0;
            const hid_t obj = H5Oopen(group, name, H5P_DEFAULT);
            if (obj < 0)
                return 0;
            const bool isDataset = H5Iget_type(obj) == H5I_DATASET;
            H5Oclose(obj);
            try {
                if (isDataset)
                    static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
                return 0;
            } catch (...) {
                return -1;
            }
        },
        &names);
    if (status < 0)
        throw IoError(m_path + ": cannot list the datasets (corrupt file?)" + hdf5Detail());
    std::sort(names.begin(), names.end());
    return names;
}

Shape Hdf5File::datasetShape(const std::string& dataset) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!isDataset(dataset))
        throw IoError(where(dataset) + ": no such dataset");
    Handle ds(H5Dopen2(m_id, normalizeHdf5Path(dataset).c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.valid())
        throw IoError(where(dataset) + ": cannot open the dataset" + hdf5Detail());
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    if (!space.valid())
        throw IoError(where(dataset) + ": cannot read the dataspace" + hdf5Detail());
    return hdf5SpaceShape(space.get(), where(dataset), kMaxDatasetElements);
}

Tensor Hdf5File::readDataset(const std::string& dataset) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    Tensor t;
    readDatasetInto(dataset, [&t](const Shape& shape) {
        t = Tensor(shape);
        return t.data();
    });
    return t;
}

void Hdf5File::readDatasetInto(const std::string& dataset, const std::function<float*(const Shape&)>& allocate) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    const Shape shape = datasetShape(dataset);
    Handle ds(H5Dopen2(m_id, normalizeHdf5Path(dataset).c_str(), H5P_DEFAULT), H5Dclose);
    Handle type(H5Dget_type(ds.get()), H5Tclose);
    if (!type.valid())
        throw IoError(where(dataset) + ": cannot read the datatype" + hdf5Detail());
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        throw IoError(where(dataset) + ": is not a numeric dataset (only integer and floating-point types are read)");
    checkHdf5Storage(ds.get(), type.get(), shape, where(dataset));
    float* out = allocate(shape);
    if (elementCount(shape) == 0)
        return;
    if (H5Dread(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
        throw IoError(where(dataset) + ": cannot read the data (corrupt or truncated file?)" + hdf5Detail());
}

bool Hdf5File::hasAttribute(const std::string& object, const std::string& name) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!exists(object))
        throw IoError(where(object) + ": no such object");
    return H5Aexists_by_name(m_id, normalizeHdf5Path(object).c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> Hdf5File::attributeNames(const std::string& object) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!exists(object))
        throw IoError(where(object) + ": no such object");
    Handle obj(H5Oopen(m_id, normalizeHdf5Path(object).c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj.valid())
        throw IoError(where(object) + ": cannot open the object" + hdf5Detail());
    std::vector<std::string> names;
    hsize_t index = 0;
    const herr_t status = H5Aiterate2(
        obj.get(), H5_INDEX_NAME, H5_ITER_INC, &index,
        [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
            try {
                static_cast<std::vector<std::string>*>(data)->emplace_back(name);
                return 0;
            } catch (...) {
                return -1;
            }
        },
        &names);
    if (status < 0)
        throw IoError(where(object) + ": cannot list the attributes (corrupt file?)" + hdf5Detail());
    return names;
}

namespace {

struct AttributeValue {
    bool isString = false;
    bool scalar = false;
    std::vector<std::string> items;
};

/// Reads an attribute as a list of texts; nullopt when it does not exist.
std::optional<AttributeValue> readAttribute(hid_t file, const std::string& object, const std::string& name,
                                            const std::string& where)
{
    const std::string p = normalizeHdf5Path(object);
    if (H5Aexists_by_name(file, p.c_str(), name.c_str(), H5P_DEFAULT) <= 0)
        return std::nullopt;
    Handle attr(H5Aopen_by_name(file, p.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.valid())
        throw IoError(where + ": cannot open the attribute" + hdf5Detail());
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    Handle space(H5Aget_space(attr.get()), H5Sclose);
    if (!type.valid() || !space.valid())
        throw IoError(where + ": cannot read the attribute's type or dataspace" + hdf5Detail());
    const Shape shape = hdf5SpaceShape(space.get(), where, kMaxAttributeBytes);
    const uint64_t count = elementCount(shape);
    AttributeValue value;
    value.scalar = shape.empty();
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls == H5T_STRING) {
        value.isString = true;
        value.items = readStrings(attr.get(), type.get(), space.get(), count, where);
        return value;
    }
    if (count == 0)
        return value;
    if (cls == H5T_INTEGER) {
        const bool isSigned = H5Tget_sign(type.get()) != H5T_SGN_NONE;
        value.items = isSigned ? readNumbers<long long>(attr.get(), H5T_NATIVE_LLONG, count)
                               : readNumbers<unsigned long long>(attr.get(), H5T_NATIVE_ULLONG, count);
    } else if (cls == H5T_FLOAT) {
        value.items = H5Tget_size(type.get()) <= 4 ? readNumbers<float>(attr.get(), H5T_NATIVE_FLOAT, count)
                                                   : readNumbers<double>(attr.get(), H5T_NATIVE_DOUBLE, count);
    } else {
        throw IoError(where + ": unsupported attribute type (only strings and numbers are read)");
    }
    if (value.items.size() != count)
        throw IoError(where + ": cannot read the attribute" + hdf5Detail());
    return value;
}

} // namespace

std::optional<std::string> Hdf5File::attributeText(const std::string& object, const std::string& name) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!exists(object))
        throw IoError(where(object) + ": no such object");
    auto value = readAttribute(m_id, object, name, where(object) + "@" + name);
    if (!value)
        return std::nullopt;
    if (value->scalar && value->items.size() == 1)
        return value->items.front();
    return joinList(value->items);
}

std::optional<std::vector<std::string>> Hdf5File::stringListAttribute(const std::string& object,
                                                                      const std::string& name) const
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (!exists(object))
        throw IoError(where(object) + ": no such object");
    auto value = readAttribute(m_id, object, name, where(object) + "@" + name);
    if (!value)
        return std::nullopt;
    if (!value->isString && !value->items.empty())
        throw IoError(where(object) + "@" + name + ": expected strings, found numbers");
    return value->items;
}

void Hdf5File::createGroup(const std::string& group)
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    const std::string p = normalizeHdf5Path(group);
    if (p == "/" || isGroup(p))
        return;
    Handle lcpl = linkCreateIntermediate();
    Handle g(H5Gcreate2(m_id, p.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g.valid())
        throw IoError(where(p) + ": cannot create the group" + hdf5Detail());
}

void Hdf5File::writeDataset(const std::string& dataset, const Tensor& tensor)
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    const std::string p = normalizeHdf5Path(dataset);
    if (p == "/")
        throw IoError(m_path + ": a dataset needs a name");
    if (tensor.isEmpty() && tensor.rank() == 0)
        throw IoError(where(p) + ": cannot write an empty tensor");
    if (exists(p))
        throw IoError(where(p) + ": already exists");
    Handle space;
    if (tensor.rank() == 0) {
        space = Handle(H5Screate(H5S_SCALAR), H5Sclose);
    } else {
        std::vector<hsize_t> dims(tensor.shape().begin(), tensor.shape().end());
        space = Handle(H5Screate_simple(tensor.rank(), dims.data(), nullptr), H5Sclose);
    }
    Handle lcpl = linkCreateIntermediate();
    Handle ds(H5Dcreate2(m_id, p.c_str(), H5T_IEEE_F32LE, space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
    if (!space.valid() || !ds.valid())
        throw IoError(where(p) + ": cannot create the dataset" + hdf5Detail());
    if (tensor.size() > 0 && H5Dwrite(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, tensor.data()) < 0)
        throw IoError(where(p) + ": cannot write the dataset" + hdf5Detail());
}

namespace {

void writeFixedStrings(hid_t file, const std::string& object, const std::string& name,
                       const std::vector<std::string>& values, bool scalar, const std::string& where)
{
    size_t size = 1;
    for (const std::string& v : values)
        size = std::max(size, v.size());
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), size);
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    Handle space;
    if (scalar) {
        space = Handle(H5Screate(H5S_SCALAR), H5Sclose);
    } else {
        const hsize_t dims[1] = {values.size()};
        space = Handle(H5Screate_simple(1, dims, nullptr), H5Sclose);
    }
    Handle obj(H5Oopen(file, normalizeHdf5Path(object).c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj.valid())
        throw IoError(where + ": cannot open the object" + hdf5Detail());
    if (H5Aexists(obj.get(), name.c_str()) > 0)
        H5Adelete(obj.get(), name.c_str());
    Handle attr(H5Acreate2(obj.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.valid())
        throw IoError(where + ": cannot create the attribute (larger than 64 KiB?)" + hdf5Detail());
    std::vector<char> buf(size * std::max<size_t>(values.size(), 1), '\0');
    for (size_t i = 0; i < values.size(); ++i)
        if (!values[i].empty())
            std::memcpy(buf.data() + i * size, values[i].data(), values[i].size());
    if (H5Awrite(attr.get(), type.get(), buf.data()) < 0)
        throw IoError(where + ": cannot write the attribute" + hdf5Detail());
}

} // namespace

void Hdf5File::flush()
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    if (m_id >= 0 && H5Fflush(m_id, H5F_SCOPE_GLOBAL) < 0)
        throw IoError(m_path + ": cannot flush the file to disk" + hdf5Detail());
}

void Hdf5File::writeStringAttribute(const std::string& object, const std::string& name, const std::string& value)
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    if (!exists(object))
        throw IoError(where(object) + ": no such object");
    writeFixedStrings(m_id, object, name, {value}, true, where(object) + "@" + name);
}

void Hdf5File::writeStringArrayAttribute(const std::string& object, const std::string& name,
                                         const std::vector<std::string>& values)
{
    const std::lock_guard hdf5Lock(hdf5CallMutex());
    silenceHdf5Errors();
    if (!exists(object))
        throw IoError(where(object) + ": no such object");
    writeFixedStrings(m_id, object, name, values, false, where(object) + "@" + name);
}

} // namespace lantern::io

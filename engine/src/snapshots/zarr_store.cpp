// Zarr v2 stores: a directory (keys are relative paths) or a zip archive read through libzip (keys are entry
// names). libzip archives are not thread-safe, so every access to one goes through the store's mutex.
#include "lantern/error.h"
#include "lantern/snapshots/zarr.h"

#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

namespace lantern::snapshots {

namespace fs = std::filesystem;

struct ZarrStore::Impl {
    std::string path;
    zip_t* archive = nullptr;
    std::mutex mutex;

    ~Impl()
    {
        if (archive)
            zip_discard(archive); // read-only: nothing to write back
    }

    /// Keys are '/'-separated relative paths; "..", absolute paths and empty components are refused.
    void checkKey(const std::string& key) const
    {
        if (key.empty() || key.front() == '/' || key.find('\0') != std::string::npos)
            throw ArgumentError(path + ": invalid key '" + key + "'");
        size_t begin = 0;
        while (begin <= key.size()) {
            const size_t end = std::min(key.find('/', begin), key.size());
            const std::string part = key.substr(begin, end - begin);
            if (part.empty() || part == "..")
                throw ArgumentError(path + ": invalid key '" + key + "'");
            begin = end + 1;
        }
    }

    /// Index of a zip entry, or -1. Caller holds the mutex.
    zip_int64_t locate(const std::string& key) const { return zip_name_locate(archive, key.c_str(), 0); }

    uint64_t entrySize(zip_int64_t index, const std::string& key) const
    {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
            throw IoError(path + ": cannot read the zip entry '" + key + "': " + zip_strerror(archive));
        return st.size;
    }

    std::vector<char> readEntry(zip_int64_t index, const std::string& key, uint64_t size) const
    {
        zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0);
        if (!file)
            throw IoError(path + ": cannot open the zip entry '" + key + "': " + zip_strerror(archive));
        std::vector<char> bytes(static_cast<size_t>(size));
        uint64_t done = 0;
        std::string failure;
        while (done < size) {
            const zip_int64_t n = zip_fread(file, bytes.data() + done, size - done);
            if (n < 0) {
                failure = zip_file_strerror(file);
                break;
            }
            if (n == 0)
                break;
            done += static_cast<uint64_t>(n);
        }
        zip_fclose(file);
        if (!failure.empty())
            throw IoError(path + ": the zip entry '" + key + "' is corrupt: " + failure);
        if (done != size)
            throw IoError(path + ": the zip entry '" + key + "' is truncated (" + std::to_string(done) + " of " +
                          std::to_string(size) + " bytes)");
        return bytes;
    }
};

ZarrStore ZarrStore::open(const std::string& path)
{
    ZarrStore store;
    store.m_impl = std::make_shared<Impl>();
    store.m_impl->path = path;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw IoError(path + ": no such file or folder");
    if (fs::is_directory(status))
        return store;
    if (!fs::is_regular_file(status))
        throw IoError(path + ": not a folder or a zip file");
    char magic[4] = {};
    {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw IoError(path + ": cannot open for reading");
        in.read(magic, 4);
    }
    if (!(magic[0] == 'P' && magic[1] == 'K'))
        throw IoError(path + ": not a Zarr store (neither a folder nor a zip archive)");
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!archive) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, error);
        const std::string message = zip_error_strerror(&ze);
        zip_error_fini(&ze);
        throw IoError(path + ": not a readable zip archive: " + message);
    }
    store.m_impl->archive = archive;
    return store;
}

const std::string& ZarrStore::path() const
{
    return m_impl->path;
}

bool ZarrStore::isZip() const
{
    return m_impl->archive != nullptr;
}

std::optional<uint64_t> ZarrStore::size(const std::string& key) const
{
    m_impl->checkKey(key);
    if (isZip()) {
        std::lock_guard lock(m_impl->mutex);
        const zip_int64_t index = m_impl->locate(key);
        if (index < 0)
            return std::nullopt;
        return m_impl->entrySize(index, key);
    }
    std::error_code ec;
    const fs::path file = fs::path(m_impl->path) / key;
    if (!fs::is_regular_file(file, ec))
        return std::nullopt;
    const uintmax_t n = fs::file_size(file, ec);
    if (ec)
        throw IoError(file.string() + ": cannot determine the size: " + ec.message());
    return static_cast<uint64_t>(n);
}

bool ZarrStore::contains(const std::string& key) const
{
    return size(key).has_value();
}

std::optional<std::vector<char>> ZarrStore::read(const std::string& key, uint64_t maxBytes) const
{
    m_impl->checkKey(key);
    if (isZip()) {
        std::lock_guard lock(m_impl->mutex);
        const zip_int64_t index = m_impl->locate(key);
        if (index < 0)
            return std::nullopt;
        const uint64_t n = m_impl->entrySize(index, key);
        if (n > maxBytes)
            throw IoError(m_impl->path + ": the zip entry '" + key + "' has " + std::to_string(n) +
                          " bytes, more than the " + std::to_string(maxBytes) + " it may have");
        return m_impl->readEntry(index, key, n);
    }
    const std::optional<uint64_t> n = size(key);
    if (!n)
        return std::nullopt;
    if (*n > maxBytes)
        throw IoError(m_impl->path + ": '" + key + "' has " + std::to_string(*n) + " bytes, more than the " +
                      std::to_string(maxBytes) + " it may have");
    return readRange(key, 0, *n);
}

std::optional<std::vector<char>> ZarrStore::readRange(const std::string& key, uint64_t offset, uint64_t length) const
{
    m_impl->checkKey(key);
    const auto shortError = [&](uint64_t have) {
        return IoError(m_impl->path + ": '" + key + "' is truncated: it has " + std::to_string(have) +
                       " bytes, reading bytes " + std::to_string(offset) + ".." + std::to_string(offset + length) +
                       " needs more");
    };
    if (isZip()) {
        std::lock_guard lock(m_impl->mutex);
        const zip_int64_t index = m_impl->locate(key);
        if (index < 0)
            return std::nullopt;
        const uint64_t n = m_impl->entrySize(index, key);
        if (offset > n || length > n - offset)
            throw shortError(n);
        std::vector<char> all = m_impl->readEntry(index, key, n);
        return std::vector<char>(all.begin() + static_cast<std::ptrdiff_t>(offset),
                                 all.begin() + static_cast<std::ptrdiff_t>(offset + length));
    }
    const std::optional<uint64_t> n = size(key);
    if (!n)
        return std::nullopt;
    if (offset > *n || length > *n - offset)
        throw shortError(*n);
    const fs::path file = fs::path(m_impl->path) / key;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw IoError(file.string() + ": cannot open for reading");
    std::vector<char> bytes(static_cast<size_t>(length));
    in.seekg(static_cast<std::streamoff>(offset));
    if (length && !in.read(bytes.data(), static_cast<std::streamsize>(length)))
        throw IoError(file.string() + ": read failed");
    return bytes;
}

std::vector<std::string> ZarrStore::arrays() const
{
    std::vector<std::string> found;
    if (isZip()) {
        std::lock_guard lock(m_impl->mutex);
        std::set<std::string> names;
        const zip_int64_t n = zip_get_num_entries(m_impl->archive, 0);
        for (zip_int64_t i = 0; i < n; ++i)
            if (const char* name = zip_get_name(m_impl->archive, static_cast<zip_uint64_t>(i), 0))
                names.insert(name);
        const auto parentOf = [](const std::string& p) {
            const size_t slash = p.rfind('/');
            return slash == std::string::npos ? std::string() : p.substr(0, slash);
        };
        for (const std::string& name : names) {
            std::string array;
            if (name == ".zarray")
                array.clear();
            else if (name.size() > 8 && name.compare(name.size() - 8, 8, "/.zarray") == 0)
                array = name.substr(0, name.size() - 8);
            else
                continue;
            // every ancestor must be a group (.zgroup), as zarr.open_group requires
            bool inGroups = true;
            for (std::string p = array; !p.empty();) {
                p = parentOf(p);
                if (!names.count(p.empty() ? ".zgroup" : p + "/.zgroup")) {
                    inGroups = false;
                    break;
                }
            }
            if (inGroups)
                found.push_back(array);
        }
        return found;
    }
    // Directories: descend from the root through groups only (never into chunk folders of nested arrays).
    const fs::path root(m_impl->path);
    std::error_code ec;
    std::vector<std::pair<std::string, int>> todo{{std::string(), 0}};
    while (!todo.empty()) {
        const auto [rel, depth] = todo.back();
        todo.pop_back();
        const fs::path dir = rel.empty() ? root : root / rel;
        if (fs::is_regular_file(dir / ".zarray", ec)) {
            found.push_back(rel);
            continue;
        }
        if (!fs::is_regular_file(dir / ".zgroup", ec) || depth >= 32)
            continue;
        for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
            if (e.is_directory(ec))
                todo.emplace_back(rel.empty() ? e.path().filename().string()
                                              : rel + "/" + e.path().filename().string(),
                                  depth + 1);
    }
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace lantern::snapshots

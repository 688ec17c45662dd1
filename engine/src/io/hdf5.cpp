#include "lantern/io/hdf5.h"

#include "io/hdf5_file.h"
#include "lantern/error.h"

#include <fcntl.h>
#include <filesystem>
#include <random>
#include <unistd.h>

namespace lantern::io {

namespace {

/// Splits "object@attr" at the last '@'.
std::pair<std::string, std::string> splitAttributeKey(const std::string& path, const std::string& key)
{
    const size_t at = key.rfind('@');
    if (at == std::string::npos || at + 1 == key.size())
        throw ArgumentError(path + ": attribute key \"" + key + "\" is not of the form \"object@attribute\"");
    return {key.substr(0, at), key.substr(at + 1)};
}

void ensureObject(Hdf5File& file, const std::string& object)
{
    if (!file.exists(object))
        file.createGroup(object);
}

void fsyncPath(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

std::vector<std::string> listHdf5Datasets(const std::string& path)
{
    return Hdf5File::openRead(path).datasets();
}

Tensor readHdf5Dataset(const std::string& path, const std::string& dataset)
{
    return Hdf5File::openRead(path).readDataset(dataset);
}

std::optional<std::string> readHdf5Attribute(const std::string& path, const std::string& object,
                                             const std::string& name)
{
    return Hdf5File::openRead(path).attributeText(object, name);
}

void writeHdf5(const std::string& path, const std::map<std::string, Tensor>& datasets,
               const std::map<std::string, std::string>& attributes)
{
    writeHdf5(path, datasets, attributes, {});
}

void writeHdf5(const std::string& path, const std::map<std::string, Tensor>& datasets,
               const std::map<std::string, std::string>& attributes,
               const std::map<std::string, std::vector<std::string>>& stringArrayAttributes)
{
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::random_device rd;
    std::string tmpName = ".";
    tmpName.append(target.filename().string()).append(".tmp").append(std::to_string(rd()));
    const fs::path tmp = dir / tmpName;
    // Validate the keys before touching the disk.
    for (const auto& [key, value] : attributes)
        (void)splitAttributeKey(path, key);
    for (const auto& [key, value] : stringArrayAttributes)
        (void)splitAttributeKey(path, key);
    try {
        Hdf5File file = Hdf5File::create(tmp.string(), path);
        for (const auto& [name, tensor] : datasets)
            file.writeDataset(name, tensor);
        for (const auto& [key, value] : attributes) {
            auto [object, attr] = splitAttributeKey(path, key);
            ensureObject(file, object);
            file.writeStringAttribute(object, attr, value);
        }
        for (const auto& [key, values] : stringArrayAttributes) {
            auto [object, attr] = splitAttributeKey(path, key);
            ensureObject(file, object);
            file.writeStringArrayAttribute(object, attr, values);
        }
        file.close();
        fsyncPath(tmp.string());
        std::error_code ec;
        fs::rename(tmp, target, ec);
        if (ec)
            throw IoError(path + ": cannot replace the file: " + ec.message());
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
}

} // namespace lantern::io

#include "lantern/error.h"
#include "lantern/io/npy.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

namespace lantern::io {

std::vector<char> readFileBytes(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw IoError(path + ": is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path + ": cannot open for reading");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        throw IoError(path + ": cannot determine file size");
    in.seekg(0);
    std::vector<char> bytes(static_cast<size_t>(size));
    if (size && !in.read(bytes.data(), size))
        throw IoError(path + ": read failed");
    return bytes;
}

void writeFileAtomically(const std::string& path, const std::vector<char>& bytes)
{
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::random_device rd;
    std::string tmpName = "."; // built by append: GCC 12 -Wrestrict misfires on chained operator+
    tmpName.append(target.filename().string()).append(".tmp").append(std::to_string(rd()));
    const fs::path tmp = dir / tmpName;
    {
        FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f)
            throw IoError(path + ": cannot create a temporary file in " + dir.string());
        const bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        const bool flushed = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
        std::fclose(f);
        if (!ok || !flushed) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw IoError(path + ": write failed (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw IoError(path + ": cannot replace the file: " + ec.message());
    }
}

} // namespace lantern::io

// The HDF5 probe: before Lantern reads an HDF5 file in-process, a forked child walks it the way Lantern's
// readers do (every group, dataset header, attribute and, within a budget, dataset contents). Debian's HDF5
// 1.10.8 has known out-of-bounds reads and absurd allocations on corrupt files (found by `make fuzz`: a heap
// overflow in the attribute decoder behind H5Aexists_by_name, 4 GB metadata-cache entries in H5C_protect); they
// must cost the user an error message, not the session. The walk repeats in-process only after the child
// finished it; the same bytes give the same behaviour, so what crashed stays in the child.
#include "io/hdf5_file.h"

#include "lantern/error.h"
#include "lantern/io/isolation.h"

#include <algorithm>
#include <functional>
#include <cstdlib>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lantern::io {

namespace {

/// Dataset contents read by the child, in bytes (float32): the models and sample files we know fit; beyond it the
/// child checks headers only and an in-process read of the rest goes unchecked.
constexpr uint64_t kProbeDataBytes = uint64_t(64) << 20;
constexpr int kMaxDepth = 64;
constexpr int kMaxObjects = 100000;

template <typename F> void tolerate(F&& f)
{
    try {
        f();
    } catch (const Error&) {
        // a clear error: the in-process read reports it
    }
}

struct Walk {
    const Hdf5File& file;
    uint64_t dataBudget = kProbeDataBytes;
    int objects = 0;
    // (file number, address): every object once, however many links (or cycles, or external links) lead to it
    std::set<std::pair<uint64_t, uint64_t>> visited;
    std::vector<float> buffer; // plain heap memory: the child must not take the tensor pool's lock (see below)

    void attributes(const std::string& object)
    {
        std::vector<std::string> names;
        tolerate([&] { names = file.attributeNames(object); });
        for (const std::string& a : names) {
            tolerate([&] { (void)file.hasAttribute(object, a); });
            tolerate([&] { (void)file.attributeText(object, a); });
            tolerate([&] { (void)file.stringListAttribute(object, a); });
        }
    }

    void dataset(const std::string& path)
    {
        Shape shape;
        bool known = false;
        tolerate([&] {
            shape = file.datasetShape(path);
            known = true;
        });
        if (!known)
            return;
        uint64_t bytes = 4;
        for (int64_t d : shape)
            bytes = d > 0 && bytes <= dataBudget / uint64_t(d) ? bytes * uint64_t(d) : (d == 0 ? 0 : dataBudget + 1);
        if (bytes > dataBudget)
            return;
        dataBudget -= bytes;
        tolerate([&] {
            file.readDatasetInto(path, [this, bytes](const Shape&) {
                buffer.assign(std::max<size_t>(1, size_t(bytes / 4)), 0.f); // the shape checked above
                return buffer.data();
            });
        });
    }

    void group(const std::string& path, int depth)
    {
        if (depth == 0)
            tolerate([&] {
                if (const auto root = file.objectAddress("/"))
                    visited.insert(*root);
            });
        attributes(path);
        if (depth > kMaxDepth)
            return;
        std::vector<std::string> names;
        tolerate([&] { names = file.children(path); });
        for (const std::string& n : names) {
            if (++objects > kMaxObjects)
                return;
            const std::string child = normalizeHdf5Path(path + "/" + n);
            std::optional<std::pair<uint64_t, uint64_t>> address;
            tolerate([&] { address = file.objectAddress(child); });
            if (address && !visited.insert(*address).second)
                continue;
            bool isDataset = false, isGroup = false;
            tolerate([&] { isDataset = file.isDataset(child); });
            tolerate([&] { isGroup = !isDataset && file.isGroup(child); });
            if (isDataset) {
                attributes(child);
                dataset(child);
            } else if (isGroup && address) {
                group(child, depth + 1);
            } else if (isGroup) {
                attributes(child); // an object without a readable address: checked, not entered (no loop)
            }
        }
    }
};

using FileKey = std::tuple<std::string, std::string, dev_t, ino_t, off_t, int64_t, int64_t, int64_t, int64_t>;

std::mutex g_probedMutex;
// verdicts on file versions: "" when the child finished, else the crash it reported
std::map<FileKey, std::string> g_probed;

/// A file modified in the last 2 s may still change within the same timestamp tick and size (file systems keep
/// times at a few-millisecond granularity): its verdict is not remembered, as git treats "racily clean" files.
bool recentlyModified(const struct stat& st)
{
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    const auto age = [&](const timespec& t) { return double(now.tv_sec - t.tv_sec) + 1e-9 * double(now.tv_nsec - t.tv_nsec); };
    return age(st.st_mtim) < 2.0 || age(st.st_ctim) < 2.0;
}

} // namespace

void probeInChild(const std::string& path, const std::string& library, const std::function<void()>& walk)
{
    if (const char* env = std::getenv("LANTERN_HDF5_ISOLATION"); env && std::string(env) == "0")
        return;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return; // the reader reports it
    const FileKey key{library,
                      path,
                      st.st_dev,
                      st.st_ino,
                      st.st_size,
                      int64_t(st.st_mtim.tv_sec),
                      int64_t(st.st_mtim.tv_nsec),
                      int64_t(st.st_ctim.tv_sec),
                      int64_t(st.st_ctim.tv_nsec)};
    const bool remember = !recentlyModified(st);
    // one probe at a time (the serial HDF5 build and libnetcdf are not thread-safe; Lantern calls them from one
    // thread at a time)
    std::lock_guard lock(g_probedMutex);
    if (auto it = g_probed.find(key); it != g_probed.end()) {
        if (!it->second.empty())
            throw IoError(it->second);
        return;
    }
    if (g_probed.size() >= 64)
        g_probed.erase(g_probed.begin()); // a small bounded memory (one entry out, one in)
    const auto timeout = std::chrono::milliseconds(60000 + st.st_size / (100 << 20) * 1000);
    try {
        runIsolated(path, library, [&] {
            // the parent's message says what happened; a sanitizer report from inside the library would only add
            // noise (LANTERN_HDF5_ISOLATION=0 reproduces it in-process)
            if (const int null = ::open("/dev/null", O_WRONLY); null >= 0)
                ::dup2(null, STDERR_FILENO);
            walk();
        }, timeout);
    } catch (const ChildCrashedError& e) {
        if (remember)
            g_probed[key] = e.what();
        throw;
    } // a timeout or a child that could not run is not remembered: it may pass another time
    if (remember)
        g_probed[key] = "";
}

void probeHdf5(const std::string& path)
{
    probeInChild(path, "the HDF5 library", [&] {
        const Hdf5File file = Hdf5File::openReadUnprobed(path);
        Walk walk{file, kProbeDataBytes, 0, {}, {}};
        tolerate([&] { (void)file.datasets(); });
        walk.group("/", 0);
    });
}

} // namespace lantern::io

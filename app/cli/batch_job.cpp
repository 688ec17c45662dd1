#include "batch_job.h"

#include "progress.h"

#include "lantern/io/hdf5.h"
#include "lantern/version.h"

#include <QDir>
#include <QDateTime>
#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace lantern::cli {

namespace {

parallel::Cluster* g_cluster = nullptr;

bool exists(const std::string& path)
{
    return QFileInfo::exists(QString::fromStdString(path));
}

/// Key/value pairs as "key\0value\0..." (to broadcast rank 0's attributes) and back.
std::string pack(const std::map<std::string, std::string>& values)
{
    std::string text;
    for (const auto& [k, v] : values) {
        text += k;
        text += '\0';
        text += v;
        text += '\0';
    }
    return text;
}

std::map<std::string, std::string> unpack(const std::string& text)
{
    std::map<std::string, std::string> out;
    size_t at = 0;
    while (at < text.size()) {
        const size_t k = text.find('\0', at), v = text.find('\0', k + 1);
        out[text.substr(at, k - at)] = text.substr(k + 1, v - k - 1);
        at = v + 1;
    }
    return out;
}

/// Every rank's error (empty: none) gathered; when any rank failed, every rank runs `cleanup` and throws one
/// BatchJobError naming the failed ranks (ranks with the same message share one line). A single process rethrows
/// nothing here: its exceptions pass unchanged.
void agree(parallel::Cluster& c, const std::string& error, bool resumable, const std::function<void()>& cleanup = {})
{
    if (c.allMax(error.empty() ? 0 : 1) == 0)
        return;
    const std::vector<std::string> all = c.allGather(error);
    std::vector<std::pair<std::string, std::vector<size_t>>> messages;
    for (size_t r = 0; r < all.size(); ++r) {
        if (all[r].empty())
            continue;
        auto it = std::find_if(messages.begin(), messages.end(), [&](const auto& m) { return m.first == all[r]; });
        if (it == messages.end())
            messages.push_back({all[r], {r}});
        else
            it->second.push_back(r);
    }
    std::string text;
    for (const auto& [message, ranks] : messages) {
        if (!text.empty())
            text += '\n';
        text += ranks.size() == 1 ? "rank " : "ranks ";
        for (size_t i = 0; i < ranks.size(); ++i) {
            if (i)
                text += ", ";
            text += std::to_string(ranks[i]);
        }
        text += " of ";
        text += std::to_string(c.size());
        text += ": ";
        text += message;
    }
    if (cleanup)
        cleanup();
    throw BatchJobError(text, resumable);
}

/// Runs `f`; under MPI a failure becomes this rank's error text for agree() instead of an exception.
template <class F>
std::string attempt(parallel::Cluster& c, F&& f)
{
    if (c.size() == 1) {
        f();
        return {};
    }
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
    return {};
}

/// Collective file work (create, resume, write, close). Under MPI a failure on some ranks would leave the others
/// waiting inside a collective HDF5 call, so it ends the whole job at once (MPI_Abort); the batch flags on disk keep
/// every finished batch for --resume.
template <class F>
void collective(parallel::Cluster& c, const std::string& part, F&& f)
{
    if (c.size() == 1) {
        f();
        return;
    }
    std::string error;
    try {
        f();
        return;
    } catch (const std::exception& e) {
        error = e.what();
    } catch (...) {
        error = "unknown error";
    }
    c.abort("lantern-cli: error: rank " + std::to_string(c.rank()) + " of " + std::to_string(c.size()) + ": " + error +
                "\nFinished batches are kept in " + part + ": run again with --resume.",
            1);
}

void checkRows(const io::BatchFileSpec& spec, int64_t batch, const BatchOutput& out)
{
    const int64_t begin = batch * spec.batchSize, end = std::min(spec.samples, begin + spec.batchSize);
    for (const auto& d : spec.datasets) {
        if (!d.perSample)
            continue;
        auto it = out.perSample.find(d.name);
        if (it == out.perSample.end())
            throw Error("batch " + std::to_string(batch) + " gave no result '" + d.name + "' (batch 0 did)");
        Shape want = d.shape;
        want[0] = end - begin;
        if (it->second.shape() != want)
            throw ShapeError("batch " + std::to_string(batch) + " gave '" + d.name + "' of shape " +
                             shapeToString(it->second.shape()) + ", expected " + shapeToString(want));
    }
}

} // namespace

std::string fileIdentity(const std::string& spec)
{
    // a file: absolute path, size and modification time; a folder: its images' names, hashed (an image repaired
    // after a failed batch keeps the job: it only changes batches not yet done)
    auto stamp = [](const QFileInfo& info) {
        return std::to_string(info.size()) + " bytes, " +
               std::to_string(info.lastModified().toMSecsSinceEpoch()) + " ms";
    };
    size_t cut = spec.size();
    while (true) {
        const QFileInfo info(QString::fromStdString(spec.substr(0, cut)));
        if (info.exists()) {
            std::string what;
            if (info.isDir()) {
                static const QStringList images{"*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif", "*.tif", "*.tiff",
                                                "*.webp", "*.pgm", "*.ppm", "*.pbm"};
                std::string list;
                int count = 0;
                for (const QFileInfo& f :
                     QDir(info.absoluteFilePath()).entryInfoList(images, QDir::Files, QDir::Name | QDir::IgnoreCase)) {
                    list += f.fileName().toStdString() + "/";
                    ++count;
                }
                char hash[32];
                std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(list));
                what = std::to_string(count) + " images, " + hash;
            } else {
                what = stamp(info);
            }
            return info.absoluteFilePath().toStdString() + " (" + what + ")" + spec.substr(cut);
        }
        if (cut == 0)
            return spec;
        cut = spec.rfind(':', cut - 1);
        if (cut == std::string::npos)
            return spec;
    }
}

std::string numberText(double value)
{
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

void setThreads(int threads)
{
    if (threads > 0)
        setThreadCount(threads);
    else if (cluster().size() > 1)
        setThreadCount(parallel::defaultThreadsPerRank());
}

parallel::Cluster& cluster()
{
    static const std::unique_ptr<parallel::Cluster> single = parallel::singleProcess();
    return g_cluster ? *g_cluster : *single;
}

void setCluster(parallel::Cluster* cluster)
{
    g_cluster = cluster;
}

BatchJobReport runBatchJob(parallel::Cluster& c, const BatchJobOptions& o, const BatchCompute& compute)
{
    const auto start = std::chrono::steady_clock::now();
    BatchJobReport report;
    io::BatchFileSpec spec;
    spec.samples = o.samples;
    spec.batchSize = o.batchSize;
    // rank 0's identity and attributes for every rank: collective writes need the same values everywhere
    spec.job = c.broadcast(o.job);
    spec.attributes = unpack(c.broadcast(pack(o.attributes)));
    report.batches = spec.batches();
    const std::string part = io::partialPath(o.out);
    Progress progress(o.label, "samples");
    progress.setQuiet(c.rank() != 0);
    progress.begin(0);

    // What is on disk: rank 0 looks, every rank follows
    int state = 0; // 0: new, 1: resume the partial file, 2: already complete
    std::string error = attempt(c, [&] {
        if (c.rank() != 0)
            return;
        if (exists(part)) {
            if (!o.resume)
                throw IoError(part + ": an interrupted run of this output is here; add --resume to finish it, or "
                                     "delete the file to start over");
            // checked here, before the ranks open the file together
            const auto job = io::readHdf5Attribute(part, "/lantern", "job");
            if (!job)
                throw IoError(part + ": not a Lantern batch file (no /lantern@job); delete it to start over");
            if (*job != spec.job)
                throw IoError(part + ": was started by another job, so it cannot be resumed by this one.\n  file: " +
                              *job + "\n  now:  " + spec.job + "\nDelete the partial file to start over.");
            state = 1;
        } else if (o.resume && exists(o.out)) {
            const auto job = io::readHdf5Attribute(o.out, "/lantern", "job");
            if (!job || *job != spec.job)
                throw IoError(o.out + ": exists and was not written by this job; nothing to resume");
            state = 2;
        }
    });
    agree(c, error, false);
    state = std::stoi(c.broadcast(std::to_string(state)));
    if (state == 2) {
        report.alreadyComplete = true;
        return report;
    }

    std::unique_ptr<io::BatchFile> file;
    BatchOutput first; // rank 0's batch 0 of a new file
    bool haveFirst = false;
    if (state == 1) {
        collective(c, part, [&] { file = c.resumeBatchFile(o.out, spec.job); });
        spec = file->spec();
        if (spec.samples != o.samples || spec.batchSize != o.batchSize)
            throw IoError(part + ": holds " + std::to_string(spec.samples) + " samples in batches of " +
                          std::to_string(spec.batchSize) + ", this run has " + std::to_string(o.samples) + " in " +
                          std::to_string(o.batchSize));
    } else {
        std::string layout;
        error = attempt(c, [&] {
            if (c.rank() != 0)
                return;
            first = compute(0, std::min(o.samples, o.batchSize));
            haveFirst = true;
            std::vector<io::BatchDataset> datasets;
            for (const auto& [name, t] : first.perSample) {
                Shape s = t.shape();
                if (s.empty())
                    throw Error("result '" + name + "' is a scalar, not one row per sample");
                s[0] = o.samples;
                datasets.push_back({name, s, true});
            }
            for (const auto& [name, t] : first.whole)
                datasets.push_back({name, t.shape(), false});
            for (const auto& d : datasets)
                if (d.name.find_first_of("\t\n") != std::string::npos)
                    throw Error("result '" + d.name + "' has a name an HDF5 batch file cannot hold (tab or line break)");
            layout = io::batchLayoutText(datasets);
        });
        agree(c, error, false);
        spec.datasets = io::parseBatchLayout(c.broadcast(layout), o.out);
        collective(c, part, [&] { file = c.createBatchFile(o.out, spec, first.whole); });
    }

    // The pending batches, dealt round by round: rank r computes the r-th of each round
    std::vector<int64_t> pending;
    std::vector<uint8_t> done;
    collective(c, part, [&] { done = file->doneBatches(); });
    for (int64_t b = 0; b < spec.batches(); ++b)
        if (!done[static_cast<size_t>(b)])
            pending.push_back(b);
    report.skipped = spec.batches() - static_cast<int64_t>(pending.size());
    const int64_t rounds = (static_cast<int64_t>(pending.size()) + c.size() - 1) / c.size();

    auto samplesBefore = [&](int64_t batches) {
        int64_t n = report.skipped * spec.batchSize;
        for (int64_t i = 0; i < batches && i < static_cast<int64_t>(pending.size()); ++i)
            n += std::min(spec.batchSize, spec.samples - pending[static_cast<size_t>(i)] * spec.batchSize);
        return std::min(n, spec.samples);
    };
    if (state == 1)
        progress.begin(static_cast<long>(samplesBefore(0)));
    for (int64_t r = 0; r < rounds; ++r) {
        const int64_t slot = r * c.size() + c.rank();
        io::BatchRows rows;
        error = attempt(c, [&] {
            if (slot >= static_cast<int64_t>(pending.size()))
                return;
            const int64_t b = pending[static_cast<size_t>(slot)];
            BatchOutput out = (b == 0 && haveFirst)
                                  ? std::move(first)
                                  : compute(b * spec.batchSize, std::min(spec.samples, (b + 1) * spec.batchSize));
            checkRows(spec, b, out);
            rows.batch = b;
            rows.rows = std::move(out.perSample);
            ++report.computed;
        });
        // the round's finished batches are written even when another rank failed: nothing finished is lost
        if (!error.empty())
            rows = {};
        collective(c, part, [&] { file->writeBatch(rows); });
        agree(c, error, true, [&] { collective(c, part, [&] { file->close(); }); });
        progress.update(static_cast<long>(samplesBefore((r + 1) * c.size())), static_cast<long>(spec.samples));
    }
    bool complete = false;
    collective(c, part, [&] { complete = file->close(); });
    progress.finish();
    if (!complete)
        throw IoError(part + ": batches are missing after the run (" + std::to_string(spec.batches()) + " expected)");
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

} // namespace lantern::cli

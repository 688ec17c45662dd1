#pragma once
// The batch loop shared by predict, explain and fingerprint: samples in batches, results streamed into one HDF5
// batch file (lantern/io/batch_file.h), resumable, and sharded over the ranks of an MPI job.
//
// Batches are the unit of everything: batch b covers samples [b*B, (b+1)*B). A fresh run's rank 0 computes batch
// 0 first and derives the file's datasets from its results; then, round by round, rank r computes the r-th of the
// round's pending batches and all ranks write collectively. Each batch is computed exactly as a one-process run
// computes it, so the file is the same whatever the number of ranks (with the same threads per rank). A rank that
// fails stops every rank after the current round, with every finished batch kept for --resume.

#include "lantern/error.h"
#include "lantern/parallel/cluster.h"
#include "lantern/tensor.h"

#include <functional>
#include <map>
#include <string>

namespace lantern::cli {

struct BatchJobOptions {
    std::string out; ///< the .h5 file (written as out.part until complete)
    bool resume = false;
    int64_t samples = 0;
    int64_t batchSize = 64;
    std::string job;                               ///< identity of the job, checked on --resume
    std::map<std::string, std::string> attributes; ///< root attributes of the file
    std::string label;                             ///< progress label
};

/// One batch's results: per-sample tensors (rows of the batch first) and, from batch 0 only, whole results.
struct BatchOutput {
    std::map<std::string, Tensor> perSample;
    std::map<std::string, Tensor> whole;
};

/// Computes samples [begin, end).
using BatchCompute = std::function<BatchOutput(int64_t begin, int64_t end)>;

struct BatchJobReport {
    int64_t batches = 0;  ///< in the whole job
    int64_t computed = 0; ///< by this rank, this run
    int64_t skipped = 0;  ///< already in the file (--resume)
    bool alreadyComplete = false;
    double seconds = 0;
};

/// Failure of one or more ranks, reported by every rank (main prints it once, on rank 0).
class BatchJobError : public Error {
public:
    BatchJobError(const std::string& message, bool resumable) : Error(message), m_resumable(resumable) {}
    /// Whether a partial file with every finished batch is on disk (then --resume continues it).
    bool resumable() const { return m_resumable; }

private:
    bool m_resumable;
};

BatchJobReport runBatchJob(parallel::Cluster& cluster, const BatchJobOptions& options, const BatchCompute& compute);

/// A sample, model or label spec for a job's identity: the file part made absolute, with its size and modification
/// time (a folder: its images' names, hashed), and any ":KEY" suffix kept ("preset:NAME" as given).
std::string fileIdentity(const std::string& spec);

/// A number for a job's identity, exactly (17 significant digits).
std::string numberText(double value);

/// Compute threads: `threads` when > 0, else the default per rank (parallel::defaultThreadsPerRank) under MPI,
/// else every core.
void setThreads(int threads);

inline bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The cluster this process runs in (set by main; a single process unless started by an MPI launcher).
parallel::Cluster& cluster();
void setCluster(parallel::Cluster* cluster);

} // namespace lantern::cli

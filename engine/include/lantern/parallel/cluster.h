#pragma once
// The processes a batch job runs on: one (SingleProcess, always available) or the ranks of an MPI job (mpi.h).
// Batch commands shard their batches over the ranks and write one file through the cluster's batch files (parallel
// HDF5 under MPI, collective calls). No MPI type appears here.

#include "lantern/io/batch_file.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lantern::parallel {

class Cluster {
public:
    virtual ~Cluster() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    /// "Open MPI 4.1.4 over 2 ranks" or "one process", for logs.
    virtual std::string description() const = 0;
    virtual void barrier() = 0;
    /// Rank 0's `text` at every rank.
    virtual std::string broadcast(const std::string& text) = 0;
    /// Every rank's `text`, in rank order, at every rank.
    virtual std::vector<std::string> allGather(const std::string& text) = 0;
    virtual int64_t allMax(int64_t value) = 0;
    virtual int64_t allSum(int64_t value) = 0;
    /// Ends every rank's process at once with `code` (MPI_Abort), after `message` went to stderr.
    [[noreturn]] virtual void abort(const std::string& message, int code) = 0;
    /// Batch files shared by the ranks (io/batch_file.h; every call collective).
    virtual std::unique_ptr<io::BatchFile> createBatchFile(const std::string& path, const io::BatchFileSpec& spec,
                                                           const std::map<std::string, Tensor>& whole) = 0;
    virtual std::unique_ptr<io::BatchFile> resumeBatchFile(const std::string& path, const std::string& job) = 0;
};

/// A cluster of one: this process.
std::unique_ptr<Cluster> singleProcess();

/// Whether this process was started by an MPI launcher (mpirun/mpiexec of Open MPI, MPICH's Hydra, or Slurm's
/// srun with PMI/PMIx), read from the launcher's environment. LANTERN_MPI=0 says no, LANTERN_MPI=1 says yes.
bool launchedByMpi();

/// Threads per process when the user gives none: the cores divided by the ranks on this node.
int defaultThreadsPerRank();

} // namespace lantern::parallel

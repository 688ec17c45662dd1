// The cluster of one process, and what the launcher's environment says about MPI.
#include "lantern/parallel/cluster.h"

#include "lantern/error.h"

#include <sched.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace lantern::parallel {

namespace {

const char* env(const char* name)
{
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

class SingleProcess final : public Cluster {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    std::string description() const override { return "one process"; }
    void barrier() override {}
    std::string broadcast(const std::string& text) override { return text; }
    std::vector<std::string> allGather(const std::string& text) override { return {text}; }
    int64_t allMax(int64_t value) override { return value; }
    int64_t allSum(int64_t value) override { return value; }
    [[noreturn]] void abort(const std::string& message, int code) override
    {
        std::fprintf(stderr, "%s\n", message.c_str());
        std::fflush(stderr);
        std::_Exit(code);
    }
    std::unique_ptr<io::BatchFile> createBatchFile(const std::string& path, const io::BatchFileSpec& spec,
                                                   const std::map<std::string, Tensor>& whole) override
    {
        return io::createBatchFile(path, spec, whole);
    }
    std::unique_ptr<io::BatchFile> resumeBatchFile(const std::string& path, const std::string& job) override
    {
        return io::resumeBatchFile(path, job);
    }
};

} // namespace

std::unique_ptr<Cluster> singleProcess()
{
    return std::make_unique<SingleProcess>();
}

bool launchedByMpi()
{
    if (const char* forced = env("LANTERN_MPI"))
        return std::strcmp(forced, "0") != 0;
    // Open MPI's mpirun, PMIx (srun --mpi=pmix, prterun), PMI-1/2 (MPICH's Hydra, srun --mpi=pmi2), MVAPICH
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MV2_COMM_WORLD_SIZE"})
        if (env(name))
            return true;
    return false;
}

int defaultThreadsPerRank()
{
    if (const char* perTask = env("SLURM_CPUS_PER_TASK"))
        return std::max(1, std::atoi(perTask));
    // cores this process may run on (mpirun binds ranks to cores), shared by the ranks on this node when unbound
    cpu_set_t set;
    CPU_ZERO(&set);
    int cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                            : static_cast<int>(std::thread::hardware_concurrency());
    const int machine = static_cast<int>(std::thread::hardware_concurrency());
    int local = 1;
    for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"})
        if (const char* v = env(name)) {
            local = std::max(1, std::atoi(v));
            break;
        }
    if (cores >= machine && local > 1) // not bound: share the node
        cores = machine / local;
    return std::max(1, cores);
}

} // namespace lantern::parallel

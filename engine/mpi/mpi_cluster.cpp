// The MPI cluster: MPI_COMM_WORLD through Open MPI, batch files through parallel HDF5 (src/io/batch_file.cpp
// compiled with LANTERN_PARALLEL_HDF5).
#include "lantern/parallel/mpi.h"

#include "lantern/error.h"

#include <mpi.h>

#include <cstdio>
#include <string>

namespace lantern::io { // src/io/batch_file.cpp
std::unique_ptr<BatchFile> createParallelBatchFile(const std::string& path, const BatchFileSpec& spec,
                                                   const std::map<std::string, Tensor>& whole);
std::unique_ptr<BatchFile> resumeParallelBatchFile(const std::string& path, const std::string& job);
} // namespace lantern::io

namespace lantern::parallel {

namespace {

class MpiCluster final : public Cluster {
public:
    MpiCluster()
    {
        MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
        MPI_Comm_size(MPI_COMM_WORLD, &m_size);
        // errors come back as codes, so that a failing call can be reported with its rank
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    }
    ~MpiCluster() override
    {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized)
            MPI_Finalize();
    }

    int rank() const override { return m_rank; }
    int size() const override { return m_size; }

    std::string description() const override
    {
        char version[MPI_MAX_LIBRARY_VERSION_STRING] = {};
        int length = 0;
        MPI_Get_library_version(version, &length);
        std::string v(version, static_cast<size_t>(length));
        v = v.substr(0, v.find(','));
        return v + " over " + std::to_string(m_size) + (m_size == 1 ? " rank" : " ranks");
    }

    void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }

    std::string broadcast(const std::string& text) override
    {
        long long n = static_cast<long long>(text.size());
        check(MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
        std::string out = m_rank == 0 ? text : std::string(static_cast<size_t>(n), '\0');
        if (n > 0)
            check(MPI_Bcast(out.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD), "MPI_Bcast");
        return out;
    }

    std::vector<std::string> allGather(const std::string& text) override
    {
        int n = static_cast<int>(text.size());
        std::vector<int> sizes(static_cast<size_t>(m_size)), offsets(static_cast<size_t>(m_size));
        check(MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
        int total = 0;
        for (int r = 0; r < m_size; ++r) {
            offsets[size_t(r)] = total;
            total += sizes[size_t(r)];
        }
        std::string all(static_cast<size_t>(total), '\0');
        check(MPI_Allgatherv(text.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR,
                             MPI_COMM_WORLD),
              "MPI_Allgatherv");
        std::vector<std::string> out;
        for (int r = 0; r < m_size; ++r)
            out.push_back(all.substr(size_t(offsets[size_t(r)]), size_t(sizes[size_t(r)])));
        return out;
    }

    int64_t allMax(int64_t value) override { return reduce(value, MPI_MAX); }
    int64_t allSum(int64_t value) override { return reduce(value, MPI_SUM); }

    [[noreturn]] void abort(const std::string& message, int code) override
    {
        std::fprintf(stderr, "%s\n", message.c_str());
        std::fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, code);
        std::_Exit(code);
    }

    std::unique_ptr<io::BatchFile> createBatchFile(const std::string& path, const io::BatchFileSpec& spec,
                                                   const std::map<std::string, Tensor>& whole) override
    {
        return io::createParallelBatchFile(path, spec, whole);
    }
    std::unique_ptr<io::BatchFile> resumeBatchFile(const std::string& path, const std::string& job) override
    {
        return io::resumeParallelBatchFile(path, job);
    }

private:
    void check(int code, const char* call) const
    {
        if (code == MPI_SUCCESS)
            return;
        char text[MPI_MAX_ERROR_STRING] = {};
        int length = 0;
        MPI_Error_string(code, text, &length);
        throw Error(std::string(call) + " failed on rank " + std::to_string(m_rank) + ": " + text);
    }

    int64_t reduce(int64_t value, MPI_Op op)
    {
        long long in = value, out = 0;
        check(MPI_Allreduce(&in, &out, 1, MPI_LONG_LONG, op, MPI_COMM_WORLD), "MPI_Allreduce");
        return out;
    }

    int m_rank = 0, m_size = 1;
};

} // namespace

std::unique_ptr<Cluster> joinMpi(int* argc, char*** argv)
{
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
        int provided = 0;
        if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
            throw Error("MPI_Init failed: this process was started by an MPI launcher but cannot join its job "
                        "(run without mpirun/srun, or set LANTERN_MPI=0)");
    }
    return std::make_unique<MpiCluster>();
}

} // namespace lantern::parallel

#pragma once
// The MPI cluster (library Lantern::mpi, a shared library linked against Open MPI and Debian's parallel HDF5; the
// engine itself stays on serial HDF5, and the two HDF5 builds' versioned symbols keep them apart in one process).

#include "lantern/parallel/cluster.h"

namespace lantern::parallel {

/// Initialises MPI (MPI_Init_thread, funneled) and returns this rank's view of MPI_COMM_WORLD; MPI_Finalize runs
/// when it is destroyed. Throws lantern::Error when MPI cannot start.
__attribute__((visibility("default"))) std::unique_ptr<Cluster> joinMpi(int* argc, char*** argv);

} // namespace lantern::parallel

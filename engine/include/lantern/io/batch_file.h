#pragma once
// Results of a batch job (explain, predict, fingerprint over many samples) streamed into one HDF5 file, batch by
// batch, so that memory stays flat and an interrupted run can resume.
//
// The file is written under a temporary name (`A.h5.part`) and renamed to its final name only when every batch is
// in. Every dataset is allocated at creation (contiguous, float32, no fill), so a batch's rows are written in place
// and the file's metadata never changes afterwards: a run killed at any moment (SIGKILL, a node lost) leaves a file
// whose finished batches are intact. `/lantern/batch_done` (uint8, one per batch) is set only after the batch's
// rows are flushed (and synced to disk by the serial writer); a resumed run recomputes every batch not marked. The
// only other write after creation is `/lantern@complete`, one byte overwritten in place at close.
//
// The same source is compiled twice: against serial HDF5 into the engine (openBatchFile) and against parallel
// HDF5 into the MPI library (lantern/parallel/mpi.h), where every call is collective and each rank writes its own
// batches' rows into the same datasets. No HDF5 type appears here.

#include "lantern/tensor.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lantern::io {

/// One output dataset. Per-sample datasets have the samples as their first dimension and are written batch by
/// batch; whole datasets (results that do not belong to one sample) are written once, by writeWhole().
struct BatchDataset {
    std::string name; ///< "map", "layer/sum" (groups are created; no tab or line break)
    Shape shape;      ///< the full shape (per sample: N first)
    bool perSample = true;
};

struct BatchFileSpec {
    int64_t samples = 0;
    int64_t batchSize = 1;
    std::vector<BatchDataset> datasets;
    /// Root attributes (provenance: method, model, input ...), written as fixed-length strings.
    std::map<std::string, std::string> attributes;
    /// What identifies the job (command, model, input, options that change the numbers): a resumed run must
    /// present the same text, else the partial file is refused.
    std::string job;

    int64_t batches() const { return batchSize > 0 ? (samples + batchSize - 1) / batchSize : 0; }
};

/// The rows of one batch: per-sample dataset name -> tensor of (rows of the batch, ...).
struct BatchRows {
    int64_t batch = -1;
    std::map<std::string, Tensor> rows;
};

class BatchFile {
public:
    virtual ~BatchFile() = default;
    virtual const BatchFileSpec& spec() const = 0;
    /// One flag per batch: 1 when its rows are in the file.
    virtual std::vector<uint8_t> doneBatches() const = 0;
    /// Writes the rows of at most one batch of this process (none: `rows.batch < 0`) and marks it done. Under MPI
    /// every rank calls it the same number of times (a collective call).
    virtual void writeBatch(const BatchRows& rows) = 0;
    /// Closes the file; when every batch is done, renames `A.h5.part` to `A.h5` (collective under MPI; rank 0
    /// renames). Returns whether the file is complete.
    virtual bool close() = 0;
};

/// The dataset list as the file stores it in /lantern@datasets: "1<TAB>100,3,64,64<TAB>map" per dataset (1: per
/// sample; "-": a scalar; the name last). Also how MPI rank 0 sends a new file's layout to the other ranks.
std::string batchLayoutText(const std::vector<BatchDataset>& datasets);
/// Parses batchLayoutText; IoError naming `source` when the text is damaged.
std::vector<BatchDataset> parseBatchLayout(const std::string& text, const std::string& source);

/// The temporary name a batch file is written under until it is complete.
inline std::string partialPath(const std::string& path)
{
    return path + ".part";
}

/// Creates `partialPath(path)` for a new run (replacing a stale partial file is the caller's decision), with the
/// values of the whole (not per-sample) datasets written before the file gets that name. Collective under MPI: one
/// rank passes the whole values, the others an empty map. Throws IoError naming the file.
std::unique_ptr<BatchFile> createBatchFile(const std::string& path, const BatchFileSpec& spec,
                                           const std::map<std::string, Tensor>& whole = {});

/// Opens `partialPath(path)` to resume a run: its spec is read from the file and its job must equal `job`
/// (IoError naming the file and both texts otherwise).
std::unique_ptr<BatchFile> resumeBatchFile(const std::string& path, const std::string& job);

} // namespace lantern::io

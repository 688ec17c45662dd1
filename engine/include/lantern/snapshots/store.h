#pragma once
// Training-time snapshots in one HDF5 file (layout: docs/snapshots/format.md). A SnapshotWriter creates the file with
// everything fixed at the start (probe samples, class names, the series to record and their per-probe shapes) and
// appends one frame per snapshot: training step and epoch, loss/accuracy curves, every probe's probabilities and every
// series (explanation maps, activations, optionally weights). Each append ends with a flush, and the frame counter
// (/frames/epoch) is extended last, so a process killed at any time outside an append leaves a file that holds every
// completed frame; the reader trusts only that counter.
//
// A SnapshotStore reads such a file: one probe's whole time series and one frame of every probe are each a few chunk
// reads (chunks span 8 frames and as many probes as fit in about 64 KiB: 2 of 28x28 maps), with HDF5's chunk cache sized
// for scrubbing. Qt-free; no HDF5 type here.

#include "lantern/tensor.h"

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lantern::snapshots {

inline constexpr const char* kFormatName = "lantern-snapshots";
inline constexpr int kFormatVersion = 1;

/// One recorded quantity per probe and frame, e.g. "attentive-response/conv1/sum" with shape (1, 28, 28).
struct SeriesSpec {
    std::string name;  ///< slash-separated path below /series ("weights/..." for parameters: one per frame, not per probe)
    Shape shape;       ///< per probe (per frame for weights)
    std::string kind;  ///< "map" (input-shaped explanation), "filters" (top-filter indices), "activation", "weights"
    std::string label; ///< human-readable, e.g. "conv1 · attentive response (sum of top 4)"
};

/// What is fixed when recording starts.
struct SnapshotHeader {
    std::string model;                      ///< a description: preset or file name
    std::string modelFile;                  ///< the trained model written at the end (may be empty)
    std::string inputLayout;                ///< "NCHW", "NHWC", "NC"
    std::vector<std::string> classNames;    ///< C names (empty: "0", "1", ...)
    Tensor probeInputs;                     ///< (P, ...) as the model sees them
    std::vector<int64_t> probeTargets;      ///< true class per probe (-1: unknown)
    std::vector<int64_t> probeIndices;      ///< index of each probe in its data set
    std::string probeSource;                ///< where the probes came from (file or "training set")
    std::string every = "epoch";            ///< "epoch" or "steps"
    int64_t everySteps = 0;                 ///< for "steps"
    int64_t stepsPerEpoch = 0;
    std::vector<SeriesSpec> series;         ///< per-probe series and weights
    std::map<std::string, std::string> attributes; ///< free-form provenance (training options), stored as root attributes
};

/// One snapshot of every probe.
struct Frame {
    int epoch = 0;     ///< completed epochs at this point (0: before training)
    int64_t step = 0;  ///< optimizer steps so far
    double seconds = 0; ///< wall time since training started
    double trainLoss = std::numeric_limits<double>::quiet_NaN();
    double trainAccuracy = std::numeric_limits<double>::quiet_NaN();
    double validationLoss = std::numeric_limits<double>::quiet_NaN();
    double validationAccuracy = std::numeric_limits<double>::quiet_NaN();
    Tensor probabilities;                  ///< (P, C)
    std::map<std::string, Tensor> series;  ///< name -> (P, shape...) (weights: (shape...)); every declared series
};

class SnapshotWriter {
public:
    /// Creates (truncates) `path`. Throws IoError naming the file; ArgumentError for an inconsistent header.
    SnapshotWriter(const std::string& path, const SnapshotHeader& header);
    ~SnapshotWriter();
    SnapshotWriter(const SnapshotWriter&) = delete;
    SnapshotWriter& operator=(const SnapshotWriter&) = delete;

    /// Writes one frame and flushes the file. ShapeError naming the series when a tensor does not match.
    void append(const Frame& frame);
    int64_t frames() const;
    const std::string& path() const;
    /// Records the file of the trained model (root attribute model_file) and closes.
    void close(const std::string& modelFile = {});

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Curves over frames (length = frames()).
struct Curves {
    std::vector<int> epoch;
    std::vector<int64_t> step;
    std::vector<double> seconds, trainLoss, trainAccuracy, validationLoss, validationAccuracy;
};

class SnapshotStore {
public:
    /// Opens read-only. IoError naming the file for a missing, non-HDF5 or non-snapshot file or one of another
    /// format version; a file cut short by a killed trainer opens with its completed frames.
    static std::shared_ptr<SnapshotStore> open(const std::string& path);
    ~SnapshotStore();

    const std::string& path() const;
    const SnapshotHeader& header() const; ///< probe inputs included
    int64_t frames() const;
    int64_t probes() const;
    int64_t classes() const;
    const Curves& curves() const;
    /// The series of the file, in the order written.
    const std::vector<SeriesSpec>& series() const;
    const SeriesSpec& seriesSpec(const std::string& name) const; ///< ArgumentError listing the names when unknown

    /// (C) probabilities of one probe at one frame; (T, C) over all frames.
    Tensor probabilities(int64_t frame, int64_t probe) const;
    Tensor probabilityHistory(int64_t probe) const;
    /// One probe at one frame: (shape...).
    Tensor read(const std::string& series, int64_t frame, int64_t probe) const;
    /// One probe's whole time series: (T, shape...).
    Tensor readProbeHistory(const std::string& series, int64_t probe) const;
    /// One frame of every probe: (P, shape...).
    Tensor readFrame(const std::string& series, int64_t frame) const;
    /// A weights series at one frame.
    Tensor readWeights(const std::string& series, int64_t frame) const;

    /// Is this an HDF5 file whose root says format=lantern-snapshots? Never throws.
    static bool isSnapshotFile(const std::string& path);

private:
    SnapshotStore();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern::snapshots

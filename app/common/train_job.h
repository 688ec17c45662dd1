#pragma once
// One training run as `lantern-cli train` and the Train dialog both do it: build the model (preset or an imported
// architecture, re-initialised or kept), load the data, train with the chosen optimizer, regularization and class
// weights, optionally record snapshots (lantern/snapshots/recorder.h), and write the model (ONNX or .npz). Reports
// through callbacks from the calling (worker) thread; Qt-free apart from living in appcore.

#include "common/train_data.h"

#include "lantern/snapshots/recorder.h"
#include "lantern/training/trainer.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lantern::app {

struct TrainJobOptions {
    std::string preset = "fmnist-cnn"; ///< fmnist-cnn, ziletti-cnn, mlp:H1,H2,...
    std::string arch, archWeights;     ///< an architecture file instead of a preset
    bool keepWeights = false;
    std::string data; ///< MNIST-style folder
    TrainDataFiles files;
    int epochs = 1;
    int64_t batchSize = 64;
    std::string optimizer = "adam";
    double lr = 1e-3, lrDecay = 1.0, momentum = 0.9;
    bool nesterov = false;
    std::string l1 = "0", l2 = "0"; ///< FACTOR or LAYER=FACTOR,...
    std::string classWeights, classNames;
    double validationFraction = 0;
    uint64_t seed = 0;
    std::optional<uint64_t> initSeed;
    std::optional<float> scale;
    int64_t trainLimit = 0, testLimit = 0;
    std::string out;
    int threads = 0;

    // snapshots (empty path: none)
    std::string snapshots;
    std::string snapshotEvery = "epoch"; ///< "epoch" or a number of steps
    std::string probes = "16";           ///< a count, or a text file of sample indices
    std::string record = "attentive-response"; ///< comma-separated methods ("grad" = gradient); "" or "none": none
    std::string recordActivations;             ///< comma-separated node names
    bool recordWeights = false;
    int topFilters = 4;
    std::string responseStyle = "zeiler-fergus";
};

struct TrainJobEvents {
    std::function<void(const std::string& line)> log; ///< what the CLI prints, line by line
    std::function<void(const BatchEvent&)> batch;
    std::function<void(const EpochEvent&)> epoch;
    std::function<void(int64_t frames)> snapshot;
    const std::atomic<bool>* cancel = nullptr; ///< training stops with CancelledError
    const std::atomic<bool>* pause = nullptr;  ///< while set, training waits between batches
};

struct TrainJobResult {
    std::vector<EpochEvent> epochs;
    std::optional<Evaluation> test;
    int64_t parameters = 0, classes = 0, samples = 0;
    std::string modelPath, snapshotPath;
    int64_t snapshotFrames = 0;
    double trainSeconds = 0, recordingSeconds = 0;
};

/// Throws ArgumentError/IoError/ShapeError naming the option or file; CancelledError when cancelled (the snapshot
/// file then holds every frame recorded so far).
TrainJobResult runTrainJob(const TrainJobOptions& options, const TrainJobEvents& events = {});

/// "--out" ending in .onnx (any case) writes the whole model as ONNX; anything else the weights as .npz.
bool endsWithOnnx(const std::string& path);

/// A number as %g prints it ("0.001", "1e-06"), for messages.
std::string shortNumber(double v);

/// Comma-separated items, trimmed ("a, b," -> a, b, "").
std::vector<std::string> splitList(const std::string& text);

} // namespace lantern::app

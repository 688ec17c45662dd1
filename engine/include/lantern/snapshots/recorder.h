#pragma once
// Records snapshots while a Trainer runs: at every epoch (or every N optimizer steps) it runs the model in inference
// mode on a fixed set of probe samples and appends a frame to a SnapshotWriter: probabilities, loss/accuracy curves,
// the chosen explanation maps (attentive response maps of the top filters of every conv layer, any other method),
// named activations (e.g. an attention Softmax) and optionally every weight. Recording never changes training: the
// trained weights are bit-identical with and without it (tested).

#include "lantern/model.h"
#include "lantern/snapshots/store.h"
#include "lantern/training/trainer.h"

#include <atomic>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lantern::snapshots {

struct RecordOptions {
    std::string every = "epoch"; ///< "epoch" or "steps" (then also at every epoch's end, with its curves)
    int64_t everySteps = 0;      ///< with every == "steps"
    /// Explanation methods by their CLI names ("attentive-response", "gradient", "grad-cam", ...). Each explains the
    /// probe's true class (the predicted one where the target is unknown).
    std::vector<std::string> methods{"attentive-response"};
    int topFilters = 4;                          ///< attentive-response: filters per layer
    std::string responseStyle = "zeiler-fergus"; ///< attentive-response: or "ai4materials"
    std::vector<std::string> activations;        ///< node names whose outputs are recorded
    bool weights = false;                        ///< every trainable parameter at every frame
    bool initial = true;                         ///< a frame before the first step (epoch 0)
};

/// The probes: samples shaped like the model input, their classes (-1: unknown) and where they came from.
struct Probes {
    Tensor inputs;
    std::vector<int64_t> targets;
    std::vector<int64_t> indices;
    std::string source;
};

/// Picks `count` probes from a data set: evenly spread over the classes (round robin over the classes in order of
/// first appearance, earliest samples first), deterministic. count >= size() takes every sample.
Probes chooseProbes(const Dataset& data, int64_t count, const std::string& source);

class SnapshotRecorder {
public:
    /// Creates the file (`header` supplies model, class names and provenance; probes and series are filled in here).
    /// Runs the model on the probes once to learn the shapes of every series; with options.initial that is frame 0.
    /// Throws ArgumentError for an unknown method or activation, naming it and listing the valid ones.
    SnapshotRecorder(Model& model, const std::string& path, Probes probes, SnapshotHeader header,
                     const RecordOptions& options, const std::atomic<bool>* cancel = nullptr);
    ~SnapshotRecorder();

    /// Chains into the trainer's onBatchEnd/onEpochEnd (the callbacks set before keep running, first).
    void attach(Trainer& trainer, int64_t stepsPerEpoch);
    /// Records one frame now.
    void record(int epoch, int64_t step, const EpochEvent* event = nullptr, double batchLoss = std::nan(""));
    /// Called after each appended frame (from the training thread) with the frame count.
    std::function<void(int64_t frames)> onFrame;

    int64_t frames() const;
    double recordingSeconds() const; ///< time spent computing and writing frames
    const std::vector<SeriesSpec>& series() const;
    /// Notes the trained model's file in the snapshot file and closes it.
    void close(const std::string& modelFile = {});

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern::snapshots

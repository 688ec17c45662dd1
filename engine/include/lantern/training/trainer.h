#pragma once
// Mini-batch training of a Graph: seeded shuffling, train/eval modes, callbacks at batch and epoch ends
// (snapshot recording hooks in there), progress and cancellation. Deterministic for a fixed seed.

#include "lantern/graph.h"
#include "lantern/training/loss.h"
#include "lantern/training/optimizer.h"

#include <atomic>
#include <functional>
#include <optional>

namespace lantern {

/// Samples along the first axis; targets are class indices (N) or tensors (N, ...).
struct Dataset {
    Tensor inputs;
    Tensor targets;
    int64_t size() const { return inputs.isEmpty() ? 0 : inputs.dim(0); }
};

struct TrainConfig {
    int epochs = 1;
    int64_t batchSize = 32;
    uint64_t seed = 0;
    bool shuffle = true;
};

struct BatchEvent {
    int epoch = 0;       ///< 0-based
    int64_t batch = 0;   ///< 0-based within the epoch
    int64_t batches = 0; ///< per epoch
    double loss = 0;     ///< this batch's loss (without regularization)
};

struct Evaluation {
    double loss = 0;
    double accuracy = 0; ///< for class-index targets; NaN otherwise
    int64_t samples = 0;
};

struct EpochEvent {
    int epoch = 0;
    Evaluation train;                     ///< running means over the epoch's batches
    std::optional<Evaluation> validation; ///< when a validation set was given
};

class Trainer {
public:
    Trainer(Graph& graph, const Loss& loss, Optimizer& optimizer, TrainConfig config);

    std::function<void(const BatchEvent&)> onBatchEnd;
    /// Return false to stop training after this epoch.
    std::function<bool(const EpochEvent&)> onEpochEnd;
    /// Checked before every batch; cancellation throws CancelledError and leaves the weights as they are.
    const std::atomic<bool>* cancel = nullptr;

    std::vector<EpochEvent> fit(const Dataset& train, const Dataset* validation = nullptr);

    /// Inference-mode loss and accuracy over a data set, in batches.
    static Evaluation evaluate(Graph& graph, const Dataset& data, const Loss* loss, int64_t batchSize = 256);

private:
    Graph& m_graph;
    const Loss& m_loss;
    Optimizer& m_optimizer;
    TrainConfig m_config;
};

/// Rows `indices` of t (along axis 0) as a new tensor.
Tensor gatherRows(const Tensor& t, const std::vector<int64_t>& indices);

} // namespace lantern

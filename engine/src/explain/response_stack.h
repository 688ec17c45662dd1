#pragma once
// Internal: batch-stacked deconvnet back-projection for attentive-response and CLEAR.
//
// Several independent signals (one per filter or class, each for every sample of the batch) travel down
// in ONE Graph::backward traversal: a signal for a value of batch N is stacked into a tensor of batch m·N
// (row s·N + i = stack slot s, sample i). The forward pass runs once at batch N; since the deconvnet rules
// do not read forward activations (ReLU backward = relu(upstream), conv backward = transposed conv with the
// same weights, max-pool backward through the forward switches or nearest-neighbour upsampling), every
// slot can share that one forward pass. Signals are injected at their value by a per-node rule on the
// value's producer, so deeper seeds are appended to the stack on the way down (a layer's signal only pays
// for the layers below it).

#include "lantern/graph.h"
#include "lantern/tensor.h"

#include <atomic>
#include <string>
#include <vector>

namespace lantern::explain {

enum class PoolingMode {
    Switches, ///< max-pool backward routes to the forward argmax (Zeiler & Fergus)
    Nearest   ///< every element of a pooling window receives the pooled signal (nearest-neighbour upsampling
              ///< when kernel == stride, as ai4materials does)
};

/// Parses "switches" / "nearest" (ArgumentError naming the method otherwise).
PoolingMode parsePoolingMode(const std::string& text, const std::string& method);

/// Signals to inject at one value: shape (m·N, value dims...), row s·N + i = slot s of sample i.
struct InjectedSignal {
    std::string value;
    Tensor signal;
};

/// True when a gradient injected at `upper` reaches `lower` through single-input nodes whose values have
/// one reader each (a plain chain), so both can share one stacked traversal.
bool chainedBelow(const Graph& graph, const std::string& upper, const std::string& lower);

/// One Graph::backward over `execution` (forward at batch `batch`, run with keepForBackward and without
/// fusion) with deconvnet rules. `signals` must be ordered top (closest to the output) first, each lower
/// value chainedBelow the previous one. Returns the input's back-projection with batch (Σ m_j)·N: first the
/// slots of signals[0], then those of signals[1], ...
Tensor deconvStacked(Graph& graph, Execution& execution, const std::string& inputName,
                     const std::vector<InjectedSignal>& signals, int64_t batch, PoolingMode pooling,
                     const std::atomic<bool>* cancel, const std::string& method);

} // namespace lantern::explain

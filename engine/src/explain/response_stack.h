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
              ///< when kernel == stride, as ai4materials does; overlapping windows add up)
};

/// Whose back-projection: the plain Zeiler–Fergus deconvnet, or ai4materials' deconv_resp_maps.py (Ziletti et al.
/// 2018), which masks every ReLU with its forward zero pattern, undoes max pooling by nearest-neighbour upsampling,
/// passes BatchNorm unchanged and seeds a filter's single strongest unit.
enum class DeconvStyle { ZeilerFergus, Ai4materials };

struct DeconvRules {
    DeconvStyle style = DeconvStyle::ZeilerFergus;
    PoolingMode pooling = PoolingMode::Switches;
    bool maskRelu = false;      ///< relu(signal)·[forward output > 0] instead of relu(signal)
    bool batchNormPass = false; ///< BatchNorm passes the signal unchanged instead of scaling it (its gradient)
};

/// The rules of a style ("zeiler-fergus" or "ai4materials") with a pooling choice ("auto": the style's own,
/// "switches", "nearest"); ArgumentError naming the method otherwise.
DeconvRules parseDeconvRules(const std::string& style, const std::string& pooling, const std::string& method);

/// Signals to inject at one value: shape (m·N, value dims...), row s·N + i = slot s of sample i.
struct InjectedSignal {
    std::string value;
    Tensor signal;
};

/// True when a gradient injected at `upper` reaches `lower` through single-input nodes whose values have
/// one reader each (a plain chain), so both can share one stacked traversal.
bool chainedBelow(const Graph& graph, const std::string& upper, const std::string& lower);

/// One Graph::backward over `execution` (forward at batch `batch`, run with keepForBackward and without
/// fusion) with the deconvnet rules of `rules`. `signals` must be ordered top (closest to the output) first, each lower
/// value chainedBelow the previous one. Returns the input's back-projection with batch (Σ m_j)·N: first the
/// slots of signals[0], then those of signals[1], ...
Tensor deconvStacked(Graph& graph, Execution& execution, const std::string& inputName,
                     const std::vector<InjectedSignal>& signals, int64_t batch, const DeconvRules& rules,
                     const std::atomic<bool>* cancel, const std::string& method);

} // namespace lantern::explain

#pragma once
// Explanation methods. Every method runs on a model's pre-softmax logits (a final Softmax/LogSoftmax is
// bypassed) and shares the engine's single backward traversal with per-op rules (lantern/rules.h); no method
// walks the graph itself. Methods are named as on the command line ("gradient", "lrp-epsilon", ...).

#include "lantern/model.h"
#include "lantern/tensor.h"

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lantern::explain {

/// Which logit to explain: the predicted class per sample (default) or a fixed class index.
struct Target {
    static Target predicted() { return {}; }
    static Target index(int64_t i) { return {i}; }
    int64_t classIndex = -1; ///< -1: argmax of the logits per sample
};

struct ParamSpec {
    std::string key;
    std::string defaultValue; ///< as text, e.g. "0.1", "50", "zeros"
    std::string help;
};

struct MethodSpec {
    std::string name;    ///< CLI name
    std::string summary; ///< one line: what it shows and when to use it
    std::vector<ParamSpec> params;
    bool usesLayer = false; ///< takes a layer (node) name, e.g. grad-cam, attentive-response
    /// Passes parameters named "method.KEY" on to an inner method (composite).
    bool forwardsParams = false;
    /// One result per sample, independent of the other samples of the batch (batch commands stream and shard
    /// these); false for results over the whole set (composite, optimal-input).
    bool perSample = true;
};

struct ExplainRequest {
    std::string method;
    std::map<std::string, std::string> params; ///< key=value; unknown keys are an ArgumentError
    Target target;
    std::string layer;           ///< node name for methods with usesLayer ("" = the method's default, e.g. last conv)
    uint64_t seed = 0;           ///< for stochastic methods (smoothgrad noise)
    std::vector<int64_t> labels; ///< true class per sample, where a method uses them (composite correct_only)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double fraction)> progress; ///< called with 0..1 from the computing thread
    /// Iterative methods (optimal-input): called from the computing thread about 50 times per run with the
    /// iteration, the current batch and each sample's score (target probability, or the unit/filter activation).
    std::function<void(int64_t iteration, const Tensor& current, const std::vector<float>& scores)> snapshot;
};

/// Result of one method on a batch (by value, immutable once returned).
struct Explanation {
    std::string method;
    Tensor map;                   ///< attribution with the input's shape (N, ...)
    Tensor logits;                ///< (N, K) pre-softmax scores of the forward pass
    std::vector<int64_t> targets; ///< explained class per sample
    /// Named further results, e.g. "layer_map" for Grad-CAM at the layer's resolution, per-filter or per-class
    /// maps; each documented by its method.
    std::map<std::string, Tensor> extra;
};

/// Every method with its parameters and defaults, in documentation order.
std::vector<MethodSpec> methods();
const MethodSpec& method(const std::string& name); ///< ArgumentError listing the names when unknown

/// The activation attentive-response ranks and back-projects for a layer: a Conv2D node's output after the
/// BatchNorm and the activation function that only it feeds (Conv–BN–ReLU is one layer), any other node's own
/// output. Views that show "the top-n filters" of a layer rank this value.
std::string responseValue(const Graph& graph, const std::string& node);

/// Runs a method on a batch `input` shaped like the model input. Leaves the model unchanged (parameters and
/// graph); not thread-safe for one model.
Explanation explain(Model& model, const Tensor& input, const ExplainRequest& request);

} // namespace lantern::explain

#pragma once
// Op: one operation of a graph. Each op implements forward (inference and training semantics), backward with
// respect to its inputs, and backward with respect to its parameters where it has them.
//
// Ops never allocate their inputs; forward() creates its outputs, backward() creates the input gradients
// that were asked for and accumulates parameter gradients into Parameter::grad when asked.

#include "lantern/tensor.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace lantern {

/// Semantics of a forward pass: Inference uses running statistics and disables dropout; Training updates
/// running statistics and samples dropout masks.
enum class Mode { Inference, Training };

/// A tensor an op owns: a learnable weight, or a buffer such as BatchNorm's running mean (trainable == false).
/// Whoever changes `value` in place must call markModified() afterwards: backends keep weights packed in
/// their preferred layout and re-pack only when the version changes (optimizers and loadStateDict do this).
struct Parameter {
    Parameter() = default;
    Parameter(std::string name_, Tensor value_, bool trainable_ = true)
        : name(std::move(name_)), value(std::move(value_)), trainable(trainable_)
    {}

    std::string name;
    Tensor value;
    Tensor grad; ///< same shape as value once gradients have been accumulated
    bool trainable = true;
    uint64_t version = 0; ///< bumped by markModified(); backends re-pack cached weights when it changes

    void markModified() { ++version; }
    /// grad, created zero-filled on first use.
    Tensor& gradient();
};

/// What an op remembers from forward for its backward (pooling switches, dropout masks, batch statistics).
struct OpState {
    virtual ~OpState() = default;
};

/// Fused activation an executor may ask a producer op to apply to its output.
enum class PostOp { None, Relu };

struct ForwardArgs {
    std::span<const Tensor> inputs;
    std::vector<Tensor> outputs; ///< filled by the op, one per output
    Mode mode = Mode::Inference;
    bool keepForBackward = false; ///< a backward pass will follow: keep switches/workspaces in state
    PostOp postOp = PostOp::None; ///< only requested from ops whose supportsFusedRelu() is true
    uint64_t seed = 0;            ///< for stochastic ops (dropout), derived from the run seed and node index
    std::unique_ptr<OpState> state;
};

struct BackwardArgs {
    std::span<const Tensor> inputs;      ///< forward inputs
    std::span<const Tensor> outputs;     ///< forward outputs (an entry is empty when it was fused away)
    std::span<const Tensor> gradOutputs; ///< one per output; an empty tensor means zero gradient
    std::vector<bool> needInputGrad;     ///< which entries of gradInputs to fill
    std::vector<Tensor> gradInputs;      ///< filled by the op (size == inputs.size())
    bool accumulateParamGrads = false;   ///< add d(loss)/d(param) into Parameter::grad
    const OpState* state = nullptr;
    Mode mode = Mode::Inference;
};

class Op {
public:
    virtual ~Op() = default;

    /// Op type name, e.g. "Conv2D", "Relu"; rule sets and error messages use it.
    virtual std::string type() const = 0;
    /// Output shapes for the given input shapes; throws ShapeError naming what does not fit.
    virtual std::vector<Shape> outputShapes(std::span<const Shape> inputs) const = 0;
    virtual int numOutputs() const { return 1; }
    virtual void forward(ForwardArgs& args) = 0;
    virtual void backward(BackwardArgs& args) = 0;
    virtual std::vector<Parameter*> parameters() { return {}; }
    /// True when forward() can apply PostOp::Relu to its output itself (e.g. a oneDNN post-op).
    virtual bool supportsFusedRelu() const { return false; }
    /// Does backward() need the forward output values? (false lets the executor fuse the output away)
    virtual bool backwardNeedsOutputs() const { return false; }
    /// Human-readable attributes, e.g. "k=3x3 s=1 p=1,1,1,1"; used by inspect tools.
    virtual std::string describe() const { return {}; }
    /// An elementwise activation function y_i = f(x_i) (ReLU, Tanh, ...): explanation methods treat it as part of
    /// the layer before it (LRP passes relevance through it; attentive response ranks filters after it).
    virtual bool isActivation() const { return false; }

    /// Number of trainable scalars.
    int64_t parameterCount();
};

/// Throws ShapeError "<op>: expected N inputs, got M" when the count is wrong.
void expectInputCount(const Op& op, std::span<const Shape> inputs, size_t minCount, size_t maxCount);

} // namespace lantern

#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct LayerNormParams {
    /// Trailing input dimensions normalized together (PyTorch normalized_shape; ONNX LayerNormalization with
    /// axis a has normalizedShape = input dims [a, rank)). Rank 1 to 5.
    Shape normalizedShape{1};
    float epsilon = 1e-5f;
    /// Learnable elementwise "weight" of normalizedShape (PyTorch elementwise_affine, ONNX Scale).
    bool affine = true;
    /// Learnable elementwise "bias" of normalizedShape (ONNX B); only with affine.
    bool bias = true;
};

/// Layer normalization: y = (x - mean) / sqrt(var + epsilon) * weight + bias, with mean and biased variance
/// taken over the last normalizedRank() axes of each sample. Same semantics in Training and Inference mode;
/// backward is the full gradient through the statistics.
class LayerNorm : public Op {
public:
    explicit LayerNorm(const LayerNormParams& params);
    ~LayerNorm() override;

    std::string type() const override { return "LayerNorm"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::vector<Parameter*> parameters() override;
    std::string describe() const override;

    const LayerNormParams& params() const { return m_params; }
    int normalizedRank() const { return static_cast<int>(m_params.normalizedShape.size()); }
    /// nullptr when absent.
    Parameter* weight() { return m_params.affine ? &m_weight : nullptr; }
    Parameter* bias() { return m_params.affine && m_params.bias ? &m_bias : nullptr; }

private:
    struct Impl;
    LayerNormParams m_params;
    Parameter m_weight, m_bias;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern

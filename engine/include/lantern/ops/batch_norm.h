#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct BatchNormParams {
    int64_t numFeatures = 1; ///< channels C
    float epsilon = 1e-5f;
    /// PyTorch convention: running = (1 - momentum) * running + momentum * batch statistic.
    float momentum = 0.1f;
    /// Learnable per-channel scale "weight" (gamma) and shift "bias" (beta).
    bool affine = true;
};

/// Batch normalization over the channel axis 1 of (N, C), (N, C, L), (N, C, H, W) or (N, C, D, H, W) input,
/// like PyTorch BatchNorm1d/2d/3d and ONNX BatchNormalization.
///
/// Inference mode normalizes with the buffers "running_mean" and "running_var" (non-trainable parameters);
/// its backward treats them as constants. Training mode normalizes with the batch mean and biased batch
/// variance, updates the running buffers with the unbiased variance (and bumps their versions), and its
/// backward is the full gradient through the batch statistics; it needs more than one value per channel.
class BatchNorm : public Op {
public:
    explicit BatchNorm(const BatchNormParams& params);
    ~BatchNorm() override;

    std::string type() const override { return "BatchNorm"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    /// weight, bias (when affine), running_mean, running_var.
    std::vector<Parameter*> parameters() override;
    std::string describe() const override;

    const BatchNormParams& params() const { return m_params; }
    /// nullptr when not affine.
    Parameter* weight() { return m_params.affine ? &m_weight : nullptr; }
    Parameter* bias() { return m_params.affine ? &m_bias : nullptr; }
    Parameter& runningMean() { return m_runningMean; }
    Parameter& runningVar() { return m_runningVar; }

private:
    struct Impl;
    BatchNormParams m_params;
    Parameter m_weight, m_bias, m_runningMean, m_runningVar;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern

#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct GemmParams {
    int64_t inFeatures = 1;  ///< K: columns of op(A), rows of op(B)
    int64_t outFeatures = 1; ///< M: columns of the output
    bool transA = false;     ///< the input is (K, N) instead of (N, K)
    bool transB = false;     ///< the weight is (M, K) instead of (K, M)
    float alpha = 1.f;
    float beta = 1.f;
    bool bias = true;
    /// Shape of C: empty means (outFeatures); (1, outFeatures) and (1) (one scalar for all) are accepted too.
    Shape biasShape{};
};

/// ONNX Gemm on a rank-2 input A with a learnt weight B and optional bias C:
/// Y = alpha * op(A) * op(B) + beta * C, Y of shape (N, outFeatures).
/// Weight shape (outFeatures, inFeatures) with transB, else (inFeatures, outFeatures).
class Gemm : public Op {
public:
    explicit Gemm(const GemmParams& params);
    ~Gemm() override;

    /// PyTorch Linear layout: weight (out, in), transB = true, y = x W^T + b.
    static std::unique_ptr<Gemm> dense(int64_t in, int64_t out, bool bias = true);

    std::string type() const override { return "Gemm"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::vector<Parameter*> parameters() override;
    bool supportsFusedRelu() const override { return true; }
    std::string describe() const override;

    const GemmParams& params() const { return m_params; }
    Parameter& weight() { return m_weight; }
    const Parameter& weight() const { return m_weight; }
    /// nullptr when the Gemm has no bias.
    Parameter* bias() { return m_params.bias ? &m_bias : nullptr; }
    const Parameter* bias() const { return m_params.bias ? &m_bias : nullptr; }

private:
    struct Impl;
    GemmParams m_params;
    Parameter m_weight;
    Parameter m_bias;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern

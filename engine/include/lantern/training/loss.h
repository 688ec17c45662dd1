#pragma once
// Training losses. compute() returns the mean loss over the batch and, when asked, d(loss)/d(output).

#include "lantern/tensor.h"

#include <string>
#include <vector>

namespace lantern {

class Loss {
public:
    virtual ~Loss() = default;
    virtual std::string name() const = 0;
    /// output: the network's output for a batch; target: its targets (see each loss).
    virtual double compute(const Tensor& output, const Tensor& target, Tensor* gradOutput) const = 0;
};

/// Softmax cross-entropy on logits (N, C) with integer class targets (N) stored as floats.
/// With class weights w it is the PyTorch weighted mean: sum_i w[y_i] * nll_i / sum_i w[y_i].
class SoftmaxCrossEntropy : public Loss {
public:
    explicit SoftmaxCrossEntropy(std::vector<float> classWeights = {});
    std::string name() const override { return "softmax-cross-entropy"; }
    double compute(const Tensor& output, const Tensor& target, Tensor* gradOutput) const override;

private:
    std::vector<float> m_classWeights;
};

/// Mean squared error over all elements; target has the output's shape.
class MeanSquaredError : public Loss {
public:
    std::string name() const override { return "mse"; }
    double compute(const Tensor& output, const Tensor& target, Tensor* gradOutput) const override;
};

} // namespace lantern

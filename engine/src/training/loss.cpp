#include "lantern/training/loss.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>

namespace lantern {

SoftmaxCrossEntropy::SoftmaxCrossEntropy(std::vector<float> classWeights) : m_classWeights(std::move(classWeights))
{
    for (float w : m_classWeights)
        if (!(w >= 0.f) || !std::isfinite(w))
            throw ArgumentError("softmax cross-entropy: class weights must be finite and non-negative");
}

double SoftmaxCrossEntropy::compute(const Tensor& output, const Tensor& target, Tensor* gradOutput) const
{
    if (output.rank() != 2)
        throw ShapeError("softmax cross-entropy needs logits of shape (N, C), got " + shapeToString(output.shape()));
    const int64_t n = output.dim(0), c = output.dim(1);
    if (target.size() != n)
        throw ShapeError("softmax cross-entropy: " + std::to_string(n) + " logit rows but targets of shape " +
                         shapeToString(target.shape()));
    if (!m_classWeights.empty() && static_cast<int64_t>(m_classWeights.size()) != c)
        throw ShapeError("softmax cross-entropy: " + std::to_string(m_classWeights.size()) + " class weights for " +
                         std::to_string(c) + " classes");
    if (gradOutput)
        *gradOutput = Tensor(output.shape());
    double total = 0, weightSum = 0;
    std::vector<double> p(static_cast<size_t>(c));
    for (int64_t i = 0; i < n; ++i) {
        const float t = target[i];
        const auto y = static_cast<int64_t>(t);
        if (y < 0 || y >= c || static_cast<float>(y) != t)
            throw ArgumentError("softmax cross-entropy: target " + std::to_string(t) + " of sample " +
                                std::to_string(i) + " is not a class index in [0, " + std::to_string(c) + ")");
        const float* row = output.data() + i * c;
        const double mx = *std::max_element(row, row + c);
        double sum = 0;
        for (int64_t k = 0; k < c; ++k)
            sum += (p[static_cast<size_t>(k)] = std::exp(double(row[k]) - mx));
        const double w = m_classWeights.empty() ? 1.0 : m_classWeights[static_cast<size_t>(y)];
        total += w * (std::log(sum) - (double(row[y]) - mx));
        weightSum += w;
        if (gradOutput) {
            float* g = gradOutput->data() + i * c;
            for (int64_t k = 0; k < c; ++k)
                g[k] = static_cast<float>(w * (p[static_cast<size_t>(k)] / sum - (k == y ? 1.0 : 0.0)));
        }
    }
    if (weightSum <= 0)
        return 0;
    if (gradOutput)
        for (auto& v : gradOutput->values())
            v = static_cast<float>(v / weightSum);
    return total / weightSum;
}

double MeanSquaredError::compute(const Tensor& output, const Tensor& target, Tensor* gradOutput) const
{
    if (output.size() != target.size())
        throw ShapeError("mse: output " + shapeToString(output.shape()) + " and target " +
                         shapeToString(target.shape()) + " differ in size");
    const double n = static_cast<double>(std::max<int64_t>(1, output.size()));
    if (gradOutput)
        *gradOutput = Tensor(output.shape());
    double total = 0;
    for (int64_t i = 0; i < output.size(); ++i) {
        const double d = double(output[i]) - double(target[i]);
        total += d * d;
        if (gradOutput)
            (*gradOutput)[i] = static_cast<float>(2.0 * d / n);
    }
    return total / n;
}

} // namespace lantern

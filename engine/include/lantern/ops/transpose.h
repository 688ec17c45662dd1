#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct TransposeParams {
    /// Output dimension i is input dimension perm[i]; empty means reverse all dimensions (ONNX default).
    std::vector<int64_t> perm;
};

/// ONNX Transpose: permutes the dimensions (a oneDNN reorder with permuted strides). Backward applies
/// the inverse permutation to the gradient.
class Transpose : public Op {
public:
    /// Throws ArgumentError when perm is not a permutation of 0..n-1.
    explicit Transpose(TransposeParams params = {});
    ~Transpose() override;

    std::string type() const override { return "Transpose"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const TransposeParams& params() const { return m_params; }
    /// The permutation used for an input of the given rank.
    std::vector<int64_t> permutation(size_t rank) const;

private:
    struct Impl;
    TransposeParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern

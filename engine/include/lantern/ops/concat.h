#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct ConcatParams {
    int64_t axis = 1; ///< negative counts from the end
};

/// ONNX Concat: joins N >= 1 inputs of equal rank along `axis`; all other dimensions must match
/// (oneDNN concat). Backward slices the gradient back into one piece per input.
class Concat : public Op {
public:
    explicit Concat(const ConcatParams& params = {});
    ~Concat() override;

    std::string type() const override { return "Concat"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const ConcatParams& params() const { return m_params; }

private:
    struct Impl;
    ConcatParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern

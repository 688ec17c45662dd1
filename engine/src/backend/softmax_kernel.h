#pragma once
// Internal: oneDNN softmax_v2 (softmax_accurate or softmax_log) forward and backward along one axis of a
// plain tensor of rank 1..5. The shape is collapsed to (outer, axis, inner) so primitives are cached per
// collapsed shape. Used by Softmax and LogSoftmax.

#include "backend/dnnl_backend.h"
#include "lantern/op.h"

#include <map>
#include <mutex>
#include <span>
#include <string>
#include <tuple>

namespace lantern::backend {

class SoftmaxKernel {
public:
    SoftmaxKernel(std::string opName, bool log);

    /// The axis in [0, rank) (negative counts from the end); ShapeError when out of range or rank 0.
    int normalizeAxis(const Shape& shape, int axis) const;
    std::vector<Shape> outputShapes(const Op& op, std::span<const Shape> inputs, int axis) const;

    Tensor forward(const Tensor& x, int axis, bool training);
    /// dL/dx from the forward output y; an empty gy means zero gradient.
    Tensor backward(const Tensor& y, const Tensor& gy, int axis);

    /// Op-level glue: one input, one output of the same shape; backward reads the output (recomputing it
    /// from the input when it is not available).
    void forward(const Op& op, ForwardArgs& args, int axis);
    void backward(const Op& op, BackwardArgs& args, int axis);

private:
    struct Entry {
        dnnl::softmax_v2_forward::primitive_desc fwdPd;
        dnnl::softmax_v2_forward fwd;
        dnnl::softmax_v2_backward::primitive_desc bwdPd;
        dnnl::softmax_v2_backward bwd;
    };
    dnnl::memory::desc collapsedDesc(const Shape& shape, int axis) const;
    Entry& entry(const dnnl::memory::desc& md, bool training, bool withBackward);

    std::string m_opName;
    bool m_log;
    std::mutex m_mutex;
    std::map<std::tuple<dnnl::memory::dims, bool>, Entry> m_cache;
};

} // namespace lantern::backend

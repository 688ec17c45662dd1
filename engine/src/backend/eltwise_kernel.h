#pragma once
// Internal: one oneDNN eltwise algorithm run forward and backward on a plain float tensor of any rank.
// Element-wise ops do not care about shape, so tensors are processed as flat 1-D arrays and primitives are
// cached per element count. Used by the activation ops (Relu, LeakyRelu, Elu, Sigmoid, Tanh).

#include "backend/dnnl_backend.h"
#include "lantern/op.h"

#include <map>
#include <mutex>
#include <span>
#include <string>
#include <tuple>

namespace lantern::backend {

class EltwiseKernel {
public:
    /// `srcAlgorithm` is the plain algorithm (its backward reads the input x). `dstAlgorithm`, when
    /// `hasDstAlgorithm`, is the matching *_use_dst_for_bwd variant (same forward, backward reads y).
    EltwiseKernel(std::string opName, dnnl::algorithm srcAlgorithm, bool hasDstAlgorithm, dnnl::algorithm dstAlgorithm,
                  float alpha = 0.f, float beta = 0.f);

    /// True when backward can be computed from the forward output alone.
    bool backwardUsesOutput() const { return m_hasDst; }

    Tensor forward(const Tensor& x, bool training);
    /// dL/dx from the forward output y (requires backwardUsesOutput()); empty gy means zero gradient.
    Tensor backwardFromOutput(const Tensor& y, const Tensor& gy);
    /// dL/dx from the forward input x; empty gy means zero gradient.
    Tensor backwardFromInput(const Tensor& x, const Tensor& gy);

    /// Op-level glue shared by the activation ops: one input, one output of the same shape.
    std::vector<Shape> outputShapes(const Op& op, std::span<const Shape> inputs) const;
    void forward(const Op& op, ForwardArgs& args);
    /// Fills gradInputs[0] when asked, from the output when possible, else from the input.
    void backward(const Op& op, BackwardArgs& args);

private:
    enum class Variant { Inference, TrainDst, TrainSrc };
    struct Entry {
        dnnl::eltwise_forward::primitive_desc fwdPd;
        dnnl::eltwise_forward fwd;
        dnnl::eltwise_backward::primitive_desc bwdPd;
        dnnl::eltwise_backward bwd;
    };
    Entry& entry(int64_t count, Variant variant);
    Tensor runBackward(const Tensor& data, const Tensor& gy, Variant variant, int dataArg);

    std::string m_opName;
    dnnl::algorithm m_srcAlgorithm;
    bool m_hasDst;
    dnnl::algorithm m_dstAlgorithm;
    float m_alpha, m_beta;
    std::mutex m_mutex;
    std::map<std::tuple<int64_t, int>, Entry> m_cache;
};

} // namespace lantern::backend

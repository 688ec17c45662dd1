#pragma once
// Weights reordered once into the layout a primitive wants, re-packed only when the parameter changes.

#include "backend/dnnl_backend.h"
#include "lantern/op.h"

#include <mutex>

namespace lantern::backend {

class PackedWeights {
public:
    /// Memory in `wanted` layout holding param.value; `mutex` guards re-packing.
    dnnl::memory get(const Parameter& param, const dnnl::memory::desc& user, const dnnl::memory::desc& wanted,
                     std::mutex& mutex)
    {
        std::lock_guard lock(mutex);
        if (m_mem && m_version == param.version && m_source == param.value.data())
            return m_mem;
        dnnl::memory userMem(user, cpuEngine(), const_cast<float*>(param.value.data()));
        if (user == wanted) {
            m_mem = userMem;
        } else {
            m_mem = dnnl::memory(wanted, cpuEngine());
            reorderInto(userMem, m_mem);
        }
        m_version = param.version;
        m_source = param.value.data();
        return m_mem;
    }

private:
    dnnl::memory m_mem;
    uint64_t m_version = 0;
    const float* m_source = nullptr;
};

/// acc += t (same size).
inline void addInto(Tensor& acc, const Tensor& t)
{
    float* a = acc.data();
    const float* b = t.data();
    for (int64_t i = 0; i < acc.size(); ++i)
        a[i] += b[i];
}

/// Runs a convolution-like backward-weights primitive for input `x` and output gradient `gy` and adds the
/// weight (and bias) gradients into the parameters. `userWeights` describes the weight tensor's own layout.
inline void accumulateWeightGradients(const dnnl::primitive& prim, const dnnl::primitive_desc_base& pd, const Tensor& x,
                                      const Tensor& gy, const dnnl::memory::desc& userWeights, Parameter& weight,
                                      Parameter* bias, const char* what)
{
    auto src = toLayout(wrap(x), pd.src_desc());
    auto diffDst = toLayout(wrap(gy), pd.diff_dst_desc());
    Tensor gw = Tensor::uninitialized(weight.value.shape());
    auto outW = bindOutput(dnnl::memory(userWeights, cpuEngine(), gw.data()), pd.diff_weights_desc());
    std::unordered_map<int, dnnl::memory> args{
        {DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_WEIGHTS, outW.primitiveMem}};
    Tensor gb;
    if (bias) {
        gb = Tensor::uninitialized(bias->value.shape());
        args[DNNL_ARG_DIFF_BIAS] = wrap(gb);
    }
    execute(prim, args, what);
    outW.finish();
    addInto(weight.gradient(), gw);
    if (bias)
        addInto(bias->gradient(), gb);
}

} // namespace lantern::backend

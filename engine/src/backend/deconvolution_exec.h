#pragma once
// Forward and backward execution shared by the transposed convolutions (ConvTranspose2D, ConvTranspose3D):
// the ops differ only in how they describe their primitives (their Impl), not in how they run them.
// `Impl` provides entry(params, shape, keep, postOp), forwardPrimitive(entry), ensureBackwardData/Weights,
// userWeightsDesc(params) and a mutex; its entries hold fwdPd/bwdDataPd/bwdWeightsPd, the primitives and the
// packed weights.

#include "backend/dnnl_backend.h"
#include "backend/packed_weights.h"
#include "lantern/error.h"
#include "lantern/op.h"

#include <string>
#include <unordered_map>

namespace lantern::backend {

template <class Impl, class Params>
Tensor deconvolutionForward(Impl& impl, const Params& params, const Tensor& x, bool keepForBackward, PostOp postOp,
                            Parameter& weight, const Parameter* bias, const char* what)
{
    auto& e = impl.entry(params, x.shape(), keepForBackward, postOp);
    Tensor y(e.outShape);
    auto src = toLayout(wrap(x), e.fwdPd.src_desc());
    auto w = e.fwdWeights.get(weight, Impl::userWeightsDesc(params), e.fwdPd.weights_desc(), impl.mutex);
    auto out = bindOutput(y, e.fwdPd.dst_desc());
    std::unordered_map<int, dnnl::memory> a{
        {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, out.primitiveMem}};
    if (bias)
        a[DNNL_ARG_BIAS] = wrap(bias->value);
    execute(impl.forwardPrimitive(e), a, what);
    out.finish();
    return y;
}

template <class Impl, class Params>
void deconvolutionBackward(Impl& impl, const Params& params, BackwardArgs& args, const Shape& outShape,
                           Parameter& weight, Parameter* bias, const std::string& what)
{
    const Tensor& x = args.inputs[0];
    const Shape in = x.shape();
    auto& e = impl.entry(params, in, true, PostOp::None);
    Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty())
        gy = Tensor(outShape);
    if (gy.shape() != outShape)
        throw ShapeError(what + " backward: output gradient " + shapeToString(gy.shape()) + " does not match output " +
                         shapeToString(outShape));
    if (!args.needInputGrad.empty() && args.needInputGrad[0]) {
        impl.ensureBackwardData(params, in, e);
        Tensor gx(in);
        auto diffDst = toLayout(wrap(gy), e.bwdDataPd.diff_dst_desc());
        auto w = e.bwdDataWeights.get(weight, Impl::userWeightsDesc(params), e.bwdDataPd.weights_desc(), impl.mutex);
        auto out = bindOutput(gx, e.bwdDataPd.diff_src_desc());
        execute(e.bwdData, {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DIFF_SRC, out.primitiveMem}},
                (what + " backward data").c_str());
        out.finish();
        args.gradInputs.resize(args.inputs.size());
        args.gradInputs[0] = gx;
    }
    if (args.accumulateParamGrads) {
        impl.ensureBackwardWeights(params, in, e);
        accumulateWeightGradients(e.bwdWeights, e.bwdWeightsPd, x, gy, Impl::userWeightsDesc(params), weight, bias,
                                  (what + " backward weights").c_str());
    }
}

} // namespace lantern::backend

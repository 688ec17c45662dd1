#include "lantern/ops/conv_transpose2d.h"

#include "backend/deconvolution_exec.h"
#include "backend/dnnl_backend.h"
#include "backend/packed_weights.h"

#include <map>
#include <mutex>
#include <tuple>

namespace lantern {

using namespace backend;
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

namespace {

int64_t outputSize(int64_t in, int64_t kernel, int64_t stride, int64_t padBegin, int64_t padEnd, int64_t dilation,
                   int64_t outputPadding)
{
    return (in - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1;
}

} // namespace

struct ConvTranspose2D::Impl {
    struct Entry {
        dnnl::deconvolution_forward::primitive_desc fwdPd;
        dnnl::deconvolution_forward fwd;
        dnnl::deconvolution_backward_data::primitive_desc bwdDataPd;
        dnnl::deconvolution_backward_data bwdData;
        dnnl::deconvolution_backward_weights::primitive_desc bwdWeightsPd;
        dnnl::deconvolution_backward_weights bwdWeights;
        PackedWeights fwdWeights, bwdDataWeights;
        Shape outShape;
    };
    using Key = std::tuple<Shape, bool, int>;
    std::mutex mutex;
    std::map<Key, Entry> cache;

    struct Descs {
        dnnl::memory::desc src, weights, bias, dst;
        dnnl::memory::dims strides, dilates, padL, padR;
    };
    static Descs descs(const ConvTranspose2DParams& p, const Shape& in)
    {
        Descs d;
        const int64_t outH =
            outputSize(in[2], p.kernelH, p.strideH, p.padTop, p.padBottom, p.dilationH, p.outputPaddingH);
        const int64_t outW =
            outputSize(in[3], p.kernelW, p.strideW, p.padLeft, p.padRight, p.dilationW, p.outputPaddingW);
        d.src = dnnl::memory::desc({in[0], p.inChannels, in[2], in[3]}, dt::f32, tag::any);
        if (p.groups == 1)
            d.weights = dnnl::memory::desc({p.outChannels, p.inChannels, p.kernelH, p.kernelW}, dt::f32, tag::any);
        else
            d.weights = dnnl::memory::desc(
                {p.groups, p.outChannels / p.groups, p.inChannels / p.groups, p.kernelH, p.kernelW}, dt::f32, tag::any);
        d.bias = p.bias ? dnnl::memory::desc({p.outChannels}, dt::f32, tag::x) : dnnl::memory::desc();
        d.dst = dnnl::memory::desc({in[0], p.outChannels, outH, outW}, dt::f32, tag::any);
        d.strides = {p.strideH, p.strideW};
        d.dilates = {p.dilationH - 1, p.dilationW - 1};
        d.padL = {p.padTop, p.padLeft};
        // oneDNN derives the output size from the right padding; output padding is negative padding there.
        d.padR = {p.padBottom - p.outputPaddingH, p.padRight - p.outputPaddingW};
        return d;
    }

    /// oneDNN deconvolution weights are (OC, IC, KH, KW) (grouped: (G, OC/G, IC/G, KH, KW)); the parameter is
    /// stored as PyTorch's (IC, OC/G, KH, KW). Strides map one onto the other without a copy.
    static dnnl::memory::desc userWeightsDesc(const ConvTranspose2DParams& p)
    {
        const int64_t icg = p.inChannels / p.groups, ocg = p.outChannels / p.groups;
        const int64_t k = p.kernelH * p.kernelW;
        if (p.groups == 1)
            return {{p.outChannels, p.inChannels, p.kernelH, p.kernelW}, dt::f32, {k, ocg * k, p.kernelW, 1}};
        return {{p.groups, ocg, icg, p.kernelH, p.kernelW}, dt::f32, {icg * ocg * k, k, ocg * k, p.kernelW, 1}};
    }

    /// The forward primitive is compiled on first forward use only: a backward pass needs just the descriptor
    /// as a hint, so a fused forward followed by backward never compiles an unused kernel.
    const dnnl::deconvolution_forward& forwardPrimitive(Entry& e)
    {
        std::lock_guard lock(mutex);
        if (!e.fwd)
            e.fwd = dnnl::deconvolution_forward(e.fwdPd);
        return e.fwd;
    }

    Entry& entry(const ConvTranspose2DParams& p, const Shape& in, bool training, PostOp post)
    {
        std::lock_guard lock(mutex);
        Key key{in, training, static_cast<int>(post)};
        auto it = cache.find(key);
        if (it != cache.end())
            return it->second;
        const Descs d = descs(p, in);
        dnnl::primitive_attr attr;
        useOwnScratchpad(attr);
        if (post == PostOp::Relu) {
            dnnl::post_ops ops;
            ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
            attr.set_post_ops(ops);
        }
        const auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
        Entry e;
        e.fwdPd = guarded("ConvTranspose2D", [&] {
            auto desc =
                p.bias
                    ? dnnl::deconvolution_forward::desc(prop, dnnl::algorithm::deconvolution_direct, d.src, d.weights,
                                                        d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR)
                    : dnnl::deconvolution_forward::desc(prop, dnnl::algorithm::deconvolution_direct, d.src, d.weights,
                                                        d.dst, d.strides, d.dilates, d.padL, d.padR);
            return dnnl::deconvolution_forward::primitive_desc(desc, attr, cpuEngine());
        });
        e.outShape = {in[0], p.outChannels, d.dst.dims()[2], d.dst.dims()[3]};
        return cache.emplace(key, std::move(e)).first->second;
    }

    void ensureBackwardData(const ConvTranspose2DParams& p, const Shape& in, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdData)
            return;
        const Descs d = descs(p, in);
        e.bwdDataPd = guarded("ConvTranspose2D backward", [&] {
            dnnl::deconvolution_backward_data::desc desc(dnnl::algorithm::deconvolution_direct, d.src, d.weights, d.dst,
                                                         d.strides, d.dilates, d.padL, d.padR);
            return dnnl::deconvolution_backward_data::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwdData = dnnl::deconvolution_backward_data(e.bwdDataPd);
    }

    void ensureBackwardWeights(const ConvTranspose2DParams& p, const Shape& in, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdWeights)
            return;
        const Descs d = descs(p, in);
        e.bwdWeightsPd = guarded("ConvTranspose2D backward", [&] {
            auto desc = p.bias ? dnnl::deconvolution_backward_weights::desc(dnnl::algorithm::deconvolution_direct,
                                                                            d.src, d.weights, d.bias, d.dst, d.strides,
                                                                            d.dilates, d.padL, d.padR)
                               : dnnl::deconvolution_backward_weights::desc(dnnl::algorithm::deconvolution_direct,
                                                                            d.src, d.weights, d.dst, d.strides,
                                                                            d.dilates, d.padL, d.padR);
            return dnnl::deconvolution_backward_weights::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwdWeights = dnnl::deconvolution_backward_weights(e.bwdWeightsPd);
    }
};

ConvTranspose2D::ConvTranspose2D(const ConvTranspose2DParams& params)
    : m_params(params), m_impl(std::make_unique<Impl>())
{
    const auto& p = m_params;
    if (p.inChannels <= 0 || p.outChannels <= 0 || p.kernelH <= 0 || p.kernelW <= 0 || p.strideH <= 0 ||
        p.strideW <= 0 || p.dilationH <= 0 || p.dilationW <= 0 || p.groups <= 0 || p.padTop < 0 || p.padLeft < 0 ||
        p.padBottom < 0 || p.padRight < 0 || p.outputPaddingH < 0 || p.outputPaddingW < 0)
        throw ArgumentError("ConvTranspose2D: channels, kernel, stride, dilation and groups must be positive, "
                            "padding and output padding >= 0");
    if (p.inChannels % p.groups || p.outChannels % p.groups)
        throw ArgumentError("ConvTranspose2D: " + std::to_string(p.groups) + " groups do not divide " +
                            std::to_string(p.inChannels) + " input and " + std::to_string(p.outChannels) +
                            " output channels");
    if ((p.outputPaddingH >= p.strideH && p.outputPaddingH >= p.dilationH) ||
        (p.outputPaddingW >= p.strideW && p.outputPaddingW >= p.dilationW))
        throw ArgumentError("ConvTranspose2D: output padding " + std::to_string(p.outputPaddingH) + "x" +
                            std::to_string(p.outputPaddingW) + " must be smaller than the stride " +
                            std::to_string(p.strideH) + "x" + std::to_string(p.strideW) + " or the dilation " +
                            std::to_string(p.dilationH) + "x" + std::to_string(p.dilationW));
    m_weight = Parameter{"weight", Tensor({p.inChannels, p.outChannels / p.groups, p.kernelH, p.kernelW})};
    if (p.bias)
        m_bias = Parameter{"bias", Tensor({p.outChannels})};
}

ConvTranspose2D::~ConvTranspose2D() = default;

std::vector<Shape> ConvTranspose2D::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    const auto& p = m_params;
    if (in.size() != 4)
        throw ShapeError("ConvTranspose2D expects NCHW input, got " + shapeToString(in));
    if (in[1] != p.inChannels)
        throw ShapeError("ConvTranspose2D expects " + std::to_string(p.inChannels) + " input channels, got " +
                         shapeToString(in));
    if (in[0] <= 0 || in[2] <= 0 || in[3] <= 0)
        throw ShapeError("ConvTranspose2D: empty input " + shapeToString(in));
    const int64_t outH = outputSize(in[2], p.kernelH, p.strideH, p.padTop, p.padBottom, p.dilationH, p.outputPaddingH);
    const int64_t outW = outputSize(in[3], p.kernelW, p.strideW, p.padLeft, p.padRight, p.dilationW, p.outputPaddingW);
    if (outH <= 0 || outW <= 0)
        throw ShapeError("ConvTranspose2D: padding " + std::to_string(p.padTop) + "," + std::to_string(p.padLeft) +
                         "," + std::to_string(p.padBottom) + "," + std::to_string(p.padRight) +
                         " leaves no output for input " + shapeToString(in));
    return {{in[0], p.outChannels, outH, outW}};
}

void ConvTranspose2D::forward(ForwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    outputShapes(std::span<const Shape>(&in, 1));
    args.outputs = {deconvolutionForward(*m_impl, m_params, args.inputs[0], args.keepForBackward, args.postOp, m_weight,
                                         bias(), "ConvTranspose2D")};
}

void ConvTranspose2D::backward(BackwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    const Shape outShape = outputShapes(std::span<const Shape>(&in, 1))[0];
    deconvolutionBackward(*m_impl, m_params, args, outShape, m_weight, bias(), "ConvTranspose2D");
}

std::vector<Parameter*> ConvTranspose2D::parameters()
{
    if (m_params.bias)
        return {&m_weight, &m_bias};
    return {&m_weight};
}

std::string ConvTranspose2D::describe() const
{
    const auto& p = m_params;
    std::string s = "k=" + std::to_string(p.kernelH) + "x" + std::to_string(p.kernelW) +
                    " s=" + std::to_string(p.strideH) + "x" + std::to_string(p.strideW) +
                    " p=" + std::to_string(p.padTop) + "," + std::to_string(p.padLeft) + "," +
                    std::to_string(p.padBottom) + "," + std::to_string(p.padRight);
    if (p.outputPaddingH != 0 || p.outputPaddingW != 0)
        s += " op=" + std::to_string(p.outputPaddingH) + "x" + std::to_string(p.outputPaddingW);
    if (p.dilationH != 1 || p.dilationW != 1)
        s += " d=" + std::to_string(p.dilationH) + "x" + std::to_string(p.dilationW);
    if (p.groups != 1)
        s += " g=" + std::to_string(p.groups);
    return s;
}

} // namespace lantern

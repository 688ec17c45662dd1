#include "lantern/ops/conv2d.h"

#include "backend/dnnl_backend.h"
#include "backend/packed_weights.h"

#include <map>
#include <mutex>
#include <tuple>

namespace lantern {

using namespace backend;
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

AxisPadding resolvePadding(PadMode mode, int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int64_t begin,
                           int64_t end)
{
    switch (mode) {
    case PadMode::Explicit:
        return {begin, end};
    case PadMode::Valid:
        return {0, 0};
    case PadMode::SameUpper:
    case PadMode::SameLower: {
        const int64_t out = (in + stride - 1) / stride;
        const int64_t total = std::max<int64_t>(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - in);
        const int64_t small = total / 2;
        return mode == PadMode::SameUpper ? AxisPadding{small, total - small} : AxisPadding{total - small, small};
    }
    }
    return {begin, end};
}

namespace {

struct Geometry {
    AxisPadding h, w;
    int64_t outH = 0, outW = 0;
};

Geometry geometry(const Conv2DParams& p, int64_t inH, int64_t inW)
{
    Geometry g;
    g.h = resolvePadding(p.padMode, inH, p.kernelH, p.strideH, p.dilationH, p.padTop, p.padBottom);
    g.w = resolvePadding(p.padMode, inW, p.kernelW, p.strideW, p.dilationW, p.padLeft, p.padRight);
    const int64_t ekH = (p.kernelH - 1) * p.dilationH + 1;
    const int64_t ekW = (p.kernelW - 1) * p.dilationW + 1;
    g.outH = (inH + g.h.begin + g.h.end - ekH) / p.strideH + 1;
    g.outW = (inW + g.w.begin + g.w.end - ekW) / p.strideW + 1;
    return g;
}

} // namespace

struct Conv2D::Impl {
    static constexpr int64_t kPlainBackwardDataMaxChannels = 4;
    struct Entry {
        dnnl::convolution_forward::primitive_desc fwdPd;
        dnnl::convolution_forward fwd;
        dnnl::convolution_backward_data::primitive_desc bwdDataPd;
        dnnl::convolution_backward_data bwdData;
        dnnl::convolution_backward_weights::primitive_desc bwdWeightsPd;
        dnnl::convolution_backward_weights bwdWeights;
        PackedWeights fwdWeights, bwdDataWeights;
        Shape outShape;
    };
    using Key = std::tuple<Shape, bool, int>;
    std::mutex mutex;
    std::map<Key, Entry> cache;

    // Descriptors shared by forward and backward construction.
    struct Descs {
        dnnl::memory::desc src, weights, bias, dst;
        dnnl::memory::dims strides, dilates, padL, padR;
    };
    static Descs descs(const Conv2DParams& p, const Shape& in, const Geometry& g)
    {
        Descs d;
        const auto n = in[0];
        d.src = dnnl::memory::desc({n, p.inChannels, in[2], in[3]}, dt::f32, tag::any);
        if (p.groups == 1)
            d.weights = dnnl::memory::desc({p.outChannels, p.inChannels, p.kernelH, p.kernelW}, dt::f32, tag::any);
        else
            d.weights = dnnl::memory::desc(
                {p.groups, p.outChannels / p.groups, p.inChannels / p.groups, p.kernelH, p.kernelW}, dt::f32, tag::any);
        d.bias = p.bias ? dnnl::memory::desc({p.outChannels}, dt::f32, tag::x) : dnnl::memory::desc();
        d.dst = dnnl::memory::desc({n, p.outChannels, g.outH, g.outW}, dt::f32, tag::any);
        d.strides = {p.strideH, p.strideW};
        d.dilates = {p.dilationH - 1, p.dilationW - 1};
        d.padL = {g.h.begin, g.w.begin};
        d.padR = {g.h.end, g.w.end};
        return d;
    }

    dnnl::memory::desc userWeightsDesc(const Conv2DParams& p) const
    {
        if (p.groups == 1)
            return {{p.outChannels, p.inChannels, p.kernelH, p.kernelW}, dt::f32, tag::oihw};
        return {
            {p.groups, p.outChannels / p.groups, p.inChannels / p.groups, p.kernelH, p.kernelW}, dt::f32, tag::goihw};
    }

    /// The forward primitive is compiled on first forward use only: a backward pass needs just the descriptor
    /// as a hint, so a fused forward followed by backward never compiles an unused kernel.
    const dnnl::convolution_forward& forwardPrimitive(Entry& e)
    {
        std::lock_guard lock(mutex);
        if (!e.fwd)
            e.fwd = dnnl::convolution_forward(e.fwdPd);
        return e.fwd;
    }

    Entry& entry(const Conv2DParams& p, const Shape& in, bool training, PostOp post)
    {
        std::lock_guard lock(mutex);
        Key key{in, training, static_cast<int>(post)};
        auto it = cache.find(key);
        if (it != cache.end())
            return it->second;
        const Geometry g = geometry(p, in[2], in[3]);
        const Descs d = descs(p, in, g);
        dnnl::primitive_attr attr;
        useOwnScratchpad(attr);
        if (post == PostOp::Relu) {
            dnnl::post_ops ops;
            ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
            attr.set_post_ops(ops);
        }
        const auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
        Entry e;
        e.fwdPd = guarded("Conv2D", [&] {
            auto desc =
                p.bias ? dnnl::convolution_forward::desc(prop, dnnl::algorithm::convolution_direct, d.src, d.weights,
                                                         d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR)
                       : dnnl::convolution_forward::desc(prop, dnnl::algorithm::convolution_direct, d.src, d.weights,
                                                         d.dst, d.strides, d.dilates, d.padL, d.padR);
            return dnnl::convolution_forward::primitive_desc(desc, attr, cpuEngine());
        });
        e.outShape = {in[0], p.outChannels, g.outH, g.outW};
        return cache.emplace(key, std::move(e)).first->second;
    }

    void ensureBackwardData(const Conv2DParams& p, const Shape& in, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdData)
            return;
        const Geometry g = geometry(p, in[2], in[3]);
        Descs d = descs(p, in, g);
        // Input layers (1-4 channels, e.g. grey or RGB images): oneDNN's blocked direct kernels pad the input
        // channels to a block of 16, so the input gradient runs at a fraction of peak. The im2col+GEMM kernel
        // oneDNN picks for plain layouts is 2-4x faster there (3->32 channels 7x7 at 64x64: 54.6 -> 24.8 ms at
        // batch 64, 0.98 -> 0.72 ms at batch 1) and slower for wider inputs, hence the threshold.
        const bool plain = p.inChannels <= kPlainBackwardDataMaxChannels && p.groups == 1;
        if (plain) {
            d.src = dnnl::memory::desc(d.src.dims(), dt::f32, tag::nchw);
            d.dst = dnnl::memory::desc(d.dst.dims(), dt::f32, tag::nchw);
            d.weights = userWeightsDesc(p);
        }
        e.bwdDataPd = guarded("Conv2D backward", [&] {
            dnnl::convolution_backward_data::desc desc(dnnl::algorithm::convolution_direct, d.src, d.weights, d.dst,
                                                       d.strides, d.dilates, d.padL, d.padR);
            if (!plain)
                return dnnl::convolution_backward_data::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
            // The hint must describe the same layouts.
            dnnl::convolution_forward::desc hint(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                                 d.src, d.weights, d.dst, d.strides, d.dilates, d.padL, d.padR);
            return dnnl::convolution_backward_data::primitive_desc(
                desc, primitiveAttr(), cpuEngine(), dnnl::convolution_forward::primitive_desc(hint, primitiveAttr(), cpuEngine()));
        });
        e.bwdData = dnnl::convolution_backward_data(e.bwdDataPd);
    }

    void ensureBackwardWeights(const Conv2DParams& p, const Shape& in, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdWeights)
            return;
        const Geometry g = geometry(p, in[2], in[3]);
        const Descs d = descs(p, in, g);
        e.bwdWeightsPd = guarded("Conv2D backward", [&] {
            auto desc =
                p.bias ? dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, d.src, d.weights,
                                                                  d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR)
                       : dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, d.src, d.weights,
                                                                  d.dst, d.strides, d.dilates, d.padL, d.padR);
            return dnnl::convolution_backward_weights::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwdWeights = dnnl::convolution_backward_weights(e.bwdWeightsPd);
    }
};

Conv2D::Conv2D(const Conv2DParams& params) : m_params(params), m_impl(std::make_unique<Impl>())
{
    const auto& p = m_params;
    if (p.inChannels <= 0 || p.outChannels <= 0 || p.kernelH <= 0 || p.kernelW <= 0 || p.strideH <= 0 ||
        p.strideW <= 0 || p.dilationH <= 0 || p.dilationW <= 0 || p.groups <= 0 || p.padTop < 0 || p.padLeft < 0 ||
        p.padBottom < 0 || p.padRight < 0)
        throw ArgumentError("Conv2D: channels, kernel, stride, dilation and groups must be positive, padding >= 0");
    if (p.inChannels % p.groups || p.outChannels % p.groups)
        throw ArgumentError("Conv2D: " + std::to_string(p.groups) + " groups do not divide " +
                            std::to_string(p.inChannels) + " input and " + std::to_string(p.outChannels) +
                            " output channels");
    m_weight = Parameter{"weight", Tensor({p.outChannels, p.inChannels / p.groups, p.kernelH, p.kernelW})};
    if (p.bias)
        m_bias = Parameter{"bias", Tensor({p.outChannels})};
}

Conv2D::~Conv2D() = default;

std::vector<Shape> Conv2D::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    if (in.size() != 4)
        throw ShapeError("Conv2D expects NCHW input, got " + shapeToString(in));
    if (in[1] != m_params.inChannels)
        throw ShapeError("Conv2D expects " + std::to_string(m_params.inChannels) + " input channels, got " +
                         shapeToString(in));
    const Geometry g = geometry(m_params, in[2], in[3]);
    if (g.outH <= 0 || g.outW <= 0)
        throw ShapeError("Conv2D kernel " + std::to_string(m_params.kernelH) + "x" + std::to_string(m_params.kernelW) +
                         " does not fit input " + shapeToString(in));
    return {{in[0], m_params.outChannels, g.outH, g.outW}};
}

void Conv2D::forward(ForwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    outputShapes(std::span<const Shape>(&in, 1));
    auto& e = m_impl->entry(m_params, in, args.keepForBackward, args.postOp);
    Tensor y = Tensor::uninitialized(e.outShape);
    auto src = toLayout(wrap(args.inputs[0]), e.fwdPd.src_desc());
    auto w = e.fwdWeights.get(m_weight, m_impl->userWeightsDesc(m_params), e.fwdPd.weights_desc(), m_impl->mutex);
    auto out = bindOutput(y, e.fwdPd.dst_desc());
    std::unordered_map<int, dnnl::memory> a{
        {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, out.primitiveMem}};
    if (m_params.bias)
        a[DNNL_ARG_BIAS] = wrap(m_bias.value);
    execute(m_impl->forwardPrimitive(e), a, "Conv2D");
    out.finish();
    args.outputs = {y};
}

void Conv2D::backward(BackwardArgs& args)
{
    const Tensor& x = args.inputs[0];
    const Shape in = x.shape();
    auto& e = m_impl->entry(m_params, in, true, PostOp::None);
    const Tensor& gy = args.gradOutputs[0];
    if (args.needInputGrad[0]) {
        m_impl->ensureBackwardData(m_params, in, e);
        Tensor gx = Tensor::uninitialized(in);
        auto diffDst = toLayout(wrap(gy), e.bwdDataPd.diff_dst_desc());
        auto w = e.bwdDataWeights.get(m_weight, m_impl->userWeightsDesc(m_params), e.bwdDataPd.weights_desc(),
                                      m_impl->mutex);
        auto out = bindOutput(gx, e.bwdDataPd.diff_src_desc());
        execute(e.bwdData, {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DIFF_SRC, out.primitiveMem}},
                "Conv2D backward data");
        out.finish();
        args.gradInputs[0] = gx;
    }
    if (args.accumulateParamGrads) {
        m_impl->ensureBackwardWeights(m_params, in, e);
        accumulateWeightGradients(e.bwdWeights, e.bwdWeightsPd, x, gy, m_impl->userWeightsDesc(m_params), m_weight,
                                  bias(), "Conv2D backward weights");
    }
}

std::vector<Parameter*> Conv2D::parameters()
{
    if (m_params.bias)
        return {&m_weight, &m_bias};
    return {&m_weight};
}

std::string Conv2D::describe() const
{
    const auto& p = m_params;
    std::string s = "k=" + std::to_string(p.kernelH) + "x" + std::to_string(p.kernelW) +
                    " s=" + std::to_string(p.strideH) + "x" + std::to_string(p.strideW);
    switch (p.padMode) {
    case PadMode::Explicit:
        s += " p=" + std::to_string(p.padTop) + "," + std::to_string(p.padLeft) + "," + std::to_string(p.padBottom) +
             "," + std::to_string(p.padRight);
        break;
    case PadMode::SameUpper:
    case PadMode::SameLower:
        s += " p=same";
        break;
    case PadMode::Valid:
        s += " p=valid";
        break;
    }
    if (p.dilationH != 1 || p.dilationW != 1)
        s += " d=" + std::to_string(p.dilationH) + "x" + std::to_string(p.dilationW);
    if (p.groups != 1)
        s += " g=" + std::to_string(p.groups);
    return s;
}

} // namespace lantern

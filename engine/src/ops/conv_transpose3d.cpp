#include "lantern/ops/conv_transpose3d.h"

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

std::string triple(const std::array<int64_t, 3>& v)
{
    return std::to_string(v[0]) + "x" + std::to_string(v[1]) + "x" + std::to_string(v[2]);
}

/// Output extent of spatial axis a for input extent `in`.
int64_t outputSize(const ConvTranspose3DParams& p, size_t a, int64_t in)
{
    return (in - 1) * p.stride[a] - p.padBegin[a] - p.padEnd[a] + p.dilation[a] * (p.kernel[a] - 1) +
           p.outputPadding[a] + 1;
}

} // namespace

struct ConvTranspose3D::Impl {
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
    static Descs descs(const ConvTranspose3DParams& p, const Shape& in)
    {
        Descs d;
        const auto& k = p.kernel;
        d.src = dnnl::memory::desc({in[0], p.inChannels, in[2], in[3], in[4]}, dt::f32, tag::any);
        if (p.groups == 1)
            d.weights = dnnl::memory::desc({p.outChannels, p.inChannels, k[0], k[1], k[2]}, dt::f32, tag::any);
        else
            d.weights = dnnl::memory::desc(
                {p.groups, p.outChannels / p.groups, p.inChannels / p.groups, k[0], k[1], k[2]}, dt::f32, tag::any);
        d.bias = p.bias ? dnnl::memory::desc({p.outChannels}, dt::f32, tag::x) : dnnl::memory::desc();
        d.dst = dnnl::memory::desc(
            {in[0], p.outChannels, outputSize(p, 0, in[2]), outputSize(p, 1, in[3]), outputSize(p, 2, in[4])}, dt::f32,
            tag::any);
        for (size_t a = 0; a < 3; ++a) {
            d.strides.push_back(p.stride[a]);
            d.dilates.push_back(p.dilation[a] - 1);
            d.padL.push_back(p.padBegin[a]);
            // oneDNN derives the output size from the right padding; output padding is negative padding there.
            d.padR.push_back(p.padEnd[a] - p.outputPadding[a]);
        }
        return d;
    }

    /// oneDNN wants (OC, IC, KD, KH, KW) (grouped: (G, OC/G, IC/G, ...)); the parameter is stored as PyTorch's
    /// (IC, OC/G, KD, KH, KW). Strides map one onto the other without a copy.
    static dnnl::memory::desc userWeightsDesc(const ConvTranspose3DParams& p)
    {
        const int64_t icg = p.inChannels / p.groups, ocg = p.outChannels / p.groups;
        const auto& k = p.kernel;
        const int64_t kk = k[0] * k[1] * k[2];
        if (p.groups == 1)
            return {{p.outChannels, p.inChannels, k[0], k[1], k[2]}, dt::f32, {kk, ocg * kk, k[1] * k[2], k[2], 1}};
        return {{p.groups, ocg, icg, k[0], k[1], k[2]}, dt::f32, {icg * ocg * kk, kk, ocg * kk, k[1] * k[2], k[2], 1}};
    }

    const dnnl::deconvolution_forward& forwardPrimitive(Entry& e)
    {
        std::lock_guard lock(mutex);
        if (!e.fwd)
            e.fwd = dnnl::deconvolution_forward(e.fwdPd);
        return e.fwd;
    }

    Entry& entry(const ConvTranspose3DParams& p, const Shape& in, bool training, PostOp post)
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
        e.fwdPd = guarded("ConvTranspose3D", [&] {
            auto desc =
                p.bias
                    ? dnnl::deconvolution_forward::desc(prop, dnnl::algorithm::deconvolution_direct, d.src, d.weights,
                                                        d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR)
                    : dnnl::deconvolution_forward::desc(prop, dnnl::algorithm::deconvolution_direct, d.src, d.weights,
                                                        d.dst, d.strides, d.dilates, d.padL, d.padR);
            return dnnl::deconvolution_forward::primitive_desc(desc, attr, cpuEngine());
        });
        const auto dims = d.dst.dims();
        e.outShape = {dims[0], dims[1], dims[2], dims[3], dims[4]};
        return cache.emplace(key, std::move(e)).first->second;
    }

    void ensureBackwardData(const ConvTranspose3DParams& p, const Shape& in, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdData)
            return;
        const Descs d = descs(p, in);
        e.bwdDataPd = guarded("ConvTranspose3D backward", [&] {
            dnnl::deconvolution_backward_data::desc desc(dnnl::algorithm::deconvolution_direct, d.src, d.weights, d.dst,
                                                         d.strides, d.dilates, d.padL, d.padR);
            return dnnl::deconvolution_backward_data::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwdData = dnnl::deconvolution_backward_data(e.bwdDataPd);
    }

    void ensureBackwardWeights(const ConvTranspose3DParams& p, const Shape& in, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdWeights)
            return;
        const Descs d = descs(p, in);
        e.bwdWeightsPd = guarded("ConvTranspose3D backward", [&] {
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

ConvTranspose3D::ConvTranspose3D(const ConvTranspose3DParams& params)
    : m_params(params), m_impl(std::make_unique<Impl>())
{
    const auto& p = m_params;
    bool ok = p.inChannels > 0 && p.outChannels > 0 && p.groups > 0;
    for (size_t a = 0; a < 3; ++a)
        ok = ok && p.kernel[a] > 0 && p.stride[a] > 0 && p.dilation[a] > 0 && p.padBegin[a] >= 0 && p.padEnd[a] >= 0 &&
             p.outputPadding[a] >= 0;
    if (!ok)
        throw ArgumentError("ConvTranspose3D: channels, kernel, stride, dilation and groups must be positive, "
                            "padding and output padding >= 0");
    if (p.inChannels % p.groups || p.outChannels % p.groups)
        throw ArgumentError("ConvTranspose3D: " + std::to_string(p.groups) + " groups do not divide " +
                            std::to_string(p.inChannels) + " input and " + std::to_string(p.outChannels) +
                            " output channels");
    for (size_t a = 0; a < 3; ++a)
        if (p.outputPadding[a] >= p.stride[a] && p.outputPadding[a] >= p.dilation[a])
            throw ArgumentError("ConvTranspose3D: output padding " + triple(p.outputPadding) +
                                " must be smaller than the stride " + triple(p.stride) + " or the dilation " +
                                triple(p.dilation));
    m_weight =
        Parameter{"weight", Tensor({p.inChannels, p.outChannels / p.groups, p.kernel[0], p.kernel[1], p.kernel[2]})};
    if (p.bias)
        m_bias = Parameter{"bias", Tensor({p.outChannels})};
}

ConvTranspose3D::~ConvTranspose3D() = default;

std::vector<Shape> ConvTranspose3D::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    const auto& p = m_params;
    if (in.size() != 5)
        throw ShapeError("ConvTranspose3D expects NCDHW input, got " + shapeToString(in));
    if (in[1] != p.inChannels)
        throw ShapeError("ConvTranspose3D expects " + std::to_string(p.inChannels) + " input channels, got " +
                         shapeToString(in));
    if (in[0] <= 0 || in[2] <= 0 || in[3] <= 0 || in[4] <= 0)
        throw ShapeError("ConvTranspose3D: empty input " + shapeToString(in));
    Shape out{in[0], p.outChannels, 0, 0, 0};
    for (size_t a = 0; a < 3; ++a) {
        out[a + 2] = outputSize(p, a, in[a + 2]);
        if (out[a + 2] <= 0)
            throw ShapeError("ConvTranspose3D: padding " + triple(p.padBegin) + " / " + triple(p.padEnd) +
                             " leaves no output for input " + shapeToString(in));
    }
    return {out};
}

void ConvTranspose3D::forward(ForwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    outputShapes(std::span<const Shape>(&in, 1));
    args.outputs = {deconvolutionForward(*m_impl, m_params, args.inputs[0], args.keepForBackward, args.postOp, m_weight,
                                         bias(), "ConvTranspose3D")};
}

void ConvTranspose3D::backward(BackwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    const Shape outShape = outputShapes(std::span<const Shape>(&in, 1))[0];
    deconvolutionBackward(*m_impl, m_params, args, outShape, m_weight, bias(), "ConvTranspose3D");
}

std::vector<Parameter*> ConvTranspose3D::parameters()
{
    if (m_params.bias)
        return {&m_weight, &m_bias};
    return {&m_weight};
}

std::string ConvTranspose3D::describe() const
{
    const auto& p = m_params;
    std::string s =
        "k=" + triple(p.kernel) + " s=" + triple(p.stride) + " p=" + triple(p.padBegin) + "/" + triple(p.padEnd);
    if (p.outputPadding != std::array<int64_t, 3>{0, 0, 0})
        s += " op=" + triple(p.outputPadding);
    if (p.dilation != std::array<int64_t, 3>{1, 1, 1})
        s += " d=" + triple(p.dilation);
    if (p.groups != 1)
        s += " g=" + std::to_string(p.groups);
    return s;
}

} // namespace lantern

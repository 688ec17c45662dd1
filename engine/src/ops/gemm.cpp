#include "lantern/ops/gemm.h"

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

/// The weight reordered once into a primitive's layout and multiplied by alpha on the way (alpha folds into
/// op(B), so the primitives compute alpha * op(A) * op(B) + bias exactly, fused ReLU included).
class ScaledWeights {
public:
    dnnl::memory get(const Parameter& param, float alpha, const dnnl::memory::desc& user,
                     const dnnl::memory::desc& wanted, std::mutex& mutex)
    {
        std::lock_guard lock(mutex);
        if (m_mem && m_version == param.version && m_source == param.value.data())
            return m_mem;
        dnnl::memory userMem(user, cpuEngine(), const_cast<float*>(param.value.data()));
        if (alpha == 1.f && user == wanted) {
            m_mem = userMem;
        } else {
            m_mem = dnnl::memory(wanted, cpuEngine());
            guarded("Gemm weights", [&] {
                dnnl::primitive_attr attr;
                if (alpha != 1.f)
                    attr.set_output_scales(0, {alpha});
                reorder(userMem, m_mem, attr);
                return 0;
            });
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

/// acc += scale * t (same size).
void addScaled(Tensor& acc, const Tensor& t, float scale)
{
    float* a = acc.data();
    const float* b = t.data();
    for (int64_t i = 0; i < acc.size(); ++i)
        a[i] += scale * b[i];
}

} // namespace

struct Gemm::Impl {
    struct Entry {
        dnnl::inner_product_forward::primitive_desc fwdPd;
        dnnl::inner_product_forward fwd;
        dnnl::inner_product_backward_data::primitive_desc bwdDataPd;
        dnnl::inner_product_backward_data bwdData;
        dnnl::inner_product_backward_weights::primitive_desc bwdWeightsPd;
        dnnl::inner_product_backward_weights bwdWeights;
        ScaledWeights fwdWeights, bwdDataWeights;
    };
    using Key = std::tuple<int64_t, bool, int>;
    std::mutex mutex;
    std::map<Key, Entry> cache;

    struct Descs {
        dnnl::memory::desc src, weights, bias, dst;
    };
    static Descs descs(const GemmParams& p, int64_t n)
    {
        Descs d;
        d.src = dnnl::memory::desc({n, p.inFeatures}, dt::f32, tag::any);
        d.weights = dnnl::memory::desc({p.outFeatures, p.inFeatures}, dt::f32, tag::any);
        d.bias = p.bias ? dnnl::memory::desc({p.outFeatures}, dt::f32, tag::x) : dnnl::memory::desc();
        d.dst = dnnl::memory::desc({n, p.outFeatures}, dt::f32, tag::any);
        return d;
    }

    /// The input as the (N, K) matrix op(A), whatever its storage order.
    static dnnl::memory::desc userSrcDesc(const GemmParams& p, int64_t n)
    {
        return {{n, p.inFeatures}, dt::f32, p.transA ? tag::ba : tag::ab};
    }
    /// The weight as the (M, K) matrix op(B)^T oneDNN's inner product wants.
    static dnnl::memory::desc userWeightsDesc(const GemmParams& p)
    {
        return {{p.outFeatures, p.inFeatures}, dt::f32, p.transB ? tag::ab : tag::ba};
    }

    /// The forward primitive is compiled on first forward use only: a backward pass needs just the descriptor
    /// as a hint, so a fused forward followed by backward never compiles an unused kernel.
    const dnnl::inner_product_forward& forwardPrimitive(Entry& e)
    {
        std::lock_guard lock(mutex);
        if (!e.fwd)
            e.fwd = dnnl::inner_product_forward(e.fwdPd);
        return e.fwd;
    }

    Entry& entry(const GemmParams& p, int64_t n, bool training, PostOp post)
    {
        std::lock_guard lock(mutex);
        Key key{n, training, static_cast<int>(post)};
        auto it = cache.find(key);
        if (it != cache.end())
            return it->second;
        const Descs d = descs(p, n);
        dnnl::primitive_attr attr;
        useOwnScratchpad(attr);
        if (post == PostOp::Relu) {
            dnnl::post_ops ops;
            ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
            attr.set_post_ops(ops);
        }
        const auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
        Entry e;
        e.fwdPd = guarded("Gemm", [&] {
            auto desc = p.bias ? dnnl::inner_product_forward::desc(prop, d.src, d.weights, d.bias, d.dst)
                               : dnnl::inner_product_forward::desc(prop, d.src, d.weights, d.dst);
            return dnnl::inner_product_forward::primitive_desc(desc, attr, cpuEngine());
        });
        return cache.emplace(key, std::move(e)).first->second;
    }

    void ensureBackwardData(const GemmParams& p, int64_t n, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdData)
            return;
        const Descs d = descs(p, n);
        e.bwdDataPd = guarded("Gemm backward", [&] {
            dnnl::inner_product_backward_data::desc desc(d.src, d.weights, d.dst);
            return dnnl::inner_product_backward_data::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwdData = dnnl::inner_product_backward_data(e.bwdDataPd);
    }

    void ensureBackwardWeights(const GemmParams& p, int64_t n, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwdWeights)
            return;
        const Descs d = descs(p, n);
        e.bwdWeightsPd = guarded("Gemm backward", [&] {
            auto desc = p.bias ? dnnl::inner_product_backward_weights::desc(d.src, d.weights, d.bias, d.dst)
                               : dnnl::inner_product_backward_weights::desc(d.src, d.weights, d.dst);
            return dnnl::inner_product_backward_weights::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwdWeights = dnnl::inner_product_backward_weights(e.bwdWeightsPd);
    }
};

Gemm::Gemm(const GemmParams& params) : m_params(params), m_impl(std::make_unique<Impl>())
{
    auto& p = m_params;
    if (p.inFeatures <= 0 || p.outFeatures <= 0)
        throw ArgumentError("Gemm: inFeatures and outFeatures must be positive, got " + std::to_string(p.inFeatures) +
                            " and " + std::to_string(p.outFeatures));
    if (p.bias) {
        if (p.biasShape.empty())
            p.biasShape = {p.outFeatures};
        const Shape& c = p.biasShape;
        const bool scalar = c.size() <= 2 && shapeSize(c) == 1;
        const bool row =
            (c.size() == 1 && c[0] == p.outFeatures) || (c.size() == 2 && c[0] == 1 && c[1] == p.outFeatures);
        if (!scalar && !row) {
            if (c.size() == 2 && c[1] == p.outFeatures)
                throw UnsupportedError("Gemm: bias C of shape " + shapeToString(c) +
                                       " (one row per sample) is not supported; use (" + std::to_string(p.outFeatures) +
                                       "), (1, " + std::to_string(p.outFeatures) + ") or (1)");
            throw ArgumentError("Gemm: bias C of shape " + shapeToString(c) + " does not broadcast to (N, " +
                                std::to_string(p.outFeatures) + "); use (" + std::to_string(p.outFeatures) + "), (1, " +
                                std::to_string(p.outFeatures) + ") or (1)");
        }
        m_bias = Parameter{"bias", Tensor(c)};
    } else {
        p.biasShape.clear();
    }
    m_weight =
        Parameter{"weight", p.transB ? Tensor({p.outFeatures, p.inFeatures}) : Tensor({p.inFeatures, p.outFeatures})};
}

Gemm::~Gemm() = default;

std::unique_ptr<Gemm> Gemm::dense(int64_t in, int64_t out, bool bias)
{
    GemmParams p;
    p.inFeatures = in;
    p.outFeatures = out;
    p.transB = true;
    p.bias = bias;
    return std::make_unique<Gemm>(p);
}

std::vector<Shape> Gemm::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    if (in.size() != 2)
        throw ShapeError("Gemm expects a rank-2 input " + std::string(m_params.transA ? "(K, N)" : "(N, K)") +
                         ", got " + shapeToString(in) + "; insert a Flatten before it");
    const int64_t k = m_params.transA ? in[0] : in[1];
    if (k != m_params.inFeatures)
        throw ShapeError("Gemm expects " + std::to_string(m_params.inFeatures) + " input features" +
                         (m_params.transA ? " (transA: rows)" : "") + ", got " + shapeToString(in));
    const int64_t n = m_params.transA ? in[1] : in[0];
    if (n <= 0)
        throw ShapeError("Gemm: empty input " + shapeToString(in));
    return {{n, m_params.outFeatures}};
}

void Gemm::forward(ForwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    const Shape outShape = outputShapes(std::span<const Shape>(&in, 1))[0];
    const auto& p = m_params;
    const int64_t n = outShape[0];
    auto& e = m_impl->entry(p, n, args.keepForBackward, args.postOp);
    Tensor y = Tensor::uninitialized(outShape);
    auto src = toLayout(wrap(args.inputs[0], Impl::userSrcDesc(p, n)), e.fwdPd.src_desc());
    auto w = e.fwdWeights.get(m_weight, p.alpha, Impl::userWeightsDesc(p), e.fwdPd.weights_desc(), m_impl->mutex);
    auto out = bindOutput(y, e.fwdPd.dst_desc());
    std::unordered_map<int, dnnl::memory> a{
        {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, out.primitiveMem}};
    Tensor b;
    if (p.bias) {
        // beta * C broadcast to (M); C itself is used directly in the common case.
        if (p.beta == 1.f && m_bias.value.size() == p.outFeatures) {
            b = m_bias.value.reshaped({p.outFeatures});
        } else {
            b = Tensor({p.outFeatures});
            const bool scalar = m_bias.value.size() == 1;
            for (int64_t j = 0; j < p.outFeatures; ++j)
                b[j] = p.beta * m_bias.value[scalar ? 0 : j];
        }
        a[DNNL_ARG_BIAS] = wrap(b);
    }
    execute(m_impl->forwardPrimitive(e), a, "Gemm");
    out.finish();
    args.outputs = {y};
}

void Gemm::backward(BackwardArgs& args)
{
    const auto& p = m_params;
    const Tensor& x = args.inputs[0];
    const Shape in = x.shape();
    const Shape outShape = outputShapes(std::span<const Shape>(&in, 1))[0];
    const int64_t n = outShape[0];
    Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty())
        gy = Tensor(outShape);
    if (gy.shape() != outShape)
        throw ShapeError("Gemm backward: output gradient " + shapeToString(gy.shape()) + " does not match output " +
                         shapeToString(outShape));
    auto& e = m_impl->entry(p, n, true, PostOp::None);
    if (!args.needInputGrad.empty() && args.needInputGrad[0]) {
        m_impl->ensureBackwardData(p, n, e);
        Tensor gx = Tensor::uninitialized(in);
        auto diffDst = toLayout(wrap(gy), e.bwdDataPd.diff_dst_desc());
        auto w = e.bwdDataWeights.get(m_weight, p.alpha, Impl::userWeightsDesc(p), e.bwdDataPd.weights_desc(),
                                      m_impl->mutex);
        auto out =
            bindOutput(dnnl::memory(Impl::userSrcDesc(p, n), cpuEngine(), gx.data()), e.bwdDataPd.diff_src_desc());
        execute(e.bwdData, {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DIFF_SRC, out.primitiveMem}},
                "Gemm backward data");
        out.finish();
        args.gradInputs.resize(args.inputs.size());
        args.gradInputs[0] = gx;
    }
    if (args.accumulateParamGrads) {
        m_impl->ensureBackwardWeights(p, n, e);
        auto src = toLayout(wrap(x, Impl::userSrcDesc(p, n)), e.bwdWeightsPd.src_desc());
        auto diffDst = toLayout(wrap(gy), e.bwdWeightsPd.diff_dst_desc());
        Tensor gw(m_weight.value.shape());
        auto outW = bindOutput(dnnl::memory(Impl::userWeightsDesc(p), cpuEngine(), gw.data()),
                               e.bwdWeightsPd.diff_weights_desc());
        std::unordered_map<int, dnnl::memory> a{
            {DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_WEIGHTS, outW.primitiveMem}};
        Tensor gb;
        if (p.bias) {
            gb = Tensor({p.outFeatures});
            a[DNNL_ARG_DIFF_BIAS] = wrap(gb);
        }
        execute(e.bwdWeights, a, "Gemm backward weights");
        outW.finish();
        addScaled(m_weight.gradient(), gw, p.alpha);
        if (p.bias) {
            Tensor& gc = m_bias.gradient();
            if (gc.size() == p.outFeatures) {
                addScaled(gc, gb, p.beta);
            } else {
                double sum = 0;
                for (int64_t j = 0; j < p.outFeatures; ++j)
                    sum += gb[j];
                gc[0] += p.beta * static_cast<float>(sum);
            }
        }
    }
}

std::vector<Parameter*> Gemm::parameters()
{
    if (m_params.bias)
        return {&m_weight, &m_bias};
    return {&m_weight};
}

std::string Gemm::describe() const
{
    const auto& p = m_params;
    std::string s = "in=" + std::to_string(p.inFeatures) + " out=" + std::to_string(p.outFeatures);
    if (p.transA)
        s += " transA";
    if (p.transB)
        s += " transB";
    if (p.alpha != 1.f)
        s += " alpha=" + std::to_string(p.alpha);
    if (p.bias && p.beta != 1.f)
        s += " beta=" + std::to_string(p.beta);
    if (!p.bias)
        s += " nobias";
    return s;
}

} // namespace lantern

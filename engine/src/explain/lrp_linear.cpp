#include "explain/lrp_linear.h"

#include "lantern/error.h"
#include "lantern/ops/batch_norm.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/gemm.h"

#include <cmath>
#include <functional>

namespace lantern::explain::lrp {

Tensor runForward(Op& op, const Tensor& x)
{
    ForwardArgs args;
    args.inputs = std::span<const Tensor>(&x, 1);
    args.mode = Mode::Inference;
    op.forward(args);
    return args.outputs.at(0);
}

Tensor runBackwardData(Op& op, const Tensor& x, const Tensor& gy)
{
    const Tensor out;
    BackwardArgs args;
    args.inputs = std::span<const Tensor>(&x, 1);
    args.outputs = std::span<const Tensor>(&out, 1);
    args.gradOutputs = std::span<const Tensor>(&gy, 1);
    args.needInputGrad = {true};
    args.gradInputs.resize(1);
    args.mode = Mode::Inference;
    op.backward(args);
    return args.gradInputs.at(0);
}

namespace {

void stamp(std::vector<std::pair<const float*, uint64_t>>& s, std::vector<Tensor>& keep, const Parameter* p)
{
    if (!p) {
        s.emplace_back(nullptr, 0);
        return;
    }
    s.emplace_back(p->value.data(), p->version);
    keep.push_back(p->value);
}

std::vector<std::pair<const float*, uint64_t>> stampOf(Op& op, BatchNorm* bn, std::vector<Tensor>& keep)
{
    std::vector<std::pair<const float*, uint64_t>> s;
    for (Parameter* p : op.parameters())
        stamp(s, keep, p);
    if (bn)
        for (Parameter* p : bn->parameters())
            stamp(s, keep, p);
    return s;
}

} // namespace

LinearLayer::LinearLayer(Op& op, BatchNorm* bn) : m_op(op), m_bn(bn)
{
    int64_t outFeatures = 0;
    // index of the output feature a weight element belongs to
    std::function<int64_t(int64_t)> featureOf;
    if (auto* conv = dynamic_cast<Conv2D*>(&op)) {
        m_conv = true;
        m_weight = conv->weight().value;
        if (conv->bias())
            m_bias = conv->bias()->value;
        outFeatures = conv->params().outChannels;
        const int64_t per = m_weight.size() / outFeatures;
        featureOf = [per](int64_t i) { return i / per; };
    } else if (auto* gemm = dynamic_cast<Gemm*>(&op)) {
        m_conv = false;
        const GemmParams& p = gemm->params();
        outFeatures = p.outFeatures;
        // fold alpha into the weight and beta into the bias so every variant is y = x·W + b
        Tensor w = gemm->weight().value.clone();
        for (float& v : w.values())
            v *= p.alpha;
        m_weight = w;
        if (gemm->bias()) {
            const Tensor& c = gemm->bias()->value;
            m_bias = Tensor({outFeatures});
            for (int64_t m = 0; m < outFeatures; ++m)
                m_bias[m] = p.beta * (c.size() == 1 ? c[0] : c[m]);
        }
        const int64_t k = p.inFeatures, mOut = p.outFeatures;
        if (p.transB)
            featureOf = [k](int64_t i) { return i / k; };
        else
            featureOf = [mOut](int64_t i) { return i % mOut; };
    } else {
        throw UnsupportedError("LRP: a linear layer must be Conv2D or Gemm, got " + op.type());
    }
    m_stamp = stampOf(op, bn, m_keepAlive);
    if (!bn)
        return;
    m_mergedBiasOnly = m_bias.isEmpty();
    if (bn->params().numFeatures != outFeatures)
        throw ShapeError("LRP: BatchNorm with " + std::to_string(bn->params().numFeatures) +
                         " features cannot be merged into a layer with " + std::to_string(outFeatures) + " outputs");
    Tensor scale({outFeatures}), shift({outFeatures});
    for (int64_t c = 0; c < outFeatures; ++c) {
        const float g = bn->weight() ? bn->weight()->value[c] : 1.f;
        const float be = bn->bias() ? bn->bias()->value[c] : 0.f;
        const float s = g / std::sqrt(bn->runningVar().value[c] + bn->params().epsilon);
        scale[c] = s;
        shift[c] = be - s * bn->runningMean().value[c];
    }
    Tensor w = m_weight.clone();
    for (int64_t i = 0; i < w.size(); ++i)
        w[i] *= scale[featureOf(i)];
    Tensor b({outFeatures});
    for (int64_t c = 0; c < outFeatures; ++c)
        b[c] = (m_bias.isEmpty() ? 0.f : scale[c] * m_bias[c]) + shift[c];
    m_weight = w;
    m_bias = b;
}

bool LinearLayer::valid(Op& op, BatchNorm* bn) const
{
    if (&op != &m_op || bn != m_bn)
        return false;
    // read the stamps from the live objects passed in (m_op may be gone when its address was reused)
    std::vector<Tensor> unused;
    return stampOf(op, bn, unused) == m_stamp;
}

Tensor LinearLayer::modify(const Tensor& t, WeightMod mod, float gamma, bool isBias) const
{
    Tensor out = Tensor::uninitialized(t.shape());
    const float* src = t.data();
    float* dst = out.data();
    for (int64_t i = 0; i < t.size(); ++i) {
        const float v = src[i];
        switch (mod) {
        case WeightMod::Plain:
            dst[i] = v;
            break;
        case WeightMod::Positive:
            dst[i] = v > 0.f ? v : 0.f;
            break;
        case WeightMod::Negative:
            dst[i] = v < 0.f ? v : 0.f;
            break;
        case WeightMod::Square:
            dst[i] = v * v;
            break;
        case WeightMod::Ones:
            dst[i] = isBias ? 0.f : 1.f;
            break;
        case WeightMod::GammaUp:
            dst[i] = v + gamma * (v > 0.f ? v : 0.f);
            break;
        case WeightMod::GammaDown:
            dst[i] = v + gamma * (v < 0.f ? v : 0.f);
            break;
        }
    }
    return out;
}

Op& LinearLayer::op(WeightMod mod, BiasKind bias, float gamma)
{
    if (!hasBias())
        bias = BiasKind::None;
    if (mod == WeightMod::Plain && bias == BiasKind::Modified)
        bias = BiasKind::Full;
    const bool withBias = bias != BiasKind::None;
    bool original = false; // can the user's op itself serve?
    if (auto* conv = dynamic_cast<Conv2D*>(&m_op))
        original = withBias == (conv->bias() != nullptr);
    else if (auto* gemm = dynamic_cast<Gemm*>(&m_op))
        original = withBias == (gemm->bias() != nullptr) && gemm->params().alpha == 1.f && gemm->params().beta == 1.f;
    if (mod == WeightMod::Plain && !m_bn && original)
        return m_op;
    std::lock_guard lock(m_mutex);
    const bool gammaMod = mod == WeightMod::GammaUp || mod == WeightMod::GammaDown;
    auto key = std::make_tuple(static_cast<int>(mod), static_cast<int>(bias), gammaMod ? gamma : 0.f);
    auto it = m_variants.find(key);
    if (it != m_variants.end())
        return *it->second;
    const auto biasValue = [&] { return bias == BiasKind::Full ? m_bias.clone() : modify(m_bias, mod, gamma, true); };
    std::unique_ptr<Op> made;
    if (m_conv) {
        Conv2DParams p = static_cast<Conv2D&>(m_op).params();
        p.bias = withBias;
        auto conv = std::make_unique<Conv2D>(p);
        conv->weight().value = modify(m_weight, mod, gamma, false);
        if (withBias)
            conv->bias()->value = biasValue();
        made = std::move(conv);
    } else {
        GemmParams p = static_cast<Gemm&>(m_op).params();
        p.alpha = 1.f;
        p.beta = 1.f;
        p.bias = withBias;
        p.biasShape = {};
        auto gemm = std::make_unique<Gemm>(p);
        gemm->weight().value = modify(m_weight, mod, gamma, false);
        if (withBias)
            gemm->bias()->value = biasValue();
        made = std::move(gemm);
    }
    Op& ref = *made;
    m_variants.emplace(key, std::move(made));
    return ref;
}

std::shared_ptr<LinearLayer> linearLayer(Op& op, BatchNorm* bn)
{
    static std::mutex mutex;
    static std::map<std::pair<const Op*, const BatchNorm*>, std::shared_ptr<LinearLayer>> cache;
    std::lock_guard lock(mutex);
    auto key = std::make_pair(static_cast<const Op*>(&op), static_cast<const BatchNorm*>(bn));
    auto it = cache.find(key);
    if (it != cache.end() && it->second->valid(op, bn))
        return it->second;
    if (cache.size() >= 256)
        cache.clear(); // bounded: models come and go
    auto layer = std::make_shared<LinearLayer>(op, bn);
    cache[key] = layer;
    return layer;
}

} // namespace lantern::explain::lrp

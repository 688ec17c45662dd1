#include "explain/lrp_rules.h"

#include "explain/lrp_linear.h"

#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/ops/batch_norm.h"

namespace lantern::explain::lrp {

namespace {

/// R / stabilize(z)
Tensor divide(const Tensor& r, const Tensor& z, float stabilizer)
{
    if (r.size() != z.size())
        throw ShapeError("LRP: relevance " + shapeToString(r.shape()) + " does not match the layer output " +
                         shapeToString(z.shape()));
    Tensor out = Tensor::uninitialized(z.shape());
    const float* rp = r.data();
    const float* zp = z.data();
    float* o = out.data();
    const int64_t n = z.size();
    if (stabilizer > 0.f)
        for (int64_t i = 0; i < n; ++i)
            o[i] = rp[i] / (zp[i] + (zp[i] >= 0.f ? stabilizer : -stabilizer));
    else
        for (int64_t i = 0; i < n; ++i)
            o[i] = rp[i] / (zp[i] == 0.f ? 1e-7f : zp[i]);
    return out;
}

/// a ⊙ b
Tensor times(const Tensor& a, const Tensor& b)
{
    Tensor out = Tensor::uninitialized(b.shape());
    const float* ap = a.data();
    const float* bp = b.data();
    float* o = out.data();
    for (int64_t i = 0; i < b.size(); ++i)
        o[i] = ap[i] * bp[i];
    return out;
}

/// acc += sign · a ⊙ b (a may be empty: the constant `fill` instead)
void addProduct(Tensor& acc, const Tensor& a, float fill, const Tensor& b, float sign)
{
    float* o = acc.data();
    const float* bp = b.data();
    if (a.isEmpty()) {
        for (int64_t i = 0; i < b.size(); ++i)
            o[i] += sign * fill * bp[i];
        return;
    }
    const float* ap = a.data();
    for (int64_t i = 0; i < b.size(); ++i)
        o[i] += sign * ap[i] * bp[i];
}

void addInPlace(Tensor& acc, const Tensor& b, float sign = 1.f)
{
    float* o = acc.data();
    const float* bp = b.data();
    for (int64_t i = 0; i < b.size(); ++i)
        o[i] += sign * bp[i];
}

Tensor clipped(const Tensor& x, bool positive)
{
    Tensor out = Tensor::uninitialized(x.shape());
    const float* xp = x.data();
    float* o = out.data();
    for (int64_t i = 0; i < x.size(); ++i)
        o[i] = positive ? (xp[i] > 0.f ? xp[i] : 0.f) : (xp[i] < 0.f ? xp[i] : 0.f);
    return out;
}

/// Where z is exactly zero or has the wrong sign the Zennit gamma rule passes nothing: s ⊙ [sign·z > 0].
void gate(Tensor& s, const Tensor& z, bool positive)
{
    float* sp = s.data();
    const float* zp = z.data();
    for (int64_t i = 0; i < s.size(); ++i)
        if (!(positive ? zp[i] > 0.f : zp[i] < 0.f))
            sp[i] = 0.f;
}

bool anyNegative(const Tensor& x)
{
    for (float v : x.values())
        if (v < 0.f)
            return true;
    return false;
}

class LinearRule final : public BackwardRule {
public:
    LinearRule(const RuleConfig& config, BatchNorm* bn) : m_config(config), m_bn(bn) {}
    std::string name() const override { return "lrp-linear"; }

    void apply(Op& op, const Node& node, BackwardArgs& args) const override
    {
        if (op.type() != "Conv2D" && op.type() != "Gemm")
            throw UnsupportedError("LRP linear rule on node '" + node.name + "' of type " + op.type());
        if (args.inputs.empty() || args.inputs[0].isEmpty())
            throw Error("LRP: node '" + node.name + "' has no forward input");
        if (!args.needInputGrad.at(0))
            return;
        auto layer = linearLayer(op, m_bn);
        const Tensor& x = args.inputs[0];
        const Tensor& r = args.gradOutputs[0];
        Tensor result;
        switch (m_config.kind) {
        case RuleKind::Z:
        case RuleKind::Epsilon:
            result = zRule(*layer, args, x, r);
            break;
        case RuleKind::AlphaBeta:
            result = alphaBeta(*layer, x, r);
            break;
        case RuleKind::ZPlusFast: {
            Op& pos = layer->op(WeightMod::Positive, BiasKind::None);
            result = times(x, runBackwardData(pos, x, divide(r, runForward(pos, x), m_config.stabilizer)));
            break;
        }
        case RuleKind::Flat:
        case RuleKind::WSquare: {
            // iNNvestigate drops the bias of both; Zennit zeroes it for flat and squares it for w².
            const bool flat = m_config.kind == RuleKind::Flat;
            const bool zennit = m_config.convention != Convention::Innvestigate;
            Op& mod =
                layer->op(flat ? WeightMod::Ones : WeightMod::Square,
                          biasKind(*layer, zennit && !flat && m_config.bias ? BiasKind::Modified : BiasKind::None));
            const Tensor ones(x.shape(), 1.f);
            result = runBackwardData(mod, x, divide(r, runForward(mod, ones), m_config.stabilizer));
            break;
        }
        case RuleKind::Box:
            result = box(*layer, x, r);
            break;
        case RuleKind::Gamma:
            result = gamma(*layer, x, r);
            break;
        }
        args.gradInputs[0] = result;
    }

private:
    /// The bias a pass gets: `normal`, except under Zennit <= 0.5.1 for a layer whose only bias is a merged
    /// BatchNorm's, which every pass adds in full (its rules modify registered parameters only).
    BiasKind biasKind(const LinearLayer& layer, BiasKind normal) const
    {
        if (m_config.convention == Convention::Zennit051 && layer.mergedBiasOnly())
            return BiasKind::Full;
        return normal;
    }

    Tensor zRule(LinearLayer& layer, const BackwardArgs& args, const Tensor& x, const Tensor& r) const
    {
        const BiasKind bias = biasKind(layer, m_config.bias ? BiasKind::Full : BiasKind::None);
        Op& plain = layer.op(WeightMod::Plain, bias);
        // the forward output is z itself when nothing was merged and the bias is kept
        const bool reuse = !layer.merged() && (m_config.bias || !layer.hasBias()) && !args.outputs.empty() &&
                           !args.outputs[0].isEmpty();
        const Tensor z = reuse ? args.outputs[0] : runForward(plain, x);
        float stab = m_config.kind == RuleKind::Epsilon ? m_config.stabilizer : 0.f;
        if (stab == 0.f && m_config.convention != Convention::Innvestigate)
            stab = 1e-6f; // Zennit has no safe division: its z rule is Epsilon with the default stabilizer
        return times(x, runBackwardData(plain, x, divide(r, z, stab)));
    }

    /// One alpha-beta (or gamma) part: weights `a` on x⁺ with bias `biasA`, weights `b` on x⁻ with bias `biasB`;
    /// z = a(x⁺) + b(x⁻), s = gated R / stabilize(z), returns x⁺ ⊙ aᵀ(s) + x⁻ ⊙ bᵀ(s). `gateBy`: when given,
    /// only outputs whose sign(gateBy) == `gatePositive` pass (Zennit's gamma rule).
    Tensor part(LinearLayer& layer, const Tensor& x, const Tensor& xp, const Tensor& xn, const Tensor& r, WeightMod a,
                BiasKind biasA, WeightMod b, BiasKind biasB, const Tensor* gateBy = nullptr,
                bool gatePositive = true) const
    {
        const bool anyNeg = !xn.isEmpty();
        Op& opA = layer.op(a, biasA, m_config.gamma);
        const bool useB = anyNeg || biasB != BiasKind::None;
        Op* opB = useB ? &layer.op(b, biasB, m_config.gamma) : nullptr;
        Tensor z = runForward(opA, xp);
        if (useB)
            addInPlace(z, runForward(*opB, anyNeg ? xn : Tensor(x.shape())));
        Tensor s = divide(r, z, m_config.stabilizer);
        if (gateBy)
            gate(s, *gateBy, gatePositive);
        Tensor out = times(xp, runBackwardData(opA, x, s));
        if (anyNeg)
            addProduct(out, xn, 0.f, runBackwardData(*opB, x, s), 1.f);
        return out;
    }

    Tensor alphaBeta(LinearLayer& layer, const Tensor& x, const Tensor& r) const
    {
        const bool anyNeg = anyNegative(x);
        const Tensor xp = anyNeg ? clipped(x, true) : x;
        const Tensor xn = anyNeg ? clipped(x, false) : Tensor();
        // The sign-clipped bias goes with the x⁺ path; iNNvestigate adds it on the x⁻ path as well.
        const BiasKind onPos = biasKind(layer, m_config.bias ? BiasKind::Modified : BiasKind::None);
        const BiasKind onNeg =
            biasKind(layer, m_config.bias && m_config.convention == Convention::Innvestigate ? BiasKind::Modified
                                                                                             : BiasKind::None);
        Tensor result = part(layer, x, xp, xn, r, WeightMod::Positive, onPos, WeightMod::Negative, onNeg);
        if (m_config.alpha != 1.f)
            for (float& v : result.values())
                v *= m_config.alpha;
        if (m_config.beta != 0.f)
            addInPlace(result, part(layer, x, xp, xn, r, WeightMod::Negative, onPos, WeightMod::Positive, onNeg),
                       -m_config.beta);
        return result;
    }

    /// Zennit's generalized gamma rule (rules.py Gamma): outputs z = Wx + b > 0 take the W + γW⁺ split
    /// (x⁺ with W↑ and bias b + γb⁺, x⁻ with W↓), outputs z < 0 the W + γW⁻ split; z == 0 passes nothing.
    Tensor gamma(LinearLayer& layer, const Tensor& x, const Tensor& r) const
    {
        const bool anyNeg = anyNegative(x);
        const Tensor xp = anyNeg ? clipped(x, true) : x;
        const Tensor xn = anyNeg ? clipped(x, false) : Tensor();
        const Tensor z = runForward(layer.op(WeightMod::Plain, biasKind(layer, BiasKind::Full)), x);
        const BiasKind onPos = biasKind(layer, m_config.bias ? BiasKind::Modified : BiasKind::None);
        const BiasKind onNeg = biasKind(layer, BiasKind::None);
        Tensor result = part(layer, x, xp, xn, r, WeightMod::GammaUp, onPos, WeightMod::GammaDown, onNeg, &z, true);
        bool anyNegOut = false;
        for (float v : z.values())
            if (v < 0.f) {
                anyNegOut = true;
                break;
            }
        if (anyNegOut)
            addInPlace(result,
                       part(layer, x, xp, xn, r, WeightMod::GammaDown, onPos, WeightMod::GammaUp, onNeg, &z, false));
        return result;
    }

    Tensor box(LinearLayer& layer, const Tensor& x, const Tensor& r) const
    {
        // b − b⁺ − b⁻ = 0: the bias cancels, except when Zennit <= 0.5.1 adds a merged bias to all three passes.
        const BiasKind bias = biasKind(layer, BiasKind::None);
        Op& plain = layer.op(WeightMod::Plain, bias);
        Op& pos = layer.op(WeightMod::Positive, bias);
        Op& neg = layer.op(WeightMod::Negative, bias);
        const Tensor low(x.shape(), m_config.low), high(x.shape(), m_config.high);
        Tensor z = runForward(plain, x);
        addInPlace(z, runForward(pos, low), -1.f);
        addInPlace(z, runForward(neg, high), -1.f);
        const Tensor s = divide(r, z, m_config.stabilizer);
        Tensor result = times(x, runBackwardData(plain, x, s));
        addProduct(result, Tensor(), m_config.low, runBackwardData(pos, x, s), -1.f);
        addProduct(result, Tensor(), m_config.high, runBackwardData(neg, x, s), -1.f);
        return result;
    }

    RuleConfig m_config;
    BatchNorm* m_bn;
};

} // namespace

std::shared_ptr<const BackwardRule> linearRule(const RuleConfig& config, BatchNorm* bn)
{
    return std::make_shared<LinearRule>(config, bn);
}

std::shared_ptr<const BackwardRule> passThroughRule()
{
    return std::make_shared<LambdaRule>("lrp-pass", [](Op&, const Node&, BackwardArgs& args) {
        for (size_t k = 0; k < args.gradInputs.size(); ++k)
            if (args.needInputGrad[k])
                args.gradInputs[k] = args.gradOutputs[0];
    });
}

std::shared_ptr<const BackwardRule> zThroughOpRule(float stabilizer)
{
    return std::make_shared<LambdaRule>("lrp-z-op", [stabilizer](Op& op, const Node& node, BackwardArgs& args) {
        if (args.outputs.empty() || args.outputs[0].isEmpty() || args.inputs.empty() || args.inputs[0].isEmpty())
            throw Error("LRP: node '" + node.name + "' kept no forward values for the z rule");
        const Tensor s = divide(args.gradOutputs[0], args.outputs[0], stabilizer);
        BackwardArgs inner;
        inner.inputs = args.inputs;
        inner.outputs = args.outputs;
        inner.gradOutputs = std::span<const Tensor>(&s, 1);
        inner.needInputGrad = args.needInputGrad;
        inner.gradInputs.resize(args.gradInputs.size());
        inner.state = args.state;
        inner.mode = args.mode;
        op.backward(inner);
        for (size_t k = 0; k < inner.gradInputs.size(); ++k)
            if (args.needInputGrad[k])
                args.gradInputs[k] = times(args.inputs[k], inner.gradInputs[k]);
    });
}

} // namespace lantern::explain::lrp

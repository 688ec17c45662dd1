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
            Op& pos = layer->op(WeightMod::Positive, false);
            result = times(x, runBackwardData(pos, x, divide(r, runForward(pos, x), m_config.stabilizer)));
            break;
        }
        case RuleKind::Flat:
        case RuleKind::WSquare: {
            Op& mod = layer->op(m_config.kind == RuleKind::Flat ? WeightMod::Ones : WeightMod::Square, false);
            const Tensor ones(x.shape(), 1.f);
            result = runBackwardData(mod, x, divide(r, runForward(mod, ones), m_config.stabilizer));
            break;
        }
        case RuleKind::Box:
            result = box(*layer, x, r);
            break;
        case RuleKind::Gamma: {
            Op& g = layer->op(WeightMod::Gamma, m_config.bias, m_config.gamma);
            result = times(x, runBackwardData(g, x, divide(r, runForward(g, x), m_config.stabilizer)));
            break;
        }
        }
        args.gradInputs[0] = result;
    }

private:
    Tensor zRule(LinearLayer& layer, const BackwardArgs& args, const Tensor& x, const Tensor& r) const
    {
        const bool bias = m_config.bias && layer.hasBias();
        Op& plain = layer.op(WeightMod::Plain, bias);
        // the forward output is z itself when nothing was merged and the bias is kept
        const bool reuse = !layer.merged() && (m_config.bias || !layer.hasBias()) && !args.outputs.empty() &&
                           !args.outputs[0].isEmpty();
        const Tensor z = reuse ? args.outputs[0] : runForward(plain, x);
        const float stab = m_config.kind == RuleKind::Epsilon ? m_config.stabilizer : 0.f;
        return times(x, runBackwardData(plain, x, divide(r, z, stab)));
    }

    Tensor alphaBeta(LinearLayer& layer, const Tensor& x, const Tensor& r) const
    {
        bool anyNeg = false;
        for (float v : x.values())
            if (v < 0.f) {
                anyNeg = true;
                break;
            }
        const Tensor xp = anyNeg ? clipped(x, true) : x;
        const Tensor xn = anyNeg ? clipped(x, false) : Tensor();
        const bool bias = m_config.bias && layer.hasBias();
        const bool negBias = bias && m_config.biasOnNegativeInputs;
        // one part: weights `a` on x+ and `b` on x−
        auto part = [&](WeightMod a, WeightMod b) {
            Op& opA = layer.op(a, bias);
            const bool useB = anyNeg || negBias;
            Op* opB = useB ? &layer.op(b, negBias) : nullptr;
            Tensor z = runForward(opA, xp);
            if (useB)
                addInPlace(z, runForward(*opB, anyNeg ? xn : Tensor(x.shape())));
            const Tensor s = divide(r, z, m_config.stabilizer);
            Tensor out = times(xp, runBackwardData(opA, x, s));
            if (anyNeg)
                addProduct(out, xn, 0.f, runBackwardData(*opB, x, s), 1.f);
            return out;
        };
        Tensor result = part(WeightMod::Positive, WeightMod::Negative);
        if (m_config.alpha != 1.f)
            for (float& v : result.values())
                v *= m_config.alpha;
        if (m_config.beta != 0.f)
            addInPlace(result, part(WeightMod::Negative, WeightMod::Positive), -m_config.beta);
        return result;
    }

    Tensor box(LinearLayer& layer, const Tensor& x, const Tensor& r) const
    {
        Op& plain = layer.op(WeightMod::Plain, false);
        Op& pos = layer.op(WeightMod::Positive, false);
        Op& neg = layer.op(WeightMod::Negative, false);
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

std::shared_ptr<const BackwardRule> zThroughOpRule()
{
    return std::make_shared<LambdaRule>("lrp-z-op", [](Op& op, const Node& node, BackwardArgs& args) {
        if (args.outputs.empty() || args.outputs[0].isEmpty() || args.inputs.empty() || args.inputs[0].isEmpty())
            throw Error("LRP: node '" + node.name + "' kept no forward values for the z rule");
        const Tensor s = divide(args.gradOutputs[0], args.outputs[0], 0.f);
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

// Gradient-type explanation methods: gradient, input-x-gradient, smoothgrad, integrated-gradients,
// deconvnet, guided-backprop. All of them are one forward + one backward traversal (backprop()); deconvnet and
// guided backprop only replace the Relu rule. SmoothGrad and Integrated Gradients stack several noisy copies /
// path points of each sample into one batch and run it in chunks of bounded size.

#include "explain/backprop.h"
#include "explain/registry.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

namespace lantern::explain {

namespace {

/// Upper bound on the number of input elements stacked into one forward+backward batch (SmoothGrad, IG).
/// 2^20 floats = 4 MB of input; activations scale with it, so this keeps memory modest for common nets.
constexpr int64_t kMaxChunkElements = int64_t(1) << 20;

int64_t chunkRows(int64_t perSample)
{
    return std::max<int64_t>(1, std::min<int64_t>(512, kMaxChunkElements / std::max<int64_t>(1, perSample)));
}

Explanation fromBackprop(ExplainContext& ctx, BackpropResult r)
{
    Explanation e;
    e.map = r.backward.at(ctx.inputName);
    e.logits = std::move(r.logits);
    e.targets = std::move(r.targets);
    return e;
}

RuleSet reluRules(bool guided)
{
    RuleSet rules;
    auto rule = std::make_shared<LambdaRule>(
        guided ? "guided-backprop relu" : "deconvnet relu", [guided](Op&, const Node& node, BackwardArgs& args) {
            const Tensor& up = args.gradOutputs[0];
            // forward sign: the Relu's input when kept, else its output (y > 0 <=> x > 0)
            const Tensor& fwd = !args.inputs[0].isEmpty() ? args.inputs[0] : args.outputs[0];
            if (guided && fwd.isEmpty())
                throw Error("guided-backprop: node '" + node.name + "' has neither its input nor its output");
            Tensor g = Tensor::uninitialized(up.shape());
            const float* u = up.data();
            float* o = g.data();
            const int64_t n = up.size();
            if (guided) {
                const float* x = fwd.data();
                for (int64_t i = 0; i < n; ++i)
                    o[i] = (u[i] > 0.f && x[i] > 0.f) ? u[i] : 0.f;
            } else {
                for (int64_t i = 0; i < n; ++i)
                    o[i] = u[i] > 0.f ? u[i] : 0.f;
            }
            args.gradInputs[0] = std::move(g);
        });
    rules.setForType("Relu", rule);
    return rules;
}

Explanation gradientLike(ExplainContext& ctx, bool timesInput)
{
    BackpropOptions o;
    Explanation e = fromBackprop(ctx, backprop(ctx, ctx.input, o));
    if (timesInput) {
        float* m = e.map.data();
        const float* x = ctx.input.data();
        for (int64_t i = 0; i < e.map.size(); ++i)
            m[i] *= x[i];
    }
    ctx.progress(1.0);
    return e;
}

Explanation reluRuleMethod(ExplainContext& ctx, bool guided)
{
    const RuleSet rules = reluRules(guided);
    BackpropOptions o;
    o.rules = &rules;
    o.fuse = false;
    Explanation e = fromBackprop(ctx, backprop(ctx, ctx.input, o));
    ctx.progress(1.0);
    return e;
}

/// Logits of the clean input (inference, no backward state) and the targets resolved on them.
std::pair<Tensor, std::vector<int64_t>> cleanPrediction(ExplainContext& ctx)
{
    struct Keep : Observer {
        std::string name;
        bool wants(const std::string& value) const override { return value == name; }
        void onValue(const std::string&, const std::string&, const Tensor&) override {}
    } keep;
    keep.name = ctx.logits;
    ForwardOptions fo;
    fo.observer = &keep;
    fo.cancel = ctx.request.cancel;
    Execution ex = ctx.graph.forward({{ctx.inputName, ctx.input}}, fo);
    Tensor logits = ex.value(ctx.logits).clone();
    auto targets = resolveTargets(logits, ctx.request.target, ctx.request.method);
    return {std::move(logits), std::move(targets)};
}

/// Runs `copies` modified versions of every sample (made by fill(sample, copy, destination)) through forward +
/// backward in bounded chunks and returns sum_copy weight(copy) * gradient, shaped like the input.
template <typename Fill, typename Weight>
Tensor stackedGradientSum(ExplainContext& ctx, const std::vector<int64_t>& targets, int64_t copies, Fill fill,
                          Weight weight)
{
    const Tensor& x = ctx.input;
    const int64_t n = x.dim(0);
    const int64_t per = x.size() / std::max<int64_t>(1, n);
    const int64_t total = n * copies;
    const int64_t chunk = chunkRows(per);
    Shape chunkShape = x.shape();
    Tensor sum(x.shape());
    BackpropOptions o;
    for (int64_t begin = 0; begin < total; begin += chunk) {
        const int64_t rows = std::min(chunk, total - begin);
        chunkShape[0] = rows;
        Tensor batch = Tensor::uninitialized(chunkShape);
        std::vector<int64_t> chunkTargets(static_cast<size_t>(rows));
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t row = begin + r, s = row / copies, c = row % copies;
            fill(s, c, batch.data() + r * per);
            chunkTargets[static_cast<size_t>(r)] = targets[static_cast<size_t>(s)];
        }
        BackpropResult res = backprop(ctx, batch, o, &chunkTargets);
        const Tensor& g = res.backward.at(ctx.inputName);
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t row = begin + r, s = row / copies, c = row % copies;
            const float w = static_cast<float>(weight(c));
            const float* src = g.data() + r * per;
            float* dst = sum.data() + s * per;
            for (int64_t i = 0; i < per; ++i)
                dst[i] += w * src[i];
        }
        ctx.progress(static_cast<double>(begin + rows) / static_cast<double>(total));
    }
    return sum;
}

Explanation smoothGrad(ExplainContext& ctx)
{
    const int64_t samples = ctx.params.integer("samples");
    const double noise = ctx.params.number("noise");
    if (samples < 1)
        throw ArgumentError("smoothgrad: samples must be >= 1 (got " + std::to_string(samples) + ")");
    if (!(noise >= 0.0) || !std::isfinite(noise))
        throw ArgumentError("smoothgrad: noise must be a finite number >= 0 (got " + ctx.params.text("noise") + ")");
    auto [logits, targets] = cleanPrediction(ctx);
    const Tensor& x = ctx.input;
    const int64_t n = x.dim(0);
    const int64_t per = x.size() / std::max<int64_t>(1, n);
    // Noise is drawn in a fixed order (sample-major, then copy, then element) so that the result does not
    // depend on the chunk size. sigma = noise * (max - min) of each sample.
    std::vector<float> sigma(static_cast<size_t>(n));
    for (int64_t s = 0; s < n; ++s) {
        const auto [mn, mx] = std::minmax_element(x.data() + s * per, x.data() + (s + 1) * per);
        sigma[static_cast<size_t>(s)] = static_cast<float>(noise) * (*mx - *mn);
    }
    std::mt19937_64 rng(ctx.request.seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    auto fill = [&](int64_t s, int64_t, float* dst) {
        const float* src = x.data() + s * per;
        const float sg = sigma[static_cast<size_t>(s)];
        for (int64_t i = 0; i < per; ++i)
            dst[i] = src[i] + sg * normal(rng);
    };
    Explanation e;
    e.map = stackedGradientSum(ctx, targets, samples, fill, [&](int64_t) { return 1.0 / double(samples); });
    e.logits = std::move(logits);
    e.targets = std::move(targets);
    return e;
}

Explanation integratedGradients(ExplainContext& ctx)
{
    const int64_t steps = ctx.params.integer("steps");
    if (steps < 1)
        throw ArgumentError("integrated-gradients: steps must be >= 1 (got " + std::to_string(steps) + ")");
    const std::string& baselineText = ctx.params.text("baseline");
    float baseline = 0.f;
    if (baselineText != "zeros")
        try {
            baseline = static_cast<float>(ctx.params.number("baseline"));
        } catch (const ArgumentError&) {
            throw ArgumentError("integrated-gradients: baseline=" + baselineText + " is neither 'zeros' nor a number");
        }
    const std::string& rule = ctx.params.text("rule");
    // path points t_k in [0, 1] and their quadrature weights (summing to 1)
    std::vector<double> t, w;
    if (rule == "linspace") {
        for (int64_t k = 0; k < steps; ++k)
            t.push_back(steps == 1 ? 1.0 : double(k) / double(steps - 1));
        w.assign(t.size(), 1.0 / double(steps));
    } else if (rule == "left" || rule == "right" || rule == "middle") {
        const double off = rule == "left" ? 0.0 : rule == "right" ? 1.0 : 0.5;
        for (int64_t k = 0; k < steps; ++k)
            t.push_back((double(k) + off) / double(steps));
        w.assign(t.size(), 1.0 / double(steps));
    } else if (rule == "trapezoid") {
        for (int64_t k = 0; k <= steps; ++k) {
            t.push_back(double(k) / double(steps));
            w.push_back((k == 0 || k == steps ? 0.5 : 1.0) / double(steps));
        }
    } else {
        throw ArgumentError("integrated-gradients: rule=" + rule +
                            " is not one of linspace, left, right, middle, trapezoid");
    }
    auto [logits, targets] = cleanPrediction(ctx);
    const Tensor& x = ctx.input;
    const int64_t n = x.dim(0);
    const int64_t per = x.size() / std::max<int64_t>(1, n);
    auto fill = [&](int64_t s, int64_t c, float* dst) {
        const float* src = x.data() + s * per;
        const float tc = static_cast<float>(t[static_cast<size_t>(c)]);
        for (int64_t i = 0; i < per; ++i)
            dst[i] = baseline + tc * (src[i] - baseline);
    };
    Explanation e;
    e.map = stackedGradientSum(ctx, targets, static_cast<int64_t>(t.size()), fill,
                               [&](int64_t c) { return w[static_cast<size_t>(c)]; });
    float* m = e.map.data();
    for (int64_t i = 0; i < e.map.size(); ++i)
        m[i] *= x[i] - baseline;
    e.logits = std::move(logits);
    e.targets = std::move(targets);
    return e;
}

} // namespace

void registerGradientMethods(Registry& registry)
{
    registry.add({"gradient", "d(target logit)/d(input): which input changes move the score; fast first look", {}},
                 [](ExplainContext& ctx) { return gradientLike(ctx, false); });
    registry.add({"input-x-gradient",
                  "input * gradient: first-order contribution of each input value; sharper than the gradient",
                  {}},
                 [](ExplainContext& ctx) { return gradientLike(ctx, true); });
    registry.add({"smoothgrad",
                  "mean gradient over noisy copies of the input (Smilkov et al.): a less noisy gradient map",
                  {{"samples", "64", "number of noisy copies per sample (iNNvestigate default 64)"},
                   {"noise", "1.0",
                    "noise sigma as a fraction of each sample's value range max-min (iNNvestigate's absolute "
                    "noise_scale 1 for inputs in [0, 1])"}}},
                 smoothGrad);
    registry.add({"integrated-gradients",
                  "(x - baseline) * mean gradient along the straight path from the baseline (Sundararajan et "
                  "al.): attributions that sum to f(x) - f(baseline)",
                  {{"baseline", "zeros", "'zeros' or a number used for every input value"},
                   {"steps", "64", "number of path intervals (iNNvestigate default 64)"},
                   {"rule", "linspace",
                    "path points: linspace (steps points 0..1 inclusive, equal weights, as iNNvestigate), left, "
                    "right, middle (Riemann sums) or trapezoid"}}},
                 integratedGradients);
    registry.add({"deconvnet",
                  "Zeiler-Fergus deconvnet: ReLU backward passes relu(upstream), max-pool through the forward "
                  "switches; shows input patterns a class responds to, largely class-independent",
                  {}},
                 [](ExplainContext& ctx) { return reluRuleMethod(ctx, false); });
    registry.add({"guided-backprop",
                  "guided backpropagation (Springenberg et al.): ReLU backward relu(upstream) * [x > 0]; crisp "
                  "edges of the features the net uses",
                  {}},
                 [](ExplainContext& ctx) { return reluRuleMethod(ctx, true); });
}

} // namespace lantern::explain

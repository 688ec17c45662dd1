// optimal-input: activation maximization / backward optimization of the input (Simonyan et al. 2014,
// Olah et al. 2017, Toms et al. 2020). Gradient ascent on the input with SGD or Adam, regularized by L2,
// total variation, periodic Gaussian blur and random jitter; seeded, hence deterministic.
#include "explain/optimal_input_spatial.h"
#include "explain/registry.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace lantern::explain {

namespace {

enum class Objective { Logit, Probability, CrossEntropy, Unit, Filter };

Objective parseObjective(const std::string& s)
{
    if (s == "logit")
        return Objective::Logit;
    if (s == "probability")
        return Objective::Probability;
    if (s == "cross-entropy")
        return Objective::CrossEntropy;
    if (s == "unit")
        return Objective::Unit;
    if (s == "filter")
        return Objective::Filter;
    throw ArgumentError("optimal-input: objective=" + s + " is not one of logit, probability, cross-entropy, unit, filter");
}

/// Row-wise softmax of (N, K).
Tensor softmaxRows(const Tensor& logits)
{
    Tensor p(logits.shape());
    const int64_t n = logits.dim(0), k = logits.dim(1);
    for (int64_t i = 0; i < n; ++i) {
        const float* s = logits.data() + i * k;
        float* o = p.data() + i * k;
        float m = s[0];
        for (int64_t j = 1; j < k; ++j)
            m = std::max(m, s[j]);
        double sum = 0;
        for (int64_t j = 0; j < k; ++j)
            sum += (o[j] = std::exp(s[j] - m));
        for (int64_t j = 0; j < k; ++j)
            o[j] = static_cast<float>(o[j] / sum);
    }
    return p;
}

/// A clamp bound: a number, none (unbounded) or auto (the range of the given samples, unbounded when they are
/// constant, e.g. a single blank start image).
double bound(const MethodParams& p, const std::string& key, const Tensor& input, bool lower)
{
    const std::string& v = p.text(key);
    const double unbounded = (lower ? -1 : 1) * std::numeric_limits<double>::infinity();
    if (v == "none" || v.empty())
        return unbounded;
    if (v == "auto") {
        if (input.size() == 0)
            return unbounded;
        const auto [lo, hi] = std::minmax_element(input.values().begin(), input.values().end());
        if (!(*hi > *lo))
            return unbounded;
        return lower ? *lo : *hi;
    }
    return p.number(key);
}

Explanation optimalInput(ExplainContext& ctx)
{
    const MethodParams& p = ctx.params;
    const Objective objective = parseObjective(p.text("objective"));
    const int64_t iterations = p.integer("iterations");
    const double lr = p.number("lr");
    const double l2 = p.number("l2");
    double tv = p.number("tv");
    int64_t blurEvery = p.integer("blur_every");
    const double blurSigma = p.number("blur_sigma");
    int64_t jitter = p.integer("jitter");
    const double targetProbability = p.number("probability");
    const int64_t index = p.integer("index");
    const std::string start = p.text("start");
    const std::string optimizer = p.text("optimizer");
    const double low = bound(p, "low", ctx.input, true);
    const double high = bound(p, "high", ctx.input, false);
    if (low > high)
        throw ArgumentError("optimal-input: low (" + p.text("low") + ") is above high (" + p.text("high") + ")");
    if (iterations < 1 || iterations > 1000000)
        throw ArgumentError("optimal-input: iterations must be between 1 and 1000000");
    if (optimizer != "adam" && optimizer != "sgd" && optimizer != "gd")
        throw ArgumentError("optimal-input: optimizer=" + optimizer + " is not adam, sgd or gd");
    if (!(targetProbability > 0 && targetProbability <= 1))
        throw ArgumentError("optimal-input: probability must be in (0, 1]");
    if (blurEvery > 0 && !(blurSigma > 0))
        throw ArgumentError("optimal-input: blur_sigma must be positive");

    const bool layerObjective = objective == Objective::Unit || objective == Objective::Filter;
    std::string layerValue;
    if (layerObjective) {
        if (ctx.request.layer.empty())
            throw ArgumentError("optimal-input: objective=" + p.text("objective") +
                                " needs a layer (the unit's or filter's)");
        layerValue = ctx.graph.node(ctx.request.layer).outputs.front();
    }

    // starting point and targets
    Tensor x;
    std::mt19937_64 rng(ctx.request.seed);
    if (start == "input") {
        x = ctx.input.clone();
    } else if (start == "mean") {
        // one start image: the mean of the given samples (a neutral, data-like start; Lantern's default)
        Shape one = ctx.input.shape();
        one[0] = 1;
        x = Tensor(one);
        const int64_t per = x.size(), count = ctx.input.dim(0);
        std::vector<double> sum(static_cast<size_t>(per), 0.0);
        for (int64_t i = 0; i < count; ++i)
            for (int64_t j = 0; j < per; ++j)
                sum[static_cast<size_t>(j)] += ctx.input[i * per + j];
        for (int64_t j = 0; j < per; ++j)
            x[j] = static_cast<float>(sum[static_cast<size_t>(j)] / static_cast<double>(count));
    } else if (start == "zeros") {
        x = Tensor(ctx.input.shape());
    } else if (start == "noise") {
        x = Tensor(ctx.input.shape());
        std::normal_distribution<float> noise(0.f, static_cast<float>(p.number("noise")));
        for (float& v : x.values())
            v = noise(rng);
    } else {
        throw ArgumentError("optimal-input: start=" + start + " is not mean, zeros, noise or input");
    }
    if (std::isfinite(low) || std::isfinite(high))
        for (float& v : x.values())
            v = static_cast<float>(std::clamp<double>(v, low, high));

    const SpatialAxes axes = spatialAxes(x.shape(), ctx.model.inputLayout);
    if (!axes.valid) {
        // the image regularizers' defaults do not apply to inputs without a 2-D map (features, sequences); asked
        // for explicitly, they are an error (requireSpatial below)
        if (!p.given("tv"))
            tv = 0;
        if (!p.given("jitter"))
            jitter = 0;
        if (!p.given("blur_every"))
            blurEvery = 0;
    }
    const int64_t n = x.dim(0);
    std::vector<int64_t> targets;
    {
        Tensor logits0 = ctx.graph.forward({{ctx.inputName, x}}).value(ctx.logits);
        if (logits0.rank() != 2 && !layerObjective)
            throw UnsupportedError("optimal-input: needs class scores (N, K); the model gives " +
                                   shapeToString(logits0.shape()));
        if (!layerObjective) {
            const int64_t k = logits0.dim(1);
            for (int64_t i = 0; i < n; ++i) {
                int64_t t = ctx.request.target.classIndex;
                if (t >= k)
                    throw ArgumentError("optimal-input: target class " + std::to_string(t) + " does not exist (" +
                                        std::to_string(k) + " classes)");
                if (t < 0) {
                    const float* row = logits0.data() + i * k;
                    t = std::max_element(row, row + k) - row;
                }
                targets.push_back(t);
            }
        }
    }

    Tensor m(x.shape()), v(x.shape()); // Adam moments / SGD velocity
    Tensor history({n, iterations});
    Tensor finalScore({n});
    std::uniform_int_distribution<int64_t> shift(-jitter, jitter);
    for (int64_t it = 0; it < iterations; ++it) {
        ctx.checkCancel();
        const int64_t dy = jitter > 0 ? shift(rng) : 0, dx = jitter > 0 ? shift(rng) : 0;
        Tensor xin = jitter > 0 ? roll(x, axes, dy, dx) : x;

        ForwardOptions fo;
        fo.keepForBackward = true;
        fo.cancel = ctx.request.cancel;
        struct Keep : Observer {
            std::string a, b;
            bool wants(const std::string& value) const override { return value == a || value == b; }
            void onValue(const std::string&, const std::string&, const Tensor&) override {}
        } keep;
        keep.a = ctx.logits;
        keep.b = layerValue;
        fo.observer = &keep;
        Execution ex = ctx.graph.forward({{ctx.inputName, xin}}, fo);

        // d(objective)/d(value) seeds, and the objective per sample for the history
        std::map<std::string, Tensor> seeds;
        if (layerObjective) {
            const Tensor& a = ex.value(layerValue);
            Tensor seed(a.shape());
            const int64_t per = a.size() / n;
            if (objective == Objective::Unit) {
                if (index < 0 || index >= per)
                    throw ArgumentError("optimal-input: unit index " + std::to_string(index) + " is outside layer '" +
                                        ctx.request.layer + "' (" + std::to_string(per) + " units per sample)");
                for (int64_t i = 0; i < n; ++i) {
                    seed[i * per + index] = 1.f;
                    history[i * iterations + it] = a[i * per + index];
                }
            } else {
                if (a.rank() < 3)
                    throw ArgumentError(
                        "optimal-input: objective=filter needs a layer with channels and a spatial map");
                const int64_t channels = a.dim(1), plane = per / channels;
                if (index < 0 || index >= channels)
                    throw ArgumentError("optimal-input: filter " + std::to_string(index) + " is outside layer '" +
                                        ctx.request.layer + "' (" + std::to_string(channels) + " channels)");
                for (int64_t i = 0; i < n; ++i) {
                    double sum = 0;
                    for (int64_t j = 0; j < plane; ++j) {
                        seed[i * per + index * plane + j] = 1.f / static_cast<float>(plane);
                        sum += a[i * per + index * plane + j];
                    }
                    history[i * iterations + it] = static_cast<float>(sum / static_cast<double>(plane));
                }
            }
            seeds[layerValue] = seed;
        } else {
            const Tensor& logits = ex.value(ctx.logits);
            const int64_t k = logits.dim(1);
            const Tensor prob = softmaxRows(logits);
            Tensor seed(logits.shape());
            for (int64_t i = 0; i < n; ++i) {
                const int64_t t = targets[static_cast<size_t>(i)];
                const float pt = prob[i * k + t];
                history[i * iterations + it] = pt;
                if (objective == Objective::Logit) {
                    seed[i * k + t] = 1.f;
                } else if (objective == Objective::CrossEntropy) {
                    // minimize -log p_t (Toms et al. 2020): ascent direction onehot(t) - p
                    for (int64_t j = 0; j < k; ++j)
                        seed[i * k + j] = static_cast<float>((j == t ? 1.0 : 0.0) - prob[i * k + j]);
                } else {
                    // minimize (log p_t - log p*)^2: ascent direction -2 (log p_t - log p*) d(log p_t)/d(logits)
                    const double err = std::log(std::max<double>(pt, 1e-30)) - std::log(targetProbability);
                    for (int64_t j = 0; j < k; ++j)
                        seed[i * k + j] = static_cast<float>(-2.0 * err * ((j == t ? 1.0 : 0.0) - prob[i * k + j]));
                }
            }
            seeds[ctx.logits] = seed;
        }
        BackwardOptions bo;
        bo.wanted = {ctx.inputName};
        bo.cancel = ctx.request.cancel;
        Tensor g = ctx.graph.backward(ex, seeds, bo).at(ctx.inputName);
        if (jitter > 0)
            g = roll(g, axes, -dy, -dx);

        // regularizers (as penalties subtracted from the objective)
        if (l2 > 0)
            for (int64_t j = 0; j < x.size(); ++j)
                g[j] -= static_cast<float>(2 * l2) * x[j];
        if (tv > 0)
            addTotalVariationGradient(x, axes, static_cast<float>(tv), g);

        // ascent step
        const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        const float c1 = 1.f - std::pow(b1, static_cast<float>(it + 1));
        const float c2 = 1.f - std::pow(b2, static_cast<float>(it + 1));
        for (int64_t j = 0; j < x.size(); ++j) {
            if (optimizer == "adam") {
                m[j] = b1 * m[j] + (1 - b1) * g[j];
                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
                x[j] += static_cast<float>(lr) * (m[j] / c1) / (std::sqrt(v[j] / c2) + eps);
            } else if (optimizer == "gd") {
                x[j] += static_cast<float>(lr) * g[j]; // a fixed step along the gradient
            } else {
                m[j] = 0.9f * m[j] + g[j];
                x[j] += static_cast<float>(lr) * m[j];
            }
            x[j] = static_cast<float>(std::clamp<double>(x[j], low, high));
        }
        if (blurEvery > 0 && (it + 1) % blurEvery == 0)
            x = gaussianBlur(x, axes, static_cast<float>(blurSigma));
        ctx.progress(static_cast<double>(it + 1) / static_cast<double>(iterations));
        const int64_t every = std::max<int64_t>(1, iterations / 50);
        if (ctx.request.snapshot && ((it + 1) % every == 0 || it + 1 == iterations)) {
            std::vector<float> scores(static_cast<size_t>(n));
            for (int64_t i = 0; i < n; ++i)
                scores[static_cast<size_t>(i)] = history[i * iterations + it];
            ctx.request.snapshot(it + 1, x, scores);
        }
    }

    // final score of the optimized input
    Explanation e;
    Execution ex = ctx.graph.forward({{ctx.inputName, x}});
    e.logits = ex.value(ctx.logits).clone();
    e.targets = targets;
    if (!layerObjective) {
        const Tensor prob = softmaxRows(e.logits);
        for (int64_t i = 0; i < n; ++i)
            finalScore[i] = prob[i * prob.dim(1) + targets[static_cast<size_t>(i)]];
        e.extra["probability"] = finalScore;
    }
    e.map = x;
    e.extra["history"] = history;
    return e;
}

} // namespace

void registerOptimalInputMethods(Registry& registry)
{
    MethodSpec spec;
    spec.name = "optimal-input";
    spec.perSample = false;
    spec.summary = "The input the network finds most typical of a class (or that excites a unit or filter most): "
                   "gradient ascent on the input, regularized to stay natural. Use to see what a class or filter "
                   "has learned to look for.";
    spec.usesLayer = true;
    // Defaults: chosen so that a class's optimal input looks like the class rather than an adversarial pattern
    // (tested: closer to its own class mean than to any other for >= 9/10 classes of the demo Fashion-MNIST and an
    // MNIST CNN). What matters most: the probability objective (Lantern's UC3M lab; stops pushing at p = 0.99),
    // clamping to the data range (low/high=auto) and starting from the data mean; then blur, jitter (Olah et al.
    // 2017: transformation robustness), TV and L2. A Fourier parameterization and an L2 pull towards the mean
    // were tried and did worse.
    spec.params = {
        {"objective", "probability",
         "logit: maximize the target logit; probability: reach the target probability (MSE of log-probabilities); "
         "cross-entropy: minimize -log softmax of the target (Toms et al. 2020; with start=zeros optimizer=gd); "
         "unit: maximize one unit of the layer; filter: maximize the mean of one channel of the layer"},
        {"probability", "0.99", "target probability for objective=probability"},
        {"index", "0", "unit (flat index within one sample) or filter (channel) for objective=unit|filter"},
        {"start", "mean",
         "mean (one image: the mean of the given samples), zeros, noise (seeded) or input (each given sample)"},
        {"noise", "0.1", "standard deviation of start=noise"},
        {"optimizer", "adam", "adam, sgd (momentum 0.9) or gd (plain gradient steps of size lr)"},
        {"lr", "0.01", "step size"},
        {"iterations", "400", "iteration budget"},
        {"l2", "0.06", "L2 penalty weight on the input"},
        {"tv", "0.2", "total-variation penalty weight (squared neighbour differences)"},
        {"blur_every", "4", "Gaussian-blur the input every this many iterations (0: never)"},
        {"blur_sigma", "0.5", "blur standard deviation in pixels"},
        {"jitter", "1", "random shift of up to this many pixels per iteration"},
        {"low", "auto", "clamp the input from below: a number, auto (the smallest value of the given samples) or none"},
        {"high", "auto", "clamp the input from above: a number, auto (the largest value of the given samples) or none"},
    };
    registry.add(spec, optimalInput);
}

} // namespace lantern::explain

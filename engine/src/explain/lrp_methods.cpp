// LRP and deep Taylor: relevance starts at the target logit's value and flows back through per-layer rules
// (explain/lrp_rules.h) chosen per layer kind (explain/lrp_composites.h). Names and defaults follow
// iNNvestigate (LRPZ, LRPEpsilon, ..., LRPSequentialPreset*, DeepTaylor) and Zennit (EpsilonPlus,
// EpsilonGammaBox, EpsilonAlpha2Beta1).
#include "explain/backprop.h"
#include "explain/lrp_composites.h"
#include "explain/registry.h"

#include "lantern/error.h"

namespace lantern::explain {

namespace {

using lrp::Convention;
using lrp::Plan;
using lrp::RuleConfig;
using lrp::RuleKind;

const ParamSpec conventionParam{"convention", "innvestigate",
                                "whose conventions: innvestigate (biases on both input signs, safe division, z rule "
                                "for average pooling and un-merged BatchNorm, input rule on every input layer) or "
                                "zennit (biases as Zennit's rules modify them, stabiliser 1e-6, Norm rule for pooling "
                                "and sums, BatchNorm passes, input rule on the first convolution); zennit-0.5.1 as "
                                "Zennit <= 0.5.1 for layers whose only bias comes from a merged BatchNorm"};
const ParamSpec zennitConventionParam{"convention", "zennit",
                                      "zennit, or zennit-0.5.1 (Zennit <= 0.5.1: the bias a BatchNorm merge gives a "
                                      "bias-free layer is added unmodified to every pass of its rule)"};

Convention convention(const ExplainContext& ctx, bool zennitOnly)
{
    const std::string& c = ctx.params.text("convention");
    if (c == "zennit")
        return Convention::Zennit;
    if (c == "zennit-0.5.1")
        return Convention::Zennit051;
    if (c == "innvestigate" && !zennitOnly)
        return Convention::Innvestigate;
    throw ArgumentError("method '" + ctx.request.method + "': convention=" + c + " is not one of " +
                        (zennitOnly ? "zennit, zennit-0.5.1" : "innvestigate, zennit, zennit-0.5.1"));
}

const std::vector<ParamSpec>& inputRuleParams()
{
    static const std::vector<ParamSpec> p = {
        {"input_rule", "none", "rule of the input layer: none (as the other layers), flat, wsquare or zb (box rule)"},
        {"low", "-1", "zb input rule: lowest possible input value"},
        {"high", "1", "zb input rule: highest possible input value"}};
    return p;
}

std::vector<ParamSpec> with(std::vector<ParamSpec> a, const std::vector<ParamSpec>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// Zennit's stabiliser (core.py stabilize: z + 1e-6·sign(z), sign(0) = 1); iNNvestigate divides safely (0).
float stabilizerOf(Convention c)
{
    return c == Convention::Innvestigate ? 0.f : 1e-6f;
}

RuleConfig rule(RuleKind kind, bool bias = true, Convention conv = Convention::Innvestigate)
{
    RuleConfig c;
    c.kind = kind;
    c.convention = conv;
    c.bias = bias;
    c.stabilizer = stabilizerOf(conv);
    return c;
}

RuleConfig epsilonRule(float epsilon, bool bias, Convention conv)
{
    RuleConfig c = rule(RuleKind::Epsilon, bias, conv);
    c.stabilizer = epsilon;
    return c;
}

RuleConfig alphaBeta(float alpha, float beta, bool bias, Convention conv = Convention::Innvestigate)
{
    RuleConfig c = rule(RuleKind::AlphaBeta, bias, conv);
    c.alpha = alpha;
    c.beta = beta;
    return c;
}

RuleConfig boxRule(double low, double high, Convention conv = Convention::Innvestigate)
{
    RuleConfig c = rule(RuleKind::Box, false, conv);
    c.low = static_cast<float>(low);
    c.high = static_cast<float>(high);
    if (!(c.low <= c.high))
        throw ArgumentError("box rule: low (" + std::to_string(low) + ") must not exceed high (" +
                            std::to_string(high) + ")");
    return c;
}

Plan uniform(const RuleConfig& c)
{
    Plan p;
    p.dense = c;
    p.conv = c;
    p.layerMap = c.convention;
    return p;
}

/// Applies the input_rule/low/high parameters to a plan.
Plan withInputRule(Plan plan, const ExplainContext& ctx)
{
    const std::string& r = ctx.params.text("input_rule");
    const Convention c = plan.layerMap;
    if (r == "none")
        return plan;
    if (r == "flat")
        plan.input = rule(RuleKind::Flat, false, c);
    else if (r == "wsquare")
        plan.input = rule(RuleKind::WSquare, c != Convention::Innvestigate, c);
    else if (r == "zb" || r == "box" || r == "bounded")
        plan.input = boxRule(ctx.params.number("low"), ctx.params.number("high"), c);
    else
        throw ArgumentError("method '" + ctx.request.method + "': input_rule=" + r +
                            " is not one of none, flat, wsquare, zb");
    return plan;
}

float positive(const ExplainContext& ctx, const std::string& key)
{
    const double v = ctx.params.number(key);
    if (!(v >= 0.0))
        throw ArgumentError("method '" + ctx.request.method + "': " + key + " must be >= 0, got " +
                            ctx.params.text(key));
    return static_cast<float>(v);
}

/// One forward pass and one backward traversal with the plan's rules. `positiveOutput`: deep Taylor explains
/// relu(logit), so samples whose target logit is not positive get no relevance.
Explanation run(ExplainContext& ctx, const Plan& plan, bool positiveOutput = false)
{
    const lrp::Rules rules = lrp::buildRules(ctx.graph, ctx.inputName, plan);
    BackpropOptions o;
    o.rules = &rules.rules;
    o.substitutes = &rules.substitutes;
    o.seedWithLogit = true;
    o.fuse = false;
    BackpropResult r = backprop(ctx, ctx.input, o);
    Explanation e;
    e.map = r.backward.at(ctx.inputName);
    e.logits = r.logits;
    e.targets = r.targets;
    if (positiveOutput) {
        const int64_t n = e.map.dim(0), per = e.map.size() / std::max<int64_t>(n, 1), k = e.logits.dim(1);
        for (int64_t i = 0; i < n; ++i)
            if (!(e.logits[i * k + e.targets[static_cast<size_t>(i)]] > 0.f))
                std::fill(e.map.data() + i * per, e.map.data() + (i + 1) * per, 0.f);
    }
    ctx.progress(1.0);
    return e;
}

const ParamSpec biasParam{"bias", "true", "include the layer biases (false: iNNvestigate's *IgnoreBias)"};

} // namespace

void registerLrpMethods(Registry& registry)
{
    const auto single = [](std::vector<ParamSpec> own, bool inputRule) {
        own.push_back(conventionParam);
        return inputRule ? with(own, inputRuleParams()) : own;
    };
    registry.add({"lrp-z", "LRP z rule: each input's share of every pre-activation; conserves relevance (no bias)",
                  single({biasParam}, true)},
                 [](ExplainContext& ctx) {
                     const Convention c = convention(ctx, false);
                     return run(ctx, withInputRule(uniform(rule(RuleKind::Z, ctx.params.flag("bias"), c)), ctx));
                 });
    registry.add({"lrp-epsilon", "LRP epsilon rule: z rule with a stabilizer that absorbs weak, noisy contributions",
                  single({{"epsilon", "1e-7",
                           "stabilizer added to z with the sign of z (1e-6, Zennit's default, when convention=zennit "
                           "and epsilon is not given)"},
                          biasParam},
                         true)},
                 [](ExplainContext& ctx) {
                     const Convention c = convention(ctx, false);
                     const float eps = c != Convention::Innvestigate && !ctx.request.params.count("epsilon")
                                           ? 1e-6f
                                           : positive(ctx, "epsilon");
                     return run(ctx, withInputRule(uniform(epsilonRule(eps, ctx.params.flag("bias"), c)), ctx));
                 });
    registry.add({"lrp-zplus",
                  "LRP z+ rule (alpha 1, beta 0): positive evidence only; deep Taylor for ReLU networks "
                  "(iNNvestigate without bias, Zennit with the positive bias)",
                  single({}, true)},
                 [](ExplainContext& ctx) {
                     const Convention c = convention(ctx, false);
                     return run(ctx, withInputRule(uniform(alphaBeta(1, 0, c != Convention::Innvestigate, c)), ctx));
                 });
    registry.add({"lrp-zplus-fast",
                  "LRP z+ rule with positive weights on the raw input (iNNvestigate LRPZPlusFast; "
                  "for non-negative inputs)",
                  {}},
                 [](ExplainContext& ctx) { return run(ctx, uniform(rule(RuleKind::ZPlusFast, false))); });
    registry.add({"lrp-alpha-beta",
                  "LRP alpha-beta rule: alpha times the excitatory minus beta times the inhibitory share",
                  single({{"alpha", "1", "weight of the positive contributions"},
                          {"beta", "0", "weight of the negative contributions (usually alpha - 1)"},
                          biasParam},
                         true)},
                 [](ExplainContext& ctx) {
                     const Convention c = convention(ctx, false);
                     const float a = positive(ctx, "alpha"), b = positive(ctx, "beta");
                     return run(ctx, withInputRule(uniform(alphaBeta(a, b, ctx.params.flag("bias"), c)), ctx));
                 });
    registry.add({"lrp-flat",
                  "LRP flat rule everywhere: spreads relevance uniformly over receptive fields "
                  "(ignores weights and input; a baseline)",
                  single({}, false)},
                 [](ExplainContext& ctx) {
                     const Convention c = convention(ctx, false);
                     return run(ctx, uniform(rule(RuleKind::Flat, false, c)));
                 });
    registry.add({"lrp-wsquare",
                  "LRP w-square rule everywhere: relevance by squared weights, independent of the "
                  "input (the input layer rule of deep Taylor for unbounded inputs; Zennit squares the bias too)",
                  single({}, false)},
                 [](ExplainContext& ctx) {
                     const Convention c = convention(ctx, false);
                     return run(ctx, uniform(rule(RuleKind::WSquare, c != Convention::Innvestigate, c)));
                 });

    const ParamSpec presetEps{"epsilon", "0.1", "stabilizer of the epsilon rule on dense layers"};
    for (const char* variant : {"a", "b"}) {
        const bool a = std::string(variant) == "a";
        const std::string what = a ? "alpha 1 beta 0" : "alpha 2 beta 1";
        for (const bool flat : {false, true}) {
            const std::string name = std::string("lrp-preset-") + variant + (flat ? "-flat" : "");
            registry.add({name,
                          "LRP composite (iNNvestigate LRPSequentialPreset" + std::string(a ? "A" : "B") +
                              (flat ? "Flat" : "") + "): epsilon on dense layers, " + what + " on convolutions" +
                              (flat ? ", flat rule on the input layer" : "") + "; a robust default for CNNs",
                          flat ? std::vector<ParamSpec>{presetEps} : with({presetEps}, inputRuleParams())},
                         [a, flat](ExplainContext& ctx) {
                             Plan p;
                             p.dense = epsilonRule(positive(ctx, "epsilon"), true, Convention::Innvestigate);
                             p.conv = a ? alphaBeta(1, 0, true) : alphaBeta(2, 1, true);
                             if (flat)
                                 p.input = rule(RuleKind::Flat, false);
                             else
                                 p = withInputRule(p, ctx);
                             return run(ctx, p);
                         });
        }
    }

    // Zennit's named composites: layer_map_base (activations and BatchNorm pass, Norm for pooling and sums) plus
    // ε on dense layers and the named rule on convolutions, all with Zennit's biases and stabiliser.
    const ParamSpec zennitEps{"epsilon", "1e-6", "stabilizer of the epsilon rule on dense layers"};
    const auto zennitPlan = [](ExplainContext& ctx, RuleConfig conv) {
        const Convention c = convention(ctx, true);
        Plan p;
        p.layerMap = c;
        p.dense = epsilonRule(positive(ctx, "epsilon"), true, c);
        conv.convention = c;
        conv.stabilizer = stabilizerOf(c);
        p.conv = conv;
        return p;
    };
    registry.add({"lrp-epsilon-plus",
                  "LRP composite (Zennit EpsilonPlus): epsilon on dense layers, z+ on "
                  "convolutions; the usual choice for CNN heat maps",
                  {zennitEps, zennitConventionParam}},
                 [zennitPlan](ExplainContext& ctx) { return run(ctx, zennitPlan(ctx, alphaBeta(1, 0, true))); });
    registry.add({"lrp-epsilon-gamma-box",
                  "LRP composite (Zennit EpsilonGammaBox): epsilon on dense layers, gamma on convolutions, box rule "
                  "on the first convolution; sharp maps for bounded (image) inputs",
                  {zennitEps,
                   {"gamma", "0.25", "weight of the positive parameters in the gamma rule"},
                   {"low", "-1", "lowest possible input value (box rule)"},
                   {"high", "1", "highest possible input value (box rule)"},
                   zennitConventionParam}},
                 [zennitPlan](ExplainContext& ctx) {
                     RuleConfig g = rule(RuleKind::Gamma, true);
                     g.gamma = positive(ctx, "gamma");
                     Plan p = zennitPlan(ctx, g);
                     p.input = boxRule(ctx.params.number("low"), ctx.params.number("high"), p.layerMap);
                     return run(ctx, p);
                 });
    registry.add({"lrp-epsilon-alpha2-beta1",
                  "LRP composite (Zennit EpsilonAlpha2Beta1): epsilon on dense layers, "
                  "alpha 2 beta 1 on convolutions; shows evidence against the class too",
                  {zennitEps, zennitConventionParam}},
                 [zennitPlan](ExplainContext& ctx) { return run(ctx, zennitPlan(ctx, alphaBeta(2, 1, true))); });

    registry.add({"deep-taylor",
                  "Deep Taylor decomposition (z+ rule on every layer, of relu(logit)): positive "
                  "evidence of ReLU networks with non-negative inputs",
                  {}},
                 [](ExplainContext& ctx) {
                     Plan p = uniform(alphaBeta(1, 0, false));
                     p.avgPoolGradient = true;
                     return run(ctx, p, true);
                 });
    registry.add({"deep-taylor-bounded",
                  "Deep Taylor decomposition with the box rule on the input layer, for "
                  "inputs bounded by [low, high]",
                  {{"low", "-1", "lowest possible input value"}, {"high", "1", "highest possible input value"}}},
                 [](ExplainContext& ctx) {
                     Plan p = uniform(alphaBeta(1, 0, false));
                     p.avgPoolGradient = true;
                     p.input = boxRule(ctx.params.number("low"), ctx.params.number("high"));
                     return run(ctx, p, true);
                 });
}

} // namespace lantern::explain

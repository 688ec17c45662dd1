// CLEAR (class-enhanced attentive response, Kumar et al. 2017): every class's score back-projected to the input with
// deconvnet rules (response_stack.h, style as attentive-response) in one stacked traversal, and per input element
// the dominant class with its level.
//
// Sign convention: a class argues for an element only through positive evidence. Its seed is its score z_c
// (`seed=logit`, Kumar et al.) or 1 (`seed=one`) **only when z_c > 0**; a class with z_c <= 0 has no evidence for it
// and its map is zero. Otherwise a negative score back-projected through the rectifiers would turn into positive
// maps and let a class dominate through evidence against it. Elements where no class's map is positive have no
// dominant class (−1, level 0).
//
// Results: class_maps (N, K, C, H, W), dominant_class and level (with the input's shape, or one channel for
// `channels=sum`), map = the target class's map.
#include "explain/backprop.h"
#include "explain/response_common.h"
#include "explain/response_stack.h"

#include "lantern/error.h"

namespace lantern::explain {

namespace {

const std::string kMethod = "clear";

Explanation clear(ExplainContext& ctx)
{
    requireRank(ctx.input, kMethod);
    const DeconvRules rules = parseDeconvRules(ctx.params.text("style"), ctx.params.text("pooling"), kMethod);
    const ChannelReduction reduction = parseChannelReduction(ctx.params.text("channels"), kMethod);
    const std::string& seedMode = ctx.params.text("seed");
    if (seedMode != "logit" && seedMode != "one")
        throw ArgumentError(kMethod + ": parameter seed=" + seedMode + " must be 'logit' or 'one'");
    const int64_t classes = ctx.graph.inferShapes({{ctx.inputName, ctx.input.shape()}}).at(ctx.logits).back();
    return inChunks(ctx, classes, [&](const Tensor& input, double progress0, double progressSpan) {
        Execution ex = forwardForDeconv(ctx, input, {});
        Explanation e;
        e.logits = ex.value(ctx.logits).clone();
        e.targets = resolveTargets(e.logits, ctx.request.target, kMethod);
        const int64_t n = e.logits.dim(0), k = e.logits.dim(1);
        Tensor signal(Shape{k * n, k});
        for (int64_t c = 0; c < k; ++c)
            for (int64_t i = 0; i < n; ++i) {
                const float z = e.logits[i * k + c];
                if (z > 0.f)
                    signal[(c * n + i) * k + c] = seedMode == "one" ? 1.f : z;
            }
        const Tensor r =
            deconvStacked(ctx.graph, ex, ctx.inputName, {{ctx.logits, signal}}, n, rules, ctx.request.cancel, kMethod);
        const Tensor classMaps = gatherSlots(r, 0, k, n);
        std::vector<int64_t> classIds(static_cast<size_t>(n * k));
        for (size_t j = 0; j < classIds.size(); ++j)
            classIds[j] = static_cast<int64_t>(j) % k;
        Tensor dom, level;
        dominant(classMaps, classIds, reduction, ctx.model.inputLayout, dom, level);
        e.map = Tensor(input.shape());
        const int64_t plane = e.map.size() / n;
        for (int64_t i = 0; i < n; ++i)
            std::copy_n(classMaps.data() + (i * k + e.targets[static_cast<size_t>(i)]) * plane, plane,
                        e.map.data() + i * plane);
        e.extra["class_maps"] = classMaps;
        e.extra["dominant_class"] = dom;
        e.extra["level"] = level;
        ctx.progress(progress0 + progressSpan);
        return e;
    });
}

} // namespace

void registerClear(Registry& registry)
{
    registry.add({kMethod,
                  "every class's positive score back-projected with deconvnet rules, with the dominant class and its "
                  "level per pixel: which input regions argue for which class (Kumar et al. 2017)",
                  {{"seed", "logit",
                    "class seed: 'logit' (the class score, Kumar et al.) or 'one'; classes scoring <= 0 "
                    "get none"},
                   {"style", "zeiler-fergus", "'zeiler-fergus' or 'ai4materials' (see attentive-response)"},
                   {"pooling", "auto", "max-pool backward: 'auto' (the style's own), 'switches' or 'nearest'"},
                   {"channels", "each",
                    "dominant class per input element ('each') or on the maps summed over input channels ('sum')"}},
                  false},
                 clear);
}

} // namespace lantern::explain

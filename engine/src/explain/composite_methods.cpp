// composite: the mean, per class, of per-sample normalized maps of any method over many samples (the LRP
// composite of Toms et al. 2020), optionally only over correctly classified samples.
#include "explain/registry.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>

namespace lantern::explain {

namespace {

Explanation composite(ExplainContext& ctx)
{
    const MethodParams& p = ctx.params;
    const std::string inner = p.text("method");
    if (inner == "composite")
        throw ArgumentError("composite: method=composite would never end");
    const std::string normalize = p.text("normalize");
    if (normalize != "absmax" && normalize != "none")
        throw ArgumentError("composite: normalize=" + normalize + " is not absmax or none");
    const bool correctOnly = p.flag("correct_only");
    const std::string group = p.text("group");
    if (group != "target" && group != "label")
        throw ArgumentError("composite: group=" + group + " is not target or label");
    const int64_t n = ctx.input.dim(0);
    const auto& labels = ctx.request.labels;
    if ((correctOnly || group == "label") && static_cast<int64_t>(labels.size()) != n)
        throw ArgumentError("composite: correct_only and group=label need one true label per sample (" +
                            std::to_string(labels.size()) + " labels for " + std::to_string(n) + " samples)");

    ExplainRequest request = ctx.request;
    request.method = inner;
    request.params = p.forwarded();
    request.progress = [&](double f) { ctx.progress(f); };
    const Explanation e = explain(ctx.model, ctx.input, request);

    const int64_t classes = e.logits.dim(1);
    const int64_t per = e.map.size() / n;
    Shape shape = e.map.shape();
    shape[0] = classes;
    Tensor sum(shape), count({classes});
    for (int64_t i = 0; i < n; ++i) {
        const int64_t predicted = std::max_element(e.logits.data() + i * classes, e.logits.data() + (i + 1) * classes) -
                                  (e.logits.data() + i * classes);
        const size_t si = static_cast<size_t>(i);
        if (correctOnly && predicted != labels[si])
            continue;
        const int64_t c = group == "label" ? labels[si] : e.targets[si];
        if (c < 0 || c >= classes)
            throw ArgumentError("composite: label " + std::to_string(c) + " of sample " + std::to_string(i) +
                                " is not a class of the model (" + std::to_string(classes) + " classes)");
        const float* m = e.map.data() + i * per;
        float scale = 1.f;
        if (normalize == "absmax") {
            float mx = 0;
            for (int64_t j = 0; j < per; ++j)
                mx = std::max(mx, std::abs(m[j]));
            scale = mx > 0 ? 1.f / mx : 0.f;
        }
        float* s = sum.data() + c * per;
        for (int64_t j = 0; j < per; ++j)
            s[j] += scale * m[j];
        count[c] += 1;
    }
    for (int64_t c = 0; c < classes; ++c)
        if (count[c] > 0)
            for (int64_t j = 0; j < per; ++j)
                sum[c * per + j] /= count[c];

    Explanation out;
    out.map = sum;
    out.logits = e.logits;
    out.targets = e.targets;
    out.extra["count"] = count;
    out.extra["samples"] = e.map;
    return out;
}

} // namespace

void registerCompositeMethods(Registry& registry)
{
    MethodSpec spec;
    spec.name = "composite";
    spec.perSample = false;
    spec.summary = "Mean map per class over many samples, each normalized to its largest |value| first: what the "
                   "network attends to for a class in general. Result shape (classes, ...); pass parameters to "
                   "the inner method as method.KEY=VALUE.";
    spec.forwardsParams = true;
    spec.usesLayer = true;
    spec.params = {
        {"method", "gradient", "the method whose maps are averaged"},
        {"normalize", "absmax", "absmax (divide each map by its largest |value|) or none"},
        {"correct_only", "false", "only samples whose prediction equals their label (needs labels)"},
        {"group", "target", "target (the explained class) or label (the true class; needs labels)"},
    };
    registry.add(spec, composite);
}

} // namespace lantern::explain

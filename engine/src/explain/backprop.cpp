#include "explain/backprop.h"

#include "lantern/error.h"

#include <algorithm>

namespace lantern::explain {

std::vector<int64_t> resolveTargets(const Tensor& logits, const Target& target, const std::string& method)
{
    if (logits.rank() != 2)
        throw UnsupportedError(method + ": needs class scores of shape (N, K); the model gives " +
                               shapeToString(logits.shape()));
    const int64_t n = logits.dim(0), k = logits.dim(1);
    std::vector<int64_t> targets(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        if (target.classIndex >= 0) {
            if (target.classIndex >= k)
                throw ArgumentError(method + ": target class " + std::to_string(target.classIndex) +
                                    " does not exist (the model has " + std::to_string(k) + " classes)");
            targets[static_cast<size_t>(i)] = target.classIndex;
        } else {
            const float* row = logits.data() + i * k;
            targets[static_cast<size_t>(i)] = std::max_element(row, row + k) - row;
        }
    }
    return targets;
}

Tensor targetSeed(const Tensor& logits, const std::vector<int64_t>& targets, bool scaleByLogit)
{
    Tensor seed(logits.shape());
    const int64_t k = logits.dim(1);
    for (size_t i = 0; i < targets.size(); ++i) {
        const int64_t at = static_cast<int64_t>(i) * k + targets[i];
        seed[at] = scaleByLogit ? logits[at] : 1.f;
    }
    return seed;
}

BackpropResult backprop(ExplainContext& ctx, const Tensor& input, const BackpropOptions& options,
                        const std::vector<int64_t>* fixedTargets)
{
    ctx.checkCancel();
    ForwardOptions fo;
    fo.keepForBackward = true;
    fo.fuse = options.fuse && (options.rules == nullptr || options.rules->empty());
    fo.cancel = ctx.request.cancel;
    fo.substitutes = options.substitutes;
    // values kept or explained must not be fused away
    struct Keep : Observer {
        std::vector<std::string> names;
        bool wants(const std::string& value) const override
        {
            return std::find(names.begin(), names.end(), value) != names.end();
        }
        void onValue(const std::string&, const std::string&, const Tensor&) override {}
    } keep;
    keep.names = options.keep;
    keep.names.push_back(ctx.logits);
    for (const auto& w : options.wanted)
        keep.names.push_back(w);
    fo.observer = &keep;
    Execution ex = ctx.graph.forward({{ctx.inputName, input}}, fo);

    BackpropResult result;
    result.logits = ex.value(ctx.logits).clone();
    result.targets =
        fixedTargets ? *fixedTargets : resolveTargets(result.logits, ctx.request.target, ctx.request.method);
    if (result.targets.size() != static_cast<size_t>(result.logits.dim(0)))
        throw ArgumentError(ctx.request.method + ": " + std::to_string(result.targets.size()) + " targets for " +
                            std::to_string(result.logits.dim(0)) + " samples");
    for (const auto& k : options.keep)
        result.forward[k] = ex.value(k);

    BackwardOptions bo;
    bo.rules = options.rules;
    bo.cancel = ctx.request.cancel;
    bo.wanted = options.wanted.empty() ? std::vector<std::string>{ctx.inputName} : options.wanted;
    result.backward =
        ctx.graph.backward(ex, {{ctx.logits, targetSeed(result.logits, result.targets, options.seedWithLogit)}}, bo);
    return result;
}

} // namespace lantern::explain

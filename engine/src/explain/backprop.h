#pragma once
// Internal: the forward + one-backward-traversal step every gradient- and relevance-type method shares.

#include "explain/registry.h"
#include "lantern/rules.h"

#include <map>
#include <string>
#include <vector>

namespace lantern::explain {

/// Explained class per sample: the argmax of each row of `logits` (N, K), or the requested index (checked).
std::vector<int64_t> resolveTargets(const Tensor& logits, const Target& target, const std::string& method);

/// (N, K) seed for the logits: one-hot at the targets, holding 1 (gradient methods) or the target logit's
/// value (LRP-type methods, the iNNvestigate/Zennit convention).
Tensor targetSeed(const Tensor& logits, const std::vector<int64_t>& targets, bool scaleByLogit);

struct BackpropOptions {
    const RuleSet* rules = nullptr;  ///< nullptr: the true gradient
    bool seedWithLogit = false;      ///< see targetSeed
    std::vector<std::string> wanted; ///< values whose gradient/relevance to return; empty: the input
    std::vector<std::string> keep;   ///< forward values to copy into the result (e.g. a conv layer's output)
    /// Keep producer+Relu fusion. Must be false whenever rules replace the Relu backward (deconvnet, guided
    /// backprop, LRP), since a fused Relu has no node of its own in the backward pass.
    bool fuse = true;
    /// Forward-only op substitutes (ForwardOptions::substitutes), e.g. LRP's canonized layers.
    const std::map<std::string, Op*>* substitutes = nullptr;
};

struct BackpropResult {
    Tensor logits;                          ///< (N, K)
    std::vector<int64_t> targets;           ///< per sample
    std::map<std::string, Tensor> backward; ///< wanted value -> gradient or relevance
    std::map<std::string, Tensor> forward;  ///< kept forward values
};

/// Runs the graph forward on `input` (keeping what backward needs), seeds ctx.logits at the targets
/// (`fixedTargets` when given, else ctx.request.target resolved on this pass) and walks backward once.
BackpropResult backprop(ExplainContext& ctx, const Tensor& input, const BackpropOptions& options,
                        const std::vector<int64_t>* fixedTargets = nullptr);

} // namespace lantern::explain

#pragma once
// Internal (LRP): backward rules that propagate relevance instead of gradients.
//
// Every linear rule uses the gradient trick: z = the (modified) layer applied to the (modified) input,
// s = R_out / stabilize(z), c = the (modified) layer's backward-data of s, R_in = x ⊙ c (or what the rule
// prescribes). Formulas follow iNNvestigate's relevance_rule.py (convention Innvestigate) and Zennit's rules.py
// (convention Zennit); where the two differ (biases, stabilisers, the gamma rule) RuleConfig says which.

#include "lantern/rules.h"

namespace lantern {
class BatchNorm;
}

namespace lantern::explain::lrp {

enum class RuleKind {
    Z,         ///< z = Wx (+b)
    Epsilon,   ///< z = Wx (+b), stabilized by ε·sign(z)
    AlphaBeta, ///< α·(W+x+ + W−x−) − β·(W−x+ + W+x−) parts
    ZPlusFast, ///< W+ on the raw input, no bias (iNNvestigate ZPlusFast)
    Flat,      ///< all weights one, relevance spread uniformly over the receptive field
    WSquare,   ///< weights squared, input ignored
    Box,       ///< zB rule for inputs bounded by [low, high] (no bias)
    Gamma      ///< Zennit's generalized gamma rule: W + γW+ for positive, W + γW− for negative outputs
};

/// Whose conventions a rule follows where the reference tools differ.
enum class Convention {
    Innvestigate, ///< iNNvestigate 1.x / 2.x
    Zennit,       ///< Zennit (current: a BatchNorm merged into a bias-free layer gives a regular bias)
    Zennit051     ///< Zennit <= 0.5.1: a merged bias of a bias-free layer escapes every parameter modification
};

struct RuleConfig {
    RuleKind kind = RuleKind::Z;
    Convention convention = Convention::Innvestigate;
    bool bias = true;
    /// 0: divide safely (only z == 0 is moved by 1e-7, iNNvestigate's SafeDivide); > 0: z + stabilizer·sign(z)
    /// with sign(0) = 1 (the ε rule and Zennit's stabilizer).
    float stabilizer = 0.f;
    float alpha = 1.f, beta = 0.f;
    float low = -1.f, high = 1.f; ///< Box
    float gamma = 0.25f;          ///< Gamma
};

/// The rule for a Conv2D or Gemm node, with `bn` (may be nullptr) merged into it.
std::shared_ptr<const BackwardRule> linearRule(const RuleConfig& config, BatchNorm* bn);
/// Relevance passes unchanged (elementwise activations, a BatchNorm merged into the layer before it, and every
/// BatchNorm under Zennit's conventions).
std::shared_ptr<const BackwardRule> passThroughRule();
/// The z rule through the op's own backward: R_in = x ⊙ backward(R / stabilize(y)). For average pooling, residual
/// sums and affine ops such as an un-merged BatchNorm (iNNvestigate). `stabilizer` as in RuleConfig (Zennit's
/// Norm rule: 1e-6).
std::shared_ptr<const BackwardRule> zThroughOpRule(float stabilizer = 0.f);

} // namespace lantern::explain::lrp

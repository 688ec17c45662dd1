#pragma once
// Internal (LRP): backward rules that propagate relevance instead of gradients.
//
// Every linear rule uses the gradient trick: z = the (modified) layer applied to the (modified) input,
// s = R_out / stabilize(z), c = the (modified) layer's backward-data of s, R_in = x ⊙ c (or what the rule
// prescribes). Formulas follow iNNvestigate's relevance_rule.py (and Zennit's rules where noted).

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
    WSquare,   ///< weights squared, no bias, input ignored
    Box,       ///< zB rule for inputs bounded by [low, high] (no bias)
    Gamma      ///< W + γW+ (and b + γb+)
};

struct RuleConfig {
    RuleKind kind = RuleKind::Z;
    bool bias = true;
    /// 0: divide safely (only z == 0 is moved by 1e-7, iNNvestigate's SafeDivide); > 0: z + stabilizer·sign(z)
    /// with sign(0) = 1 (the ε rule and Zennit's stabilizer).
    float stabilizer = 0.f;
    float alpha = 1.f, beta = 0.f;
    /// AlphaBeta with bias: iNNvestigate adds the sign-clipped bias on the paths of both input signs; Zennit only on
    /// the path of the positive inputs.
    bool biasOnNegativeInputs = true;
    float low = -1.f, high = 1.f; ///< Box
    float gamma = 0.25f;          ///< Gamma
};

/// The rule for a Conv2D or Gemm node, with `bn` (may be nullptr) merged into it.
std::shared_ptr<const BackwardRule> linearRule(const RuleConfig& config, BatchNorm* bn);
/// Relevance passes unchanged (ReLU, a BatchNorm merged into the layer before it).
std::shared_ptr<const BackwardRule> passThroughRule();
/// The z rule through the op's own backward: R_in = x ⊙ backward(R / y). For average pooling and affine ops
/// such as an un-merged BatchNorm.
std::shared_ptr<const BackwardRule> zThroughOpRule();

} // namespace lantern::explain::lrp

#pragma once
// Internal (LRP): the linear layers LRP rules work on. A Conv2D or Gemm node, optionally merged with the
// inference-mode BatchNorm that follows it (W' = s·W, b' = s·(b − mean) + beta with s = gamma/sqrt(var + eps)),
// and temporary copies of it with modified weights (W+, W−, W², ones, W + γW+), with or without bias.
//
// The temporary ops are built once per (node op, variant) and kept in a process-wide cache, so repeated
// explanations reuse their oneDNN primitives. An entry is valid while the op's weights (and the BatchNorm's
// parameters) keep their storage and versions; the user's model is never modified.

#include "lantern/op.h"
#include "lantern/tensor.h"

#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace lantern {
class BatchNorm;
}

namespace lantern::explain::lrp {

/// How a rule modifies the weights: as they are, their positive or negative part, squared, all ones, or Zennit's
/// gamma variants W + γW⁺ (GammaUp) and W + γW⁻ (GammaDown).
enum class WeightMod { Plain, Positive, Negative, Square, Ones, GammaUp, GammaDown };

/// Which bias a modified layer adds: none, the bias modified like the weights (b⁺ for W⁺, b² for W², b + γb⁺ for
/// GammaUp, zero for Ones), or the full (unmodified) bias whatever the weights are.
enum class BiasKind { None, Modified, Full };

/// Runs an op forward on one input (inference semantics).
Tensor runForward(Op& op, const Tensor& x);
/// The op's backward with respect to its first input for the upstream signal `gy` (x gives the shapes).
Tensor runBackwardData(Op& op, const Tensor& x, const Tensor& gy);

class LinearLayer {
public:
    /// `op` is a Conv2D or Gemm; `bn` (may be nullptr) the BatchNorm merged into it.
    LinearLayer(Op& op, BatchNorm* bn);

    bool isConv() const { return m_conv; }
    bool merged() const { return m_bn != nullptr; }
    bool hasBias() const { return !m_bias.isEmpty(); }
    /// The layer had no bias of its own and got one by merging a BatchNorm (Zennit ≤ 0.5.1 keeps such a bias out
    /// of its rules' parameter modifications).
    bool mergedBiasOnly() const { return m_mergedBiasOnly; }
    /// The op to run for a weight modification with the given bias. Plain with the full bias and no merge is the
    /// user's op itself.
    Op& op(WeightMod mod, BiasKind bias, float gamma = 0.f);
    /// Is this entry still describing `op` and `bn` as they are now?
    bool valid(Op& op, BatchNorm* bn) const;

private:
    Tensor modify(const Tensor& t, WeightMod mod, float gamma, bool isBias) const;
    bool m_mergedBiasOnly = false;

    Op& m_op;
    BatchNorm* m_bn;
    bool m_conv;
    Tensor m_weight;                                        ///< effective (merged) weight
    Tensor m_bias;                                          ///< effective bias, empty when none
    std::vector<std::pair<const float*, uint64_t>> m_stamp; ///< storage and version of every source tensor
    std::vector<Tensor> m_keepAlive;                        ///< views keeping the source storage alive
    std::map<std::tuple<int, int, float>, std::unique_ptr<Op>> m_variants;
    std::mutex m_mutex;
};

/// The cached LinearLayer for a node's op (and merged BatchNorm), rebuilt when the weights changed.
std::shared_ptr<LinearLayer> linearLayer(Op& op, BatchNorm* bn);

} // namespace lantern::explain::lrp

#pragma once
// Internal (LRP): a MatMul whose second operand is a constant (K, M) matrix, optionally followed by an Add of a
// constant bias of M values. That is how exporters write a dense layer on inputs of rank > 2 (and how some
// ONNX files write every dense layer). LRP explains it as the dense layer it is: the linear rules run on an
// equivalent Gemm (weights K x M, the bias merged) over the rows of the input, and the merged Add passes
// relevance through.

#include "explain/lrp_rules.h"

#include "lantern/graph.h"

namespace lantern::explain::lrp {

/// Is `n` a MatMul whose second operand comes from a Constant node holding a (K, M) matrix?
bool isConstantMatMul(const Graph& graph, const Node& n);
/// The Add node merged into constant MatMul `n` as its bias: the only reader of the MatMul's output (which is no
/// graph output), adding a Constant of M values broadcast over the rows. nullptr when there is none.
const Node* mergedBiasAdd(const Graph& graph, const Node& n);
/// The linear rule for constant MatMul `n` (with its merged bias Add, if any).
std::shared_ptr<const BackwardRule> matMulRule(const Graph& graph, const Node& n, const RuleConfig& config);
/// For a merged bias Add: relevance passes to the MatMul operand unchanged, none to the constant.
std::shared_ptr<const BackwardRule> mergedBiasRule();

} // namespace lantern::explain::lrp

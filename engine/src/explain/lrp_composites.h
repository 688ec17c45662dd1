#pragma once
// Internal (LRP): which rule each node of a graph gets. A plan names the rule for dense layers (Gemm), for
// convolutions (Conv2D) and optionally for the input layer (the linear layers the input reaches through
// layout-only ops), like iNNvestigate's conditional rules and Zennit's composites.
//
// Fixed choices: ReLU passes relevance unchanged; max pooling routes it to the winner (its gradient); average
// pooling uses the z rule (or its gradient for deep Taylor); Flatten/Reshape/Transpose/Identity/Dropout keep
// their (index-moving) gradient. A BatchNorm whose input comes only from a Conv2D or Gemm is merged into that
// layer: the layer's rule sees W' = s·W, b' = s·(b − mean) + beta (temporary copies, the model is untouched)
// and the BatchNorm passes relevance through; any other BatchNorm uses the z rule as an affine layer.

#include "explain/lrp_rules.h"

#include "lantern/graph.h"

#include <optional>
#include <string>

namespace lantern::explain::lrp {

struct Plan {
    RuleConfig dense;
    RuleConfig conv;
    std::optional<RuleConfig> input; ///< rule of the input layer(s), when it differs
    bool avgPoolGradient = false;    ///< deep Taylor: average pooling by its gradient
};

RuleSet buildRules(Graph& graph, const std::string& inputName, const Plan& plan);

} // namespace lantern::explain::lrp

#pragma once
// Internal (LRP): which rule each node of a graph gets. A plan names the rule for dense layers (Gemm), for
// convolutions (Conv2D) and optionally for the input layer (the linear layers the input reaches through
// layout-only ops), like iNNvestigate's conditional rules and Zennit's composites.
//
// Fixed choices (both tools agree): every elementwise activation (ReLU, LeakyReLU, ELU, Tanh, Sigmoid, Softplus,
// GELU, ...) passes relevance unchanged; max pooling routes it to the winner (its gradient);
// Flatten/Reshape/Transpose/Identity/Dropout keep their (index-moving) gradient. A BatchNorm whose input comes
// only from a Conv2D or Gemm is merged into that layer: the layer's rule sees W' = s·W, b' = s·(b − mean) + beta
// (temporary copies, the model is untouched) and the BatchNorm passes relevance through.
//
// Where the tools differ, the plan's `layerMap` decides: average pooling and residual sums use the z rule with
// iNNvestigate's safe division (Innvestigate) or Zennit's Norm rule with its 1e-6 stabiliser; any other
// BatchNorm is an affine layer under the z rule (iNNvestigate) or passes relevance unchanged (Zennit's
// layer_map_base); the input rule applies to every linear layer the input reaches (iNNvestigate) or to the first
// convolution only (Zennit's SpecialFirstLayerMapComposite).

#include "explain/lrp_rules.h"

#include "lantern/graph.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace lantern::explain::lrp {

struct Plan {
    RuleConfig dense;
    RuleConfig conv;
    std::optional<RuleConfig> input; ///< rule of the input layer(s), when it differs
    bool avgPoolGradient = false;    ///< deep Taylor: average pooling by its gradient
    Convention layerMap = Convention::Innvestigate;
};

/// The rules of a plan, and the canonized forward pass they explain: every linear node with a merged BatchNorm
/// runs forward with the merged weights and that BatchNorm as an identity (as Zennit's canonizers change the
/// model), so the activations the rules read are the merged layer's own.
struct Rules {
    RuleSet rules;
    std::map<std::string, Op*> substitutes;       ///< for ForwardOptions::substitutes
    std::vector<std::shared_ptr<void>> keepAlive; ///< owners of the substitute ops
};

Rules buildRules(Graph& graph, const std::string& inputName, const Plan& plan);

} // namespace lantern::explain::lrp

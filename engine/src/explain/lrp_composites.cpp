#include "explain/lrp_composites.h"

#include "explain/lrp_linear.h"
#include "explain/lrp_matmul.h"

#include "lantern/error.h"

#include "lantern/ops/batch_norm.h"
#include "lantern/ops/identity.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace lantern::explain::lrp {

namespace {

bool isLinear(const std::string& type)
{
    return type == "Conv2D" || type == "Gemm";
}

/// Conv2D, Gemm, or a MatMul by a constant matrix (a dense layer in another form).
bool isLinearNode(const Graph& graph, const Node& n)
{
    return isLinear(n.op->type()) || isConstantMatMul(graph, n);
}

/// Linear nodes the input reaches through ops that only move values around (iNNvestigate's input layers).
std::set<std::string> inputLayers(const Graph& graph, const std::string& inputName)
{
    static const std::set<std::string> layoutOnly = {"Transpose", "Reshape", "Flatten", "Identity", "Dropout"};
    std::set<std::string> found;
    std::deque<std::string> values{inputName};
    std::set<std::string> seen;
    while (!values.empty()) {
        const std::string v = values.front();
        values.pop_front();
        if (!seen.insert(v).second)
            continue;
        for (const Node* n : graph.consumers(v)) {
            const std::string type = n->op->type();
            if (isLinearNode(graph, *n))
                found.insert(n->name);
            else if (layoutOnly.count(type))
                for (const auto& out : n->outputs)
                    values.push_back(out);
        }
    }
    return found;
}

/// The BatchNorm node merged into linear node `n`: the only reader of its output, which is no graph output.
const Node* mergedBatchNorm(const Graph& graph, const Node& n)
{
    if (!isLinear(n.op->type()))
        return nullptr;
    const std::string& out = n.outputs.at(0);
    const auto readers = graph.consumers(out);
    const auto& outputs = graph.outputNames();
    if (readers.size() != 1 || readers.front()->op->type() != "BatchNorm" ||
        std::find(outputs.begin(), outputs.end(), out) != outputs.end())
        return nullptr;
    return readers.front();
}

/// The first Conv2D the input reaches in topological order (Zennit's first-layer map matches convolutions only).
std::set<std::string> firstConvolution(const Graph& graph, const std::string& inputName)
{
    for (const std::string& name : inputLayers(graph, inputName))
        if (graph.node(name).op->type() == "Conv2D")
            return {name};
    for (const Node& n : graph.nodes())
        if (n.op->type() == "Conv2D")
            return {n.name};
    return {};
}

} // namespace

Rules buildRules(Graph& graph, const std::string& inputName, const Plan& plan)
{
    Rules built;
    RuleSet& rules = built.rules;
    const bool zennit = plan.layerMap != Convention::Innvestigate;
    const auto pass = passThroughRule();
    const auto zOp = zThroughOpRule(zennit ? 1e-6f : 0.f);
    if (!plan.avgPoolGradient) {
        rules.setForType("AvgPool2D", zOp);
        rules.setForType("GlobalAvgPool", zOp);
    }
    std::set<std::string> first;
    if (plan.input)
        first = zennit ? firstConvolution(graph, inputName) : inputLayers(graph, inputName);

    // Ops whose plain gradient is also the right relevance flow (routing, reshaping, winner-takes-all pooling,
    // the bypassed final softmax). Anything else without an LRP rule would silently give a gradient there.
    static const std::set<std::string> gradientIsRelevance = {
        "MaxPool2D", "GlobalMaxPool", "Flatten", "Reshape",    "Transpose", "Identity",  "Dropout",
        "Concat",    "Pad",           "Softmax", "LogSoftmax", "Constant",  "AvgPool2D", "GlobalAvgPool"};
    std::map<std::string, std::vector<std::string>> unsupported;
    for (const Node& n : graph.nodes()) {
        const std::string type = n.op->type();
        if (n.op->isActivation()) {
            rules.setForNode(n.name, pass);
            continue;
        }
        if (!isLinearNode(graph, n) && type != "BatchNorm" && type != "Add" && !gradientIsRelevance.count(type))
            unsupported[type == "MatMul" ? "MatMul of two activations" : type].push_back(n.name);
    }
    if (!unsupported.empty()) {
        std::string list;
        for (const auto& [type, names] : unsupported) {
            list += (list.empty() ? "" : "; ") + type + " (";
            for (size_t i = 0; i < names.size(); ++i)
                list += (i ? ", '" : "'") + names[i] + "'";
            list += ")";
        }
        throw UnsupportedError("LRP has no relevance rule for these ops: " + list +
                               ". Use a gradient-type method, or a model whose dense layers are Gemm/Conv2D");
    }

    // Bias Adds merged into a constant MatMul pass relevance through; any other Add (a residual connection)
    // shares it in proportion to the summands (the z rule): R_a = a / (a + b) · R.
    std::set<const Node*> mergedAdds;
    for (const Node& n : graph.nodes())
        if (const Node* add = mergedBiasAdd(graph, n))
            mergedAdds.insert(add);
    for (Node& n : graph.nodes()) {
        const std::string type = n.op->type();
        if (type == "Add") {
            rules.setForNode(n.name, mergedAdds.count(&n) ? mergedBiasRule() : zOp);
            continue;
        }
        if (type == "MatMul") {
            const RuleConfig& config = first.count(n.name) ? *plan.input : plan.dense;
            rules.setForNode(n.name, matMulRule(graph, n, config));
            continue;
        }
        if (type == "BatchNorm") {
            const Node* producer = graph.producer(n.inputs.at(0));
            const bool merged = producer && mergedBatchNorm(graph, *producer) == &n;
            rules.setForNode(n.name, merged || zennit ? pass : zOp);
            continue;
        }
        if (!isLinear(type))
            continue;
        const Node* bnNode = mergedBatchNorm(graph, n);
        BatchNorm* bn = bnNode ? static_cast<BatchNorm*>(bnNode->op.get()) : nullptr;
        const RuleConfig& config = first.count(n.name) ? *plan.input : (type == "Gemm" ? plan.dense : plan.conv);
        rules.setForNode(n.name, linearRule(config, bn));
        if (bn) {
            auto layer = linearLayer(*n.op, bn);
            built.substitutes[n.name] = &layer->op(WeightMod::Plain, BiasKind::Full);
            auto identity = std::make_shared<Identity>();
            built.substitutes[bnNode->name] = identity.get();
            built.keepAlive.push_back(layer);
            built.keepAlive.push_back(identity);
        }
    }
    return built;
}

} // namespace lantern::explain::lrp

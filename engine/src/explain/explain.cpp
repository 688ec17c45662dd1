#include "explain/registry.h"

#include "lantern/data/input_fit.h"
#include "lantern/error.h"

namespace lantern::explain {

Explanation explain(Model& model, const Tensor& input, const ExplainRequest& request)
{
    const MethodFn* fn = nullptr;
    const MethodSpec& spec = method(request.method);
    for (const auto& [s, f] : registry().entries())
        if (s.name == spec.name)
            fn = &f;
    const MethodParams params(spec, request.params);
    Graph& graph = model.graph;
    if (graph.inputNames().size() != 1)
        throw UnsupportedError(request.method + ": explanations need a model with one input (this one has " +
                               std::to_string(graph.inputNames().size()) + ")");
    if (!request.layer.empty() && !spec.usesLayer)
        throw ArgumentError("method '" + spec.name + "' takes no layer");
    if (!request.layer.empty() && !graph.hasNode(request.layer))
        throw ArgumentError(request.method + ": the model has no layer named '" + request.layer + "'");
    const std::string inputName = graph.inputNames().front();
    const Tensor fitted = data::fitToModelInput(input, graph.inputShape(inputName), "explain input");
    const std::string logits = model.logits.empty() ? graph.outputNames().front() : model.logits;
    ExplainContext ctx{model, graph, fitted, inputName, logits, params, request};
    Explanation e = (*fn)(ctx);
    e.method = spec.name;
    return e;
}

} // namespace lantern::explain

#include "lantern/model.h"

#include "lantern/error.h"
#include "lantern/ops/log_softmax.h"
#include "lantern/ops/softmax.h"

#include <optional>

namespace lantern {

namespace {

/// Axis of a Softmax/LogSoftmax op, or nullopt for any other op.
std::optional<int> softmaxAxis(const Op& op)
{
    if (auto* s = dynamic_cast<const Softmax*>(&op))
        return s->params().axis;
    if (auto* l = dynamic_cast<const LogSoftmax*>(&op))
        return l->params().axis;
    return std::nullopt;
}

} // namespace

void Model::detectFinalSoftmax()
{
    finalSoftmax.clear();
    logits.clear();
    const auto& outputs = graph.outputNames();
    if (outputs.empty())
        return;
    logits = outputs.front();
    if (outputs.size() != 1)
        return;
    const Node* last = graph.producer(outputs.front());
    if (!last || last->inputs.size() != 1)
        return;
    auto axis = softmaxAxis(*last->op);
    if (!axis)
        return;
    // Only a softmax over the last axis is a classifier head; others are part of the model.
    auto shapes = graph.inferShapes();
    const auto& shape = shapes.at(outputs.front());
    const int rank = static_cast<int>(shape.size());
    if (*axis != -1 && *axis != rank - 1)
        return;
    if (graph.consumers(last->inputs.front()).size() != 1)
        return;
    finalSoftmax = last->name;
    logits = last->inputs.front();
}

void Model::removeFinalSoftmax()
{
    if (finalSoftmax.empty())
        return;
    std::string input = graph.node(finalSoftmax).inputs.front();
    graph.setOutputs({input});
    graph.removeNode(finalSoftmax);
    finalSoftmax.clear();
    logits = input;
}

} // namespace lantern

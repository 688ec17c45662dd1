// lantern-cli inspect MODEL: the layers of a model (name, op, output shape, parameters) and totals.
#include "commands.h"
#include "model_args.h"

#include "lantern/data/input_fit.h"
#include "lantern/models/presets.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace lantern::cli {

namespace {

struct InspectOptions {
    ModelArgs model;
    bool json = false;
};

/// Output shapes with dimensions that follow the batch size shown as -1.
std::map<std::string, Shape> symbolicShapes(const Graph& graph)
{
    std::map<std::string, Shape> one, two;
    for (const auto& name : graph.inputNames()) {
        Shape s1 = graph.inputShape(name), s2 = s1;
        if (!s1.empty() && s1[0] < 0) {
            s1[0] = 1;
            s2[0] = 2;
        }
        one[name] = s1;
        two[name] = s2;
    }
    auto a = graph.inferShapes(one);
    auto b = graph.inferShapes(two);
    for (auto& [value, shape] : a) {
        const Shape& other = b.at(value);
        for (size_t i = 0; i < shape.size() && i < other.size(); ++i)
            if (shape[i] != other[i])
                shape[i] = -1;
    }
    return a;
}

int64_t paramCount(Op& op, bool trainable)
{
    int64_t n = 0;
    for (auto* p : op.parameters())
        if (p->trainable == trainable)
            n += p->value.size();
    return n;
}

void run(const InspectOptions& o)
{
    Model model = loadModelFromArgs(o.model);
    Graph& graph = model.graph;
    const auto shapes = symbolicShapes(graph);
    int64_t trainable = 0, buffers = 0;
    double flops = 0;
    if (graph.inputNames().size() == 1) {
        Shape in = graph.inputShape(graph.inputNames().front());
        for (auto& d : in)
            d = d < 0 ? 1 : d;
        flops = models::forwardFlops(graph, in);
    }

    nlohmann::ordered_json j;
    j["model"] = model.source;
    j["format"] = model.format;
    j["name"] = model.name;
    j["input_layout"] = model.inputLayout;
    for (const auto& name : graph.inputNames())
        j["inputs"].push_back({{"name", name}, {"shape", graph.inputShape(name)}});
    for (const auto& name : graph.outputNames())
        j["outputs"].push_back({{"name", name}, {"shape", shapes.at(name)}});
    j["logits"] = model.logits;
    j["final_softmax"] = model.finalSoftmax;
    j["layers"] = nlohmann::ordered_json::array();
    for (auto& node : graph.nodes()) {
        const int64_t t = paramCount(*node.op, true), b = paramCount(*node.op, false);
        trainable += t;
        buffers += b;
        nlohmann::ordered_json layer{{"name", node.name}, {"op", node.op->type()}};
        layer["inputs"] = node.inputs;
        layer["outputs"] = node.outputs;
        layer["output_shape"] = node.outputs.empty() ? Shape{} : shapes.at(node.outputs.front());
        layer["parameters"] = t;
        layer["buffers"] = b;
        layer["attributes"] = node.op->describe();
        j["layers"].push_back(layer);
    }
    j["notes"] = model.notes;
    j["totals"] = {{"layers", graph.nodes().size()},
                   {"parameters", trainable},
                   {"buffers", buffers},
                   {"forward_flops_per_sample", flops}};
    if (o.json) {
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }

    std::printf("model   %s (%s%s%s)\n", model.source.c_str(), model.format.c_str(), model.name.empty() ? "" : ", ",
                model.name.c_str());
    for (const auto& name : graph.inputNames())
        std::printf("input   %s %s %s\n", name.c_str(), data::modelShapeToString(graph.inputShape(name)).c_str(),
                    model.inputLayout.c_str());
    for (const auto& name : graph.outputNames())
        std::printf("output  %s %s%s\n", name.c_str(), data::modelShapeToString(shapes.at(name)).c_str(),
                    model.finalSoftmax.empty()
                        ? ""
                        : ("  (after softmax '" + model.finalSoftmax + "'; logits: '" + model.logits + "')").c_str());
    size_t nameWidth = 4, opWidth = 2, shapeWidth = 12;
    std::vector<std::string> shapeText;
    for (const auto& node : graph.nodes()) {
        nameWidth = std::max(nameWidth, node.name.size());
        opWidth = std::max(opWidth, node.op->type().size());
        shapeText.push_back(node.outputs.empty() ? "-" : data::modelShapeToString(shapes.at(node.outputs.front())));
        shapeWidth = std::max(shapeWidth, shapeText.back().size());
    }
    std::printf("\n%-*s  %-*s  %-*s  %10s  %s\n", static_cast<int>(nameWidth), "name", static_cast<int>(opWidth), "op",
                static_cast<int>(shapeWidth), "output shape", "parameters", "attributes");
    size_t i = 0;
    for (auto& node : graph.nodes()) {
        std::printf("%-*s  %-*s  %-*s  %10lld  %s\n", static_cast<int>(nameWidth), node.name.c_str(),
                    static_cast<int>(opWidth), node.op->type().c_str(), static_cast<int>(shapeWidth),
                    shapeText[i++].c_str(), static_cast<long long>(paramCount(*node.op, true)),
                    node.op->describe().c_str());
    }
    std::printf("\n%zu layers, %lld parameters", graph.nodes().size(), static_cast<long long>(trainable));
    if (buffers)
        std::printf(" (+%lld in buffers)", static_cast<long long>(buffers));
    if (flops > 0)
        std::printf(", %.2f MFLOP per sample (conv and dense)", flops / 1e6);
    std::printf("\n");
    for (const auto& note : model.notes)
        std::printf("note: %s\n", note.c_str());
}

} // namespace

void addInspectCommand(CLI::App& app)
{
    auto opts = std::make_shared<InspectOptions>();
    auto* cmd = app.add_subcommand("inspect", "List the layers of a model: name, op, output shape, parameters");
    addModelOptions(cmd, opts->model, true);
    cmd->add_flag("--json", opts->json, "Print JSON for scripts instead of a table");
    cmd->callback([opts] { run(*opts); });
}

} // namespace lantern::cli

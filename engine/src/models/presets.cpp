#include "lantern/models/presets.h"

#include "lantern/error.h"
#include "lantern/ops/batch_norm.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/dropout.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/ops/relu.h"

#include <cmath>
#include <random>

namespace lantern::models {

namespace {

std::unique_ptr<Conv2D> conv(int64_t in, int64_t out, int64_t k)
{
    Conv2DParams p;
    p.inChannels = in;
    p.outChannels = out;
    p.kernelH = p.kernelW = k;
    p.padTop = p.padLeft = p.padBottom = p.padRight = k / 2;
    return std::make_unique<Conv2D>(p);
}

std::unique_ptr<MaxPool2D> pool2()
{
    return std::make_unique<MaxPool2D>(MaxPool2DParams{});
}

/// Appends nodes in sequence; each reads the previous value.
class Chain {
public:
    Chain(Graph& g, std::string input) : m_graph(g), m_last(std::move(input)) {}
    Chain& add(const std::string& name, std::unique_ptr<Op> op)
    {
        m_graph.addNode(name, std::move(op), {m_last});
        m_last = name;
        return *this;
    }
    const std::string& last() const { return m_last; }

private:
    Graph& m_graph;
    std::string m_last;
};

Graph fmnistCnn()
{
    Graph g;
    g.addInput("input", {-1, 1, 28, 28});
    Chain c(g, "input");
    c.add("conv1", conv(1, 16, 5)).add("relu1", std::make_unique<Relu>()).add("pool1", pool2());
    c.add("conv2", conv(16, 32, 5)).add("relu2", std::make_unique<Relu>()).add("pool2", pool2());
    c.add("flatten", std::make_unique<Flatten>());
    c.add("fc1", Gemm::dense(1568, 128)).add("relu3", std::make_unique<Relu>()).add("fc2", Gemm::dense(128, 10));
    g.addOutput(c.last());
    return g;
}

Graph zilettiCnn()
{
    Graph g;
    g.addInput("input", {-1, 3, 64, 64});
    Chain c(g, "input");
    c.add("conv1", conv(3, 32, 7)).add("relu1", std::make_unique<Relu>());
    c.add("conv2", conv(32, 32, 7)).add("relu2", std::make_unique<Relu>()).add("pool1", pool2());
    c.add("conv3", conv(32, 16, 7)).add("relu3", std::make_unique<Relu>());
    c.add("conv4", conv(16, 16, 7)).add("relu4", std::make_unique<Relu>()).add("pool2", pool2());
    c.add("conv5", conv(16, 8, 7)).add("relu5", std::make_unique<Relu>());
    c.add("conv6", conv(8, 8, 7)).add("relu6", std::make_unique<Relu>());
    c.add("flatten", std::make_unique<Flatten>());
    c.add("dropout", std::make_unique<Dropout>(DropoutParams{0.25f})); // the paper's Dropout(0.25); identity at inference
    c.add("fc1", Gemm::dense(2048, 128)).add("relu7", std::make_unique<Relu>());
    BatchNormParams bn;
    bn.numFeatures = 128;
    bn.epsilon = 1e-5f;
    c.add("bn", std::make_unique<BatchNorm>(bn)).add("fc2", Gemm::dense(128, 7));
    g.addOutput(c.last());
    return g;
}

/// "mlp-16380-8-8-2": dense layers fc1, fc2, ... with ReLU between (relu1, ...), input (N, 16380), 2 logits.
Graph mlp(const std::string& name)
{
    std::vector<int64_t> sizes;
    size_t pos = 4;
    while (pos <= name.size()) {
        const size_t dash = name.find('-', pos);
        const std::string item = name.substr(pos, dash == std::string::npos ? std::string::npos : dash - pos);
        size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || v < 1 || v > (1 << 26))
            throw ArgumentError("preset '" + name + "': '" + item +
                                "' is not a layer size (mlp-INPUTS-HIDDEN...-OUTPUTS, e.g. mlp-16380-8-8-2)");
        sizes.push_back(v);
        if (dash == std::string::npos)
            break;
        pos = dash + 1;
    }
    if (sizes.size() < 2)
        throw ArgumentError("preset '" + name + "': needs at least inputs and outputs (mlp-16380-8-8-2)");
    Graph g;
    g.addInput("input", {-1, sizes[0]});
    Chain c(g, "input");
    for (size_t i = 1; i < sizes.size(); ++i) {
        c.add("fc" + std::to_string(i), Gemm::dense(sizes[i - 1], sizes[i]));
        if (i + 1 < sizes.size())
            c.add("relu" + std::to_string(i), std::make_unique<Relu>());
    }
    g.addOutput(c.last());
    return g;
}

} // namespace

std::vector<std::string> presetNames()
{
    return {"fmnist-cnn", "ziletti-cnn", "mlp-IN-H1-...-OUT"};
}

Graph buildPreset(const std::string& name, uint64_t seed)
{
    Graph g;
    if (name == "fmnist-cnn")
        g = fmnistCnn();
    else if (name == "ziletti-cnn")
        g = zilettiCnn();
    else if (name.rfind("mlp-", 0) == 0)
        g = mlp(name);
    else
        throw ArgumentError("unknown preset '" + name +
                            "' (available: fmnist-cnn, ziletti-cnn, mlp-INPUTS-HIDDEN...-OUTPUTS)");
    g.validate();
    initializeKaiming(g, seed);
    return g;
}

void initializeKaiming(Graph& graph, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    for (Node& n : graph.nodes()) {
        Parameter* weight = nullptr;
        Parameter* bias = nullptr;
        double fanIn = 0;
        if (auto* c = dynamic_cast<Conv2D*>(n.op.get())) {
            weight = &c->weight();
            bias = c->bias();
            fanIn = double(c->weight().value.size()) / double(c->params().outChannels);
        } else if (auto* d = dynamic_cast<Gemm*>(n.op.get())) {
            weight = &d->weight();
            bias = d->bias();
            fanIn = double(d->params().inFeatures);
        }
        if (!weight)
            continue;
        std::normal_distribution<float> dist(0.f, static_cast<float>(std::sqrt(2.0 / fanIn)));
        for (float& v : weight->value.values())
            v = dist(rng);
        weight->markModified();
        if (bias) {
            bias->value.fill(0.f);
            bias->markModified();
        }
    }
}

void loadStateDict(Graph& graph, const std::map<std::string, Tensor>& state,
                   const std::vector<std::string>& ignoredSuffixes)
{
    std::string problems;
    std::map<std::string, bool> used;
    for (const auto& [key, t] : state)
        used[key] = false;
    for (auto& [name, p] : graph.parameters()) {
        auto it = state.find(name);
        if (it == state.end()) {
            problems += "\n  missing: " + name + " " + shapeToString(p->value.shape());
            continue;
        }
        used[name] = true;
        if (it->second.size() != p->value.size()) {
            problems += "\n  shape mismatch: " + name + " is " + shapeToString(p->value.shape()) + ", file has " +
                        shapeToString(it->second.shape());
            continue;
        }
        p->value.copyFrom(it->second);
        p->markModified();
    }
    for (const auto& [key, wasUsed] : used) {
        if (wasUsed)
            continue;
        bool ignored = false;
        for (const auto& suffix : ignoredSuffixes)
            ignored = ignored || (key.size() >= suffix.size() &&
                                  key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0);
        if (!ignored)
            problems += "\n  unexpected: " + key;
    }
    if (!problems.empty())
        throw ArgumentError("state dict does not fit the model:" + problems);
}

std::map<std::string, Tensor> stateDict(Graph& graph)
{
    std::map<std::string, Tensor> out;
    for (auto& [name, p] : graph.parameters())
        out[name] = p->value.clone();
    return out;
}

std::vector<std::pair<std::string, double>> nodeFlops(const Graph& graph, const Shape& inputShape)
{
    const auto shapes = graph.inferShapes({{graph.inputNames().at(0), inputShape}});
    std::vector<std::pair<std::string, double>> flops;
    for (const Node& n : graph.nodes()) {
        if (auto* c = dynamic_cast<const Conv2D*>(n.op.get())) {
            const Shape& out = shapes.at(n.outputs[0]);
            flops.emplace_back(n.name, 2.0 * double(shapeSize(out)) *
                                           double(c->weight().value.size() / c->params().outChannels));
        } else if (auto* d = dynamic_cast<const Gemm*>(n.op.get())) {
            const Shape& out = shapes.at(n.outputs[0]);
            flops.emplace_back(n.name, 2.0 * double(shapeSize(out)) * double(d->params().inFeatures));
        }
    }
    return flops;
}

double forwardFlops(const Graph& graph, const Shape& inputShape)
{
    double total = 0;
    for (const auto& [name, f] : nodeFlops(graph, inputShape))
        total += f;
    return total;
}

} // namespace lantern::models

#include "formats/keras_builder.h"

#include "lantern/error.h"
#include "lantern/ops/elu.h"
#include "lantern/ops/gelu.h"
#include "lantern/ops/identity.h"
#include "lantern/ops/relu.h"
#include "lantern/ops/sigmoid.h"
#include "lantern/ops/softmax.h"
#include "lantern/ops/softplus.h"
#include "lantern/ops/tanh.h"
#include "lantern/ops/transpose.h"

namespace lantern::formats::keras {

GraphBuilder::GraphBuilder(Graph& graph, ImportContext& context, WeightSource& weights)
    : m_graph(graph), m_context(context), m_weights(weights)
{}

void GraphBuilder::reserve(const std::vector<std::string>& names)
{
    m_reserved.insert(names.begin(), names.end());
}

KValue GraphBuilder::addInput(const std::string& name, const Shape& shape)
{
    m_graph.addInput(name, shape);
    Shape s = shape;
    for (auto& d : s)
        if (d < 0)
            d = 1;
    m_shapes[name] = s;
    return {name, false};
}

Shape GraphBuilder::kerasShape(const KValue& v) const
{
    const Shape& s = shape(v.value);
    if (!v.nchwView)
        return s;
    return {s[0], s[2], s[3], s[1]};
}

std::string GraphBuilder::freeName(const std::string& base) const
{
    auto taken = [&](const std::string& n) { return m_shapes.count(n) || m_graph.hasNode(n) || m_reserved.count(n); };
    if (!taken(base))
        return base;
    for (int i = 1;; ++i) {
        std::string candidate = base + "_" + std::to_string(i);
        if (!taken(candidate))
            return candidate;
    }
}

std::string GraphBuilder::add(const LayerConfig& layer, const std::string& nodeName, std::unique_ptr<Op> op,
                              std::vector<std::string> inputs)
{
    // The layer's own node keeps the Keras name; helper nodes take a free
    // variant.
    const bool own = nodeName == layer.name() && !m_shapes.count(nodeName) && !m_graph.hasNode(nodeName);
    const std::string name = own ? nodeName : freeName(nodeName);
    std::vector<Shape> in;
    for (const auto& v : inputs)
        in.push_back(m_shapes.at(v));
    std::vector<Shape> out;
    try {
        out = op->outputShapes(in);
    } catch (const ShapeError& e) {
        std::string shapes;
        for (const auto& s : in)
            shapes += (shapes.empty() ? "" : ", ") + shapeToString(s);
        throw ShapeError(layer.where() + ": input shape " + shapes + " does not fit: " + e.what());
    }
    m_graph.addNode(name, std::move(op), std::move(inputs), {name});
    m_shapes[name] = out.at(0);
    return name;
}

KValue GraphBuilder::toNative(const KValue& v)
{
    if (!v.nchwView)
        return v;
    auto it = m_toNative.find(v.value);
    if (it != m_toNative.end())
        return {it->second, false};
    const std::string name = freeName(v.value + "_nhwc");
    m_graph.addNode(name, std::make_unique<Transpose>(TransposeParams{{0, 2, 3, 1}}), {v.value}, {name});
    m_shapes[name] = kerasShape(v);
    m_toNative[v.value] = name;
    m_toNchw[name] = v.value;
    ++m_transposes;
    return {name, false};
}

KValue GraphBuilder::toChannelsFirst(const KValue& v, const LayerConfig& layer)
{
    if (v.nchwView)
        return v;
    const Shape& s = shape(v.value);
    if (s.size() != 4)
        throw ShapeError(layer.where() + ": expects a 4-D input (batch, rows, cols, channels), got " +
                         shapeToString(s));
    auto it = m_toNchw.find(v.value);
    if (it != m_toNchw.end())
        return {it->second, true};
    const std::string name = freeName(v.value + "_nchw");
    m_graph.addNode(name, std::make_unique<Transpose>(TransposeParams{{0, 3, 1, 2}}), {v.value}, {name});
    m_shapes[name] = {s[0], s[3], s[1], s[2]};
    m_toNchw[v.value] = name;
    m_toNative[name] = v.value;
    ++m_transposes;
    return {name, true};
}

KValue GraphBuilder::activation(const LayerConfig& layer, const std::string& name, const KValue& v, bool asLayerNode)
{
    const std::string node = asLayerNode ? layer.name() : layer.name() + "_" + name;
    std::unique_ptr<Op> op;
    if (name == "linear") {
        if (!asLayerNode)
            return v;
        op = std::make_unique<Identity>();
    } else if (name == "relu") {
        op = std::make_unique<Relu>();
    } else if (name == "sigmoid") {
        op = std::make_unique<Sigmoid>();
    } else if (name == "tanh") {
        op = std::make_unique<Tanh>();
    } else if (name == "elu") {
        op = std::make_unique<Elu>(EluParams{1.f});
    } else if (name == "softplus") {
        op = std::make_unique<Softplus>();
    } else if (name == "gelu") {
        op = std::make_unique<Gelu>(); // keras.activations.gelu(approximate=False), what the name stands for
    } else if (name == "softmax") {
        // Keras' softmax runs over the last Keras axis: the channels of a
        // channels-first view.
        op = std::make_unique<Softmax>(SoftmaxParams{v.nchwView ? 1 : -1});
    } else {
        layer.unsupported("activation '" + name +
                          "' is not supported (linear, relu, softmax, sigmoid, tanh, elu, softplus, gelu)");
    }
    return {add(layer, node, std::move(op), {v.value}), v.nchwView};
}

} // namespace lantern::formats::keras

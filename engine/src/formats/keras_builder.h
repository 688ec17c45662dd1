#pragma once
// GraphBuilder: the state of one Keras import. It adds engine nodes named after Keras layers, tracks every
// value's shape, and keeps Keras' channels-last tensors in whichever layout the consumers need: engine
// spatial ops are NCHW, so a rank-4 channels-last Keras tensor may live in the graph as its NCHW
// permutation (a "channels-first view"); Transposes are inserted lazily and shared between consumers.

#include "formats/keras_spec.h"
#include "formats/keras_weights.h"
#include "lantern/graph.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lantern::formats::keras {

/// A Keras tensor in the graph. With nchwView the engine value holds the (N,H,W,C) Keras tensor permuted to
/// (N,C,H,W); otherwise it holds the Keras tensor as Keras sees it.
struct KValue {
    std::string value;
    bool nchwView = false;
};

struct ImportContext {
    std::string source;
    int kerasMajor = 2;
    bool channelsLast = true; ///< the model's image data format
    bool flipKernels = false; ///< convolution kernels were written by Theano (true convolutions)
    int flippedKernels = 0;
};

class GraphBuilder {
public:
    GraphBuilder(Graph& graph, ImportContext& context, WeightSource& weights);

    ImportContext& context() { return m_context; }
    WeightSource& weights() { return m_weights; }

    /// Names helper nodes must avoid (the Keras layer names).
    void reserve(const std::vector<std::string>& names);
    /// Declares a graph input with its Keras shape (batch -1).
    KValue addInput(const std::string& name, const Shape& shape);
    /// Engine shape of a value (batch 1).
    const Shape& shape(const std::string& value) const { return m_shapes.at(value); }
    /// The Keras shape (batch 1) of a Keras tensor.
    Shape kerasShape(const KValue& v) const;

    /// Adds a node named `nodeName` (a free variant of it for helper nodes) whose single output value has the
    /// node's name; ShapeErrors name the layer. Returns the output value.
    std::string add(const LayerConfig& layer, const std::string& nodeName, std::unique_ptr<Op> op,
                    std::vector<std::string> inputs);
    /// A node name derived from `base` that is not yet used and not a reserved Keras layer name.
    std::string freeName(const std::string& base) const;

    /// The tensor in Keras' own layout (undoes a channels-first view).
    KValue toNative(const KValue& v);
    /// A rank-4 channels-last Keras tensor as an NCHW engine value (a view); throws for other ranks.
    KValue toChannelsFirst(const KValue& v, const LayerConfig& layer);

    /// Applies a Keras activation ("linear", "relu", "softmax", "sigmoid", "tanh", "elu") to v. With
    /// asLayerNode the node gets the layer's own name (Activation layers; "linear" then adds an Identity);
    /// otherwise it is named "<layer>_<activation>" and "linear" adds nothing.
    KValue activation(const LayerConfig& layer, const std::string& name, const KValue& v, bool asLayerNode);

    int transposeCount() const { return m_transposes; }

private:
    Graph& m_graph;
    ImportContext& m_context;
    WeightSource& m_weights;
    std::set<std::string> m_reserved;
    std::map<std::string, Shape> m_shapes;
    std::map<std::string, std::string> m_toNchw, m_toNative;
    int m_transposes = 0;
};

} // namespace lantern::formats::keras

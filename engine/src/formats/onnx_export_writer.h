#pragma once
// Internal helpers of the ONNX exporter: a writer that appends nodes and initializers to an onnx::GraphProto
// with unique initializer names, and the attribute setters. Protobuf types stay inside engine/src.

#include "lantern/graph.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lantern::formats::onnxexport {

/// What the op mappings may ask about the graph being exported.
struct ExportContext {
    int opset = 13;
    /// Shapes of every value for the exported batch (empty when shape inference failed).
    std::map<std::string, Shape> shapes;

    /// Shapes of a second inference with every free input dimension (batch, "any") changed; empty when the
    /// graph has none or that inference failed.
    std::map<std::string, Shape> variantShapes;
    bool anyFreeDim = false; ///< the graph has free input dimensions

    /// The inferred shape of a value, or nullptr when unknown.
    const Shape* shapeOf(const std::string& value) const
    {
        auto it = shapes.find(value);
        return it == shapes.end() ? nullptr : &it->second;
    }
    /// Is dimension `axis` of `value` known and independent of the free input dimensions?
    bool isFixed(const std::string& value, size_t axis) const
    {
        const Shape* s = shapeOf(value);
        if (!s || axis >= s->size())
            return false;
        if (!anyFreeDim)
            return true;
        auto it = variantShapes.find(value);
        return it != variantShapes.end() && it->second.size() == s->size() && it->second[axis] == (*s)[axis];
    }
};

class GraphWriter {
public:
    /// `reserved`: names already used by graph values; initializers never take them.
    GraphWriter(onnx::GraphProto& graph, std::set<std::string> reserved);

    /// Appends a node named like `node` with its outputs and the given inputs (engine value names plus
    /// initializer names).
    onnx::NodeProto& addNode(const Node& node, const std::string& opType, const std::vector<std::string>& inputs);
    /// Same, with the node's own inputs.
    onnx::NodeProto& addNode(const Node& node, const std::string& opType) { return addNode(node, opType, node.inputs); }

    /// Adds a float initializer named `name` (or `name_1`, `name_2`... when taken); returns the name used.
    std::string addFloat(const std::string& name, const Tensor& value);
    std::string addFloat(const std::string& name, const std::vector<float>& values, const Shape& dims);
    /// Adds a float initializer named exactly like graph value `value` (reserved, so no other initializer
    /// takes it): the tensor a Constant node produces, read by its consumers under the value's own name.
    void addValueFloat(const std::string& value, const Tensor& tensor);
    /// Adds a 1-D int64 initializer.
    std::string addInt64(const std::string& name, const std::vector<int64_t>& values);

private:
    std::string uniqueName(const std::string& name);

    onnx::GraphProto& m_graph;
    std::set<std::string> m_used;
};

void setAttribute(onnx::NodeProto& node, const std::string& name, int64_t value);
void setAttribute(onnx::NodeProto& node, const std::string& name, float value);
void setAttribute(onnx::NodeProto& node, const std::string& name, const std::string& value);
void setAttribute(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values);

/// Fills a TensorProto with float32 data (raw little-endian bytes, like PyTorch's exporter).
void fillFloatTensor(onnx::TensorProto& tensor, const std::string& name, const float* data, const Shape& dims);

/// Minimum opset needed to express the node, or 0 when it cannot be expressed (`problem` says why).
int minimumOpset(const Node& node, const ExportContext& context, std::string& problem);
/// Appends the ONNX node(s) of one engine node. Only called for nodes minimumOpset accepted.
void writeNode(const Node& node, const ExportContext& context, GraphWriter& writer);

} // namespace lantern::formats::onnxexport

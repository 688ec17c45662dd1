#pragma once
// ONNX export of any engine graph (imported, preset or built in code) as a standard ONNX ModelProto that
// other tools (onnxruntime, Netron, PyTorch's onnx2torch...) open. Every op maps onto one standard ONNX
// operator of the default domain; parameters become initializers named "<node>.<param>" (PyTorch style,
// e.g. "conv1.weight"), node and value names are kept. A Constant node is no ONNX node but an initializer
// named like its output value (its consumers read it unchanged); ConvTranspose3D is a 3-D ConvTranspose.

#include "lantern/graph.h"

#include <map>
#include <string>

namespace lantern::formats {

struct OnnxExportOptions {
    /// Default-domain opset of the exported model (13 to 21). It is raised automatically when a node needs
    /// a newer operator version: LayerNorm -> 17 (LayerNormalization), Reshape with allowZero -> 14,
    /// AvgPool2D with dilation -> 19.
    int opset = 13;
    std::string producerName = "Lantern";
    /// First dimension of the graph inputs, and of every output dimension that follows it, symbolic ("N").
    /// Without it a declared "any" (-1) batch is exported as 1.
    bool dynamicBatch = true;
    std::string graphName; ///< default: "lantern"
    /// Written as the ModelProto's metadata_props (key -> value), e.g. "lantern.class_names". The ONNX
    /// importer reads them back into Model::metadata.
    std::map<std::string, std::string> metadata;
};

/// The opset a graph is exported with: the maximum of `requested` and the minimum opset of every node.
/// Throws ArgumentError for a requested opset outside 13..21.
int onnxExportOpset(const Graph& graph, int requested = 13);

/// Serializes the graph as an ONNX ModelProto (IR version 7, or the one the opset needs: 8 from opset 15,
/// 9 from 19, 10 from 21; default domain opset `options.opset` or higher, see above). Graph inputs and
/// outputs carry float tensor types with the shapes of Graph::inputShape / inferShapes. Throws
/// UnsupportedError naming every node whose op cannot be expressed.
std::string onnxBytes(const Graph& graph, const OnnxExportOptions& options = {});

/// Writes onnxBytes(graph, options) to `path` atomically (temporary file + rename); IoError names the path.
void exportOnnx(const Graph& graph, const std::string& path, const OnnxExportOptions& options = {});

} // namespace lantern::formats

#pragma once
// ONNX import: a ModelProto (IR 3-10, default-domain opsets 7-21, and older ones where their semantics are
// handled, e.g. opset-6 exports) becomes an engine Model. Weights (initializers) become op parameters; the
// shape-computing chains exporters emit (Shape, Gather, Unsqueeze, Concat, Cast, ConstantOfShape, Slice, Range...)
// are folded into constants at load time, and where they depend on the dynamic batch size they are resolved
// symbolically (Reshape targets become 0/-1). Nodes may come in any order. Import is all-or-nothing: an unsupported
// op anywhere gives one UnsupportedError listing all of them.

#include "lantern/model.h"
#include "lantern/tensor.h"

#include <string>
#include <string_view>
#include <vector>

namespace lantern::formats {

/// Parses an ONNX model file into an engine Model (format "onnx"). Throws IoError (unreadable / not ONNX,
/// naming the file), UnsupportedError (listing EVERY unsupported op type with its node names in one message,
/// e.g. "model.onnx: unsupported ONNX ops: LRN (node 'lrn1'), Selu (nodes 's1', 's2')"), ShapeError.
/// Every failure names the file and, where one is involved, the node.
Model importOnnx(const std::string& path);
/// As importOnnx, from the serialized bytes; `sourceName` appears in messages and Model::source.
Model importOnnxBytes(std::string_view bytes, const std::string& sourceName);

/// One serialized TensorProto (.pb, as in the ONNX backend test data), converted to float32.
struct OnnxTensor {
    std::string name;
    Tensor value;
    std::string elementType; ///< "float32", "uint8", "int64", "float16", "float64", "bool", ...
};
/// Reads one TensorProto file. Throws IoError (unreadable, malformed, data size not matching the dims) or
/// UnsupportedError (strings, complex numbers, external data, rank > 5).
OnnxTensor readOnnxTensor(const std::string& path);
/// As readOnnxTensor, from the serialized bytes.
OnnxTensor parseOnnxTensor(std::string_view bytes, const std::string& sourceName);

/// ONNX op types (default domain) the importer maps, sorted. Those in constantOnlyOnnxOps() are supported
/// when their inputs are known at load time (shape computations), not on activations.
std::vector<std::string> supportedOnnxOps();
/// The subset of supportedOnnxOps() that is only folded at load time, never run on activations.
std::vector<std::string> constantOnlyOnnxOps();

} // namespace lantern::formats

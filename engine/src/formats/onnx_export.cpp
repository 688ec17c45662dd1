// ONNX export: model header (IR version, opset, producer), graph inputs and outputs with their shapes, and
// the check that every node can be expressed. The op mappings live in onnx_export_ops.cpp.
#include "lantern/formats/onnx_export.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/version.h"
#include "onnx_export_writer.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace lantern::formats {

namespace {

constexpr int kMinOpset = 13;
constexpr int kMaxOpset = 21;
constexpr int64_t kAltBatch = 3;   ///< batch of the second shape inference that finds batch-dependent dims
constexpr int64_t kAltUnknown = 2; ///< other "any" dimensions in that inference

/// ONNX's versioning table: the IR version that came with an opset.
int64_t irVersionFor(int opset)
{
    if (opset >= 21)
        return 10;
    if (opset >= 19)
        return 9;
    if (opset >= 15)
        return 8;
    return 7;
}

std::optional<std::map<std::string, Shape>> tryInferShapes(const Graph& graph,
                                                           const std::map<std::string, Shape>& inputs)
{
    try {
        return graph.inferShapes(inputs);
    } catch (const Error&) {
        return std::nullopt;
    }
}

/// One exported dimension: a number, the symbolic batch "N", or unknown.
struct Dim {
    enum Kind { Value, Batch, Unknown } kind = Value;
    int64_t value = 0;
};

/// Input and output shapes as exported, plus every value's shape for the exported batch.
struct IoShapes {
    std::map<std::string, std::vector<Dim>> dims; ///< graph inputs and outputs
    std::map<std::string, Shape> values;          ///< empty when inference failed
    std::map<std::string, Shape> variantValues;   ///< with the free input dimensions changed; may be empty
    bool anyFree = false;
};

/// A second shape inference with some input dimensions changed, to find the dimensions that follow them.
struct Variant {
    std::map<std::string, Shape> inputs;
    std::map<std::string, std::vector<bool>> changed; ///< per input dimension
    std::optional<std::map<std::string, Shape>> shapes;
};

/// Changes the input dimensions `isFree` selects: first dimensions to kAltBatch, others to kAltUnknown.
Variant makeVariant(const Graph& graph, const std::map<std::string, Shape>& base,
                    const std::function<bool(const std::string&, size_t)>& isFree)
{
    Variant v;
    bool any = false;
    for (const auto& name : graph.inputNames()) {
        Shape s = base.at(name);
        std::vector<bool> changed(s.size(), false);
        for (size_t i = 0; i < s.size(); ++i) {
            if (!isFree(name, i))
                continue;
            s[i] = i == 0 ? (s[0] == kAltBatch ? kAltBatch + 2 : kAltBatch) : (s[i] == kAltUnknown ? 3 : kAltUnknown);
            changed[i] = any = true;
        }
        v.inputs[name] = s;
        v.changed[name] = changed;
    }
    if (any)
        v.shapes = tryInferShapes(graph, v.inputs);
    return v;
}

IoShapes exportedShapes(const Graph& graph, bool dynamicBatch)
{
    IoShapes out;
    // The exported shapes: as declared, with 1 for "any" (the batch without dynamicBatch). Free dimensions
    // are the first ones under dynamicBatch and every other "any"; a second inference that changes them
    // tells which output dimensions follow them. When the graph does not run with another batch for every
    // input (a weight-like second input), only the declared "any" dimensions are changed.
    std::map<std::string, Shape> base;
    bool anyFree = false;
    for (const auto& name : graph.inputNames()) {
        Shape b = graph.inputShape(name);
        for (size_t i = 0; i < b.size(); ++i) {
            anyFree = anyFree || (i == 0 ? dynamicBatch : b[i] < 0);
            b[i] = b[i] < 0 ? 1 : b[i];
        }
        base[name] = b;
    }
    auto baseShapes = tryInferShapes(graph, base);
    if (baseShapes)
        out.values = *baseShapes;
    auto declared = [&](const std::string& name, size_t i) { return graph.inputShape(name)[i]; };
    Variant variant = makeVariant(
        graph, base, [&](const std::string& name, size_t i) { return i == 0 ? dynamicBatch : declared(name, i) < 0; });
    if (!variant.shapes)
        variant = makeVariant(graph, base, [&](const std::string& name, size_t i) {
            return declared(name, i) < 0 && (i != 0 || dynamicBatch);
        });
    const bool haveVariant = baseShapes && variant.shapes;
    out.anyFree = anyFree;
    if (haveVariant)
        out.variantValues = *variant.shapes;

    // The batch whose changes mark output dimensions as "N": that of the first input whose batch changed.
    int64_t baseBatch = -1, altBatch = -1;
    for (const auto& name : graph.inputNames()) {
        const Shape& declaredShape = graph.inputShape(name);
        const auto& changed = variant.changed[name];
        std::vector<Dim> dims;
        for (size_t i = 0; i < declaredShape.size(); ++i) {
            const bool moved = haveVariant && changed[i];
            if (i == 0 && dynamicBatch && (moved || declaredShape[0] < 0)) {
                dims.push_back({Dim::Batch, 0});
                if (moved && baseBatch < 0) {
                    baseBatch = base[name][0];
                    altBatch = variant.inputs[name][0];
                }
            } else if (i == 0 && declaredShape[0] < 0) {
                dims.push_back({Dim::Value, 1});
            } else if (declaredShape[i] < 0) {
                dims.push_back({Dim::Unknown, 0});
            } else {
                dims.push_back({Dim::Value, declaredShape[i]});
            }
        }
        out.dims[name] = dims;
    }
    if (!baseShapes)
        return out;
    for (const auto& name : graph.outputNames()) {
        if (out.dims.count(name))
            continue; // a graph input passed through
        const Shape& b = baseShapes->at(name);
        const Shape* a = haveVariant ? &variant.shapes->at(name) : nullptr;
        std::vector<Dim> dims;
        for (size_t i = 0; i < b.size(); ++i) {
            if (!haveVariant && anyFree)
                dims.push_back({Dim::Unknown, 0}); // cannot tell which dimensions follow the free ones
            else if (!a || a->size() != b.size() || (*a)[i] == b[i])
                dims.push_back({Dim::Value, b[i]});
            else if (baseBatch >= 0 && b[i] == baseBatch && (*a)[i] == altBatch)
                dims.push_back({Dim::Batch, 0});
            else
                dims.push_back({Dim::Unknown, 0});
        }
        out.dims[name] = dims;
    }
    return out;
}

void setValueInfo(onnx::ValueInfoProto& info, const std::string& name, const std::vector<Dim>* dims)
{
    info.set_name(name);
    auto* tensor = info.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    if (!dims)
        return; // rank unknown
    auto* shape = tensor->mutable_shape();
    for (const Dim& d : *dims) {
        auto* dim = shape->add_dim();
        if (d.kind == Dim::Value)
            dim->set_dim_value(d.value);
        else if (d.kind == Dim::Batch)
            dim->set_dim_param("N");
    }
}

/// Every value name of the graph (inputs and node outputs); initializers must not reuse them.
std::set<std::string> valueNames(const Graph& graph)
{
    std::set<std::string> names(graph.inputNames().begin(), graph.inputNames().end());
    for (const Node& n : graph.nodes())
        names.insert(n.outputs.begin(), n.outputs.end());
    return names;
}

int checkedOpset(int requested)
{
    if (requested < kMinOpset || requested > kMaxOpset)
        throw ArgumentError("ONNX export: opset " + std::to_string(requested) + " is not supported (" +
                            std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset) + ")");
    return requested;
}

/// The export opset for a graph, or UnsupportedError listing every node that cannot be expressed.
int resolveOpset(const Graph& graph, onnxexport::ExportContext& context)
{
    int opset = context.opset;
    std::vector<std::string> problems;
    for (const Node& n : graph.nodes()) {
        std::string problem;
        const int needed = onnxexport::minimumOpset(n, context, problem);
        if (needed == 0)
            problems.push_back("'" + n.name + "' (" + n.op->type() + "): " + problem);
        else
            opset = std::max(opset, needed);
    }
    if (!problems.empty()) {
        std::string message = "ONNX export: " + std::to_string(problems.size()) +
                              (problems.size() == 1 ? " node cannot" : " nodes cannot") + " be expressed in ONNX: ";
        for (size_t i = 0; i < problems.size(); ++i)
            message += (i ? "; " : "") + problems[i];
        throw UnsupportedError(message);
    }
    if (opset > kMaxOpset)
        throw UnsupportedError("ONNX export: the graph needs opset " + std::to_string(opset) + ", above " +
                               std::to_string(kMaxOpset));
    return opset;
}

/// Shapes and final opset of an export; `shapes` receives the graph input/output shapes.
onnxexport::ExportContext makeContext(const Graph& graph, int requestedOpset, bool dynamicBatch, IoShapes& shapes)
{
    onnxexport::ExportContext context;
    context.opset = checkedOpset(requestedOpset);
    shapes = exportedShapes(graph, dynamicBatch);
    context.shapes = shapes.values;
    context.variantShapes = shapes.variantValues;
    context.anyFreeDim = shapes.anyFree;
    context.opset = resolveOpset(graph, context);
    return context;
}

} // namespace

int onnxExportOpset(const Graph& graph, int requested)
{
    IoShapes shapes;
    onnxexport::ExportContext context = makeContext(graph, requested, true, shapes);
    return context.opset;
}

std::string onnxBytes(const Graph& graph, const OnnxExportOptions& options)
{
    graph.validate();
    IoShapes shapes;
    const onnxexport::ExportContext context = makeContext(graph, options.opset, options.dynamicBatch, shapes);

    onnx::ModelProto model;
    model.set_ir_version(irVersionFor(context.opset));
    model.set_producer_name(options.producerName);
    model.set_producer_version(version());
    auto* opsetImport = model.add_opset_import();
    opsetImport->set_domain("");
    opsetImport->set_version(context.opset);
    for (const auto& [key, value] : options.metadata) {
        auto* prop = model.add_metadata_props();
        prop->set_key(key);
        prop->set_value(value);
    }

    onnx::GraphProto& g = *model.mutable_graph();
    g.set_name(options.graphName.empty() ? "lantern" : options.graphName);
    for (const auto& name : graph.inputNames()) {
        auto it = shapes.dims.find(name);
        setValueInfo(*g.add_input(), name, it == shapes.dims.end() ? nullptr : &it->second);
    }
    onnxexport::GraphWriter writer(g, valueNames(graph));
    for (const Node& n : graph.nodes())
        onnxexport::writeNode(n, context, writer);
    for (const auto& name : graph.outputNames()) {
        auto it = shapes.dims.find(name);
        setValueInfo(*g.add_output(), name, it == shapes.dims.end() ? nullptr : &it->second);
    }

    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw IoError("ONNX export: the model could not be serialized (larger than 2 GB?)");
    return bytes;
}

void exportOnnx(const Graph& graph, const std::string& path, const OnnxExportOptions& options)
{
    const std::string bytes = onnxBytes(graph, options);
    io::writeFileAtomically(path, std::vector<char>(bytes.begin(), bytes.end()));
}

} // namespace lantern::formats

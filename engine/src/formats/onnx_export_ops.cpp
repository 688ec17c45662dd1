// Op mappings of the ONNX exporter: one standard ONNX operator per engine op (a Constant becomes an initializer),
// with the minimum opset each configuration needs.
#include "onnx_export_writer.h"

#include "lantern/error.h"
#include "lantern/ops/add.h"
#include "lantern/ops/avg_pool2d.h"
#include "lantern/ops/batch_norm.h"
#include "lantern/ops/concat.h"
#include "lantern/ops/constant.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/conv_transpose2d.h"
#include "lantern/ops/conv_transpose3d.h"
#include "lantern/ops/div.h"
#include "lantern/ops/dropout.h"
#include "lantern/ops/elu.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/gelu.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/layer_norm.h"
#include "lantern/ops/leaky_relu.h"
#include "lantern/ops/log_softmax.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/ops/mul.h"
#include "lantern/ops/pad.h"
#include "lantern/ops/reshape.h"
#include "lantern/ops/resize.h"
#include "lantern/ops/softmax.h"
#include "lantern/ops/sub.h"
#include "lantern/ops/transpose.h"

#include <array>
#include <cmath>
#include <functional>

namespace lantern::formats::onnxexport {

namespace {

/// ONNX operators that are a plain rename of an attribute-free engine op.
const std::map<std::string, std::string>& plainOps()
{
    static const std::map<std::string, std::string> ops{
        {"Relu", "Relu"},
        {"Sigmoid", "Sigmoid"},
        {"Tanh", "Tanh"},
        {"Softplus", "Softplus"},
        {"Identity", "Identity"},
        {"MatMul", "MatMul"},
        {"GlobalAvgPool", "GlobalAveragePool"},
        {"GlobalMaxPool", "GlobalMaxPool"},
    };
    return ops;
}

std::string param(const Node& node, const std::string& name)
{
    return node.name + "." + name;
}

const char* autoPad(PadMode mode)
{
    switch (mode) {
    case PadMode::SameUpper:
        return "SAME_UPPER";
    case PadMode::SameLower:
        return "SAME_LOWER";
    case PadMode::Valid:
        return "VALID";
    case PadMode::Explicit:
        break;
    }
    return "NOTSET";
}

/// pads (ONNX order top, left, bottom, right) or auto_pad.
void setPadding(onnx::NodeProto& n, PadMode mode, int64_t top, int64_t left, int64_t bottom, int64_t right)
{
    if (mode == PadMode::Explicit)
        setAttribute(n, "pads", std::vector<int64_t>{top, left, bottom, right});
    else
        setAttribute(n, "auto_pad", std::string(autoPad(mode)));
}

std::vector<int64_t> toVector(const std::array<int64_t, 3>& values)
{
    return {values.begin(), values.end()};
}

// ---- Convolutions, dense layers ----------------------------------------------------------------------------

/// The node's input followed by the weight and (when present) bias initializers.
std::vector<std::string> withWeights(const Node& node, const Parameter& weight, const Parameter* bias, GraphWriter& w)
{
    std::vector<std::string> inputs{node.inputs.at(0), w.addFloat(param(node, "weight"), weight.value)};
    if (bias)
        inputs.push_back(w.addFloat(param(node, "bias"), bias->value));
    return inputs;
}

void writeConv(const Node& node, const Conv2D& op, GraphWriter& w)
{
    const auto& p = op.params();
    auto& n = w.addNode(node, "Conv", withWeights(node, op.weight(), op.bias(), w));
    setAttribute(n, "kernel_shape", std::vector<int64_t>{p.kernelH, p.kernelW});
    setAttribute(n, "strides", std::vector<int64_t>{p.strideH, p.strideW});
    setPadding(n, p.padMode, p.padTop, p.padLeft, p.padBottom, p.padRight);
    setAttribute(n, "dilations", std::vector<int64_t>{p.dilationH, p.dilationW});
    setAttribute(n, "group", p.groups);
}

void writeConvTranspose(const Node& node, const ConvTranspose2D& op, GraphWriter& w)
{
    const auto& p = op.params();
    auto& n = w.addNode(node, "ConvTranspose", withWeights(node, op.weight(), op.bias(), w));
    setAttribute(n, "kernel_shape", std::vector<int64_t>{p.kernelH, p.kernelW});
    setAttribute(n, "strides", std::vector<int64_t>{p.strideH, p.strideW});
    setAttribute(n, "pads", std::vector<int64_t>{p.padTop, p.padLeft, p.padBottom, p.padRight});
    setAttribute(n, "output_padding", std::vector<int64_t>{p.outputPaddingH, p.outputPaddingW});
    setAttribute(n, "dilations", std::vector<int64_t>{p.dilationH, p.dilationW});
    setAttribute(n, "group", p.groups);
}

/// ConvTranspose with 3 spatial axes; the weight (in, out / groups, kD, kH, kW) is ONNX's layout.
void writeConvTranspose3D(const Node& node, const ConvTranspose3D& op, GraphWriter& w)
{
    const auto& p = op.params();
    auto& n = w.addNode(node, "ConvTranspose", withWeights(node, op.weight(), op.bias(), w));
    std::vector<int64_t> pads = toVector(p.padBegin); // ONNX order: all begins, then all ends
    pads.insert(pads.end(), p.padEnd.begin(), p.padEnd.end());
    setAttribute(n, "kernel_shape", toVector(p.kernel));
    setAttribute(n, "strides", toVector(p.stride));
    setAttribute(n, "pads", pads);
    setAttribute(n, "output_padding", toVector(p.outputPadding));
    setAttribute(n, "dilations", toVector(p.dilation));
    setAttribute(n, "group", p.groups);
}

void writeGemm(const Node& node, const Gemm& op, GraphWriter& w)
{
    const auto& p = op.params();
    auto& n = w.addNode(node, "Gemm", withWeights(node, op.weight(), op.bias(), w));
    setAttribute(n, "alpha", p.alpha);
    setAttribute(n, "beta", p.beta);
    setAttribute(n, "transA", int64_t{p.transA});
    setAttribute(n, "transB", int64_t{p.transB});
}

/// Add/Sub/Mul/Div: the stored constant becomes the second input.
void writeBinary(const Node& node, const BroadcastBinaryOp& op, GraphWriter& w)
{
    std::vector<std::string> inputs = node.inputs;
    if (const Parameter* c = op.constant())
        inputs.push_back(w.addFloat(param(node, c->name), c->value));
    w.addNode(node, op.type(), inputs);
}

// ---- Normalization ------------------------------------------------------------------------------------------

void writeBatchNorm(const Node& node, BatchNorm& op, GraphWriter& w)
{
    const auto& p = op.params();
    const Shape c{p.numFeatures};
    std::vector<std::string> inputs{node.inputs.at(0)};
    // ONNX needs scale and B; a non-affine BatchNorm gets ones and zeros.
    inputs.push_back(op.weight() ? w.addFloat(param(node, "weight"), op.weight()->value)
                                 : w.addFloat(param(node, "weight"), Tensor(c, 1.f)));
    inputs.push_back(op.bias() ? w.addFloat(param(node, "bias"), op.bias()->value)
                               : w.addFloat(param(node, "bias"), Tensor(c, 0.f)));
    inputs.push_back(w.addFloat(param(node, op.runningMean().name), op.runningMean().value));
    inputs.push_back(w.addFloat(param(node, op.runningVar().name), op.runningVar().value));
    auto& n = w.addNode(node, "BatchNormalization", inputs);
    setAttribute(n, "epsilon", p.epsilon);
    // ONNX: running = running * momentum + batch * (1 - momentum), the complement of PyTorch's.
    setAttribute(n, "momentum", 1.f - p.momentum);
}

void writeLayerNorm(const Node& node, LayerNorm& op, GraphWriter& w)
{
    const auto& p = op.params();
    std::vector<std::string> inputs{node.inputs.at(0)};
    // Scale is required by ONNX: ones when the engine op has no weight.
    inputs.push_back(op.weight() ? w.addFloat(param(node, "weight"), op.weight()->value)
                                 : w.addFloat(param(node, "weight"), Tensor(p.normalizedShape, 1.f)));
    if (op.bias())
        inputs.push_back(w.addFloat(param(node, "bias"), op.bias()->value));
    auto& n = w.addNode(node, "LayerNormalization", inputs);
    setAttribute(n, "axis", int64_t{-op.normalizedRank()});
    setAttribute(n, "epsilon", p.epsilon);
}

// ---- Pooling ------------------------------------------------------------------------------------------------

void writeMaxPool(const Node& node, const MaxPool2D& op, GraphWriter& w)
{
    const auto& p = op.params();
    auto& n = w.addNode(node, "MaxPool");
    setAttribute(n, "kernel_shape", std::vector<int64_t>{p.kernelH, p.kernelW});
    setAttribute(n, "strides", std::vector<int64_t>{p.strideH, p.strideW});
    setPadding(n, p.padMode, p.padTop, p.padLeft, p.padBottom, p.padRight);
    setAttribute(n, "dilations", std::vector<int64_t>{p.dilationH, p.dilationW});
    setAttribute(n, "ceil_mode", int64_t{p.ceilMode});
}

void writeAvgPool(const Node& node, const AvgPool2D& op, GraphWriter& w)
{
    const auto& p = op.params();
    auto& n = w.addNode(node, "AveragePool");
    setAttribute(n, "kernel_shape", std::vector<int64_t>{p.kernelH, p.kernelW});
    setAttribute(n, "strides", std::vector<int64_t>{p.strideH, p.strideW});
    setPadding(n, p.padMode, p.padTop, p.padLeft, p.padBottom, p.padRight);
    if (p.dilationH != 1 || p.dilationW != 1) // AveragePool has dilations from opset 19 only
        setAttribute(n, "dilations", std::vector<int64_t>{p.dilationH, p.dilationW});
    setAttribute(n, "ceil_mode", int64_t{p.ceilMode});
    setAttribute(n, "count_include_pad", int64_t{p.countIncludePad});
}

// ---- Shape and layout ops -----------------------------------------------------------------------------------

void writeReshape(const Node& node, const Reshape& op, GraphWriter& w)
{
    const auto& p = op.params();
    auto& n = w.addNode(node, "Reshape", {node.inputs.at(0), w.addInt64(param(node, "shape"), p.shape)});
    if (p.allowZero)
        setAttribute(n, "allowzero", int64_t{1});
}

void writePad(const Node& node, const Pad& op, GraphWriter& w)
{
    const auto& p = op.params();
    std::vector<int64_t> pads;
    for (const auto& a : p.pads)
        pads.push_back(a.begin);
    for (const auto& a : p.pads)
        pads.push_back(a.end);
    std::vector<std::string> inputs{node.inputs.at(0), w.addInt64(param(node, "pads"), pads)};
    if (p.mode == PadFillMode::Constant)
        inputs.push_back(w.addFloat(param(node, "value"), std::vector<float>{p.value}, Shape{}));
    auto& n = w.addNode(node, "Pad", inputs);
    const char* mode = p.mode == PadFillMode::Constant  ? "constant"
                       : p.mode == PadFillMode::Reflect ? "reflect"
                                                        : "edge";
    setAttribute(n, "mode", std::string(mode));
}

// ---- Resize -------------------------------------------------------------------------------------------------

const char* coordinateMode(ResizeCoordinates c)
{
    switch (c) {
    case ResizeCoordinates::HalfPixel:
        return "half_pixel";
    case ResizeCoordinates::PytorchHalfPixel:
        return "pytorch_half_pixel";
    case ResizeCoordinates::AlignCorners:
        return "align_corners";
    case ResizeCoordinates::Asymmetric:
        return "asymmetric";
    }
    return "half_pixel";
}

const char* nearestMode(ResizeNearestRounding r)
{
    switch (r) {
    case ResizeNearestRounding::RoundPreferFloor:
        return "round_prefer_floor";
    case ResizeNearestRounding::RoundPreferCeil:
        return "round_prefer_ceil";
    case ResizeNearestRounding::Floor:
        return "floor";
    case ResizeNearestRounding::Ceil:
        return "ceil";
    }
    return "round_prefer_floor";
}

/// How a fixed-size Resize is written.
enum class SizeForm {
    Scales,    ///< as scales out / in, exact in float32 (same output size and coordinate transform)
    FullSizes, ///< sizes (N, C, outH, outW) when N and C are fixed (no dynamic batch)
    AxesSizes, ///< sizes (outH, outW) with axes (2, 3): opset 18
};

/// float32 scale equal to out / in exactly, or 0.
float exactScale(int64_t in, int64_t out)
{
    const double r = double(out) / double(in);
    const auto f = static_cast<float>(r);
    return double(f) == r && static_cast<int64_t>(std::floor(double(in) * double(f))) == out ? f : 0.f;
}

SizeForm sizeForm(const Node& node, const ResizeParams& p, const ExportContext& ctx)
{
    const std::string& x = node.inputs.at(0);
    const Shape* in = ctx.shapeOf(x);
    if (!in || in->size() != 4)
        return SizeForm::AxesSizes;
    if (ctx.isFixed(x, 2) && ctx.isFixed(x, 3) && exactScale((*in)[2], p.outH) > 0 && exactScale((*in)[3], p.outW) > 0)
        return SizeForm::Scales;
    if (ctx.opset < 18 && ctx.isFixed(x, 0) && ctx.isFixed(x, 1))
        return SizeForm::FullSizes;
    return SizeForm::AxesSizes;
}

void writeResize(const Node& node, const Resize& op, const ExportContext& ctx, GraphWriter& w)
{
    const auto& p = op.params();
    std::vector<std::string> inputs{node.inputs.at(0), ""};
    std::vector<int64_t> axes;
    if (p.outH <= 0) {
        inputs.push_back(w.addFloat(param(node, "scales"),
                                    {1.f, 1.f, static_cast<float>(p.scaleH), static_cast<float>(p.scaleW)}, Shape{4}));
    } else {
        const SizeForm form = sizeForm(node, p, ctx);
        const Shape* in = ctx.shapeOf(node.inputs.at(0));
        if (form == SizeForm::Scales) {
            inputs.push_back(w.addFloat(param(node, "scales"),
                                        {1.f, 1.f, exactScale((*in)[2], p.outH), exactScale((*in)[3], p.outW)},
                                        Shape{4}));
        } else if (form == SizeForm::FullSizes) {
            inputs.push_back("");
            inputs.push_back(w.addInt64(param(node, "sizes"), {(*in)[0], (*in)[1], p.outH, p.outW}));
        } else {
            inputs.push_back("");
            inputs.push_back(w.addInt64(param(node, "sizes"), {p.outH, p.outW}));
            axes = {2, 3};
        }
    }
    auto& n = w.addNode(node, "Resize", inputs);
    setAttribute(n, "mode", std::string(p.mode == ResizeMode::Nearest ? "nearest" : "linear"));
    setAttribute(n, "coordinate_transformation_mode", std::string(coordinateMode(p.coordinates)));
    if (p.mode == ResizeMode::Nearest)
        setAttribute(n, "nearest_mode", std::string(nearestMode(p.nearestRounding)));
    if (!axes.empty())
        setAttribute(n, "axes", axes);
}

template <typename T> T* as(const Node& node)
{
    return dynamic_cast<T*>(node.op.get());
}

} // namespace

int minimumOpset(const Node& node, const ExportContext& context, std::string& problem)
{
    const std::string type = node.op->type();
    // Each mapped type with the class its parameters are read from.
    static const std::map<std::string, std::function<bool(const Node&)>> classes{
        {"Conv2D", [](const Node& n) { return as<Conv2D>(n) != nullptr; }},
        {"ConvTranspose2D", [](const Node& n) { return as<ConvTranspose2D>(n) != nullptr; }},
        {"ConvTranspose3D", [](const Node& n) { return as<ConvTranspose3D>(n) != nullptr; }},
        {"Constant", [](const Node& n) { return as<Constant>(n) != nullptr; }},
        {"Gemm", [](const Node& n) { return as<Gemm>(n) != nullptr; }},
        {"Add", [](const Node& n) { return as<Add>(n) != nullptr; }},
        {"Sub", [](const Node& n) { return as<Sub>(n) != nullptr; }},
        {"Mul", [](const Node& n) { return as<Mul>(n) != nullptr; }},
        {"Div", [](const Node& n) { return as<Div>(n) != nullptr; }},
        {"LeakyRelu", [](const Node& n) { return as<LeakyRelu>(n) != nullptr; }},
        {"Elu", [](const Node& n) { return as<Elu>(n) != nullptr; }},
        {"Gelu", [](const Node& n) { return as<Gelu>(n) != nullptr; }},
        {"Softmax", [](const Node& n) { return as<Softmax>(n) != nullptr; }},
        {"LogSoftmax", [](const Node& n) { return as<LogSoftmax>(n) != nullptr; }},
        {"Dropout", [](const Node& n) { return as<Dropout>(n) != nullptr; }},
        {"Flatten", [](const Node& n) { return as<Flatten>(n) != nullptr; }},
        {"Transpose", [](const Node& n) { return as<Transpose>(n) != nullptr; }},
        {"Concat", [](const Node& n) { return as<Concat>(n) != nullptr; }},
        {"Pad", [](const Node& n) { return as<Pad>(n) != nullptr; }},
        {"BatchNorm", [](const Node& n) { return as<BatchNorm>(n) != nullptr; }},
        {"LayerNorm", [](const Node& n) { return as<LayerNorm>(n) != nullptr; }},
        {"MaxPool2D", [](const Node& n) { return as<MaxPool2D>(n) != nullptr; }},
        {"AvgPool2D", [](const Node& n) { return as<AvgPool2D>(n) != nullptr; }},
        {"Reshape", [](const Node& n) { return as<Reshape>(n) != nullptr; }},
        {"Resize", [](const Node& n) { return as<Resize>(n) != nullptr; }},
    };
    if (plainOps().count(type))
        return 13;
    auto it = classes.find(type);
    if (it == classes.end() || !it->second(node)) {
        problem = "no ONNX mapping for op type " + type;
        return 0;
    }
    if (type == "LayerNorm")
        return 17; // LayerNormalization
    if (type == "Gelu")
        return 20; // Gelu
    if (auto* r = as<Reshape>(node))
        return r->params().allowZero ? 14 : 13; // allowzero
    if (auto* a = as<AvgPool2D>(node))
        return a->params().dilationH != 1 || a->params().dilationW != 1 ? 19 : 13; // AveragePool dilations
    if (auto* r = as<Resize>(node))
        return r->params().outH > 0 && sizeForm(node, r->params(), context) == SizeForm::AxesSizes ? 18 : 13;
    return 13;
}

void writeNode(const Node& node, const ExportContext& context, GraphWriter& w)
{
    const std::string type = node.op->type();
    if (auto it = plainOps().find(type); it != plainOps().end()) {
        w.addNode(node, it->second);
    } else if (auto* conv = as<Conv2D>(node)) {
        writeConv(node, *conv, w);
    } else if (auto* convT = as<ConvTranspose2D>(node)) {
        writeConvTranspose(node, *convT, w);
    } else if (auto* convT3 = as<ConvTranspose3D>(node)) {
        writeConvTranspose3D(node, *convT3, w);
    } else if (auto* constant = as<Constant>(node)) {
        // No ONNX node: an initializer named like the output value, which the consumers already read. ONNX
        // importers (Lantern's included) turn it back into a Constant named after the value, so export ->
        // import -> export is a fixpoint, which a Constant node would not give (its name is taken).
        w.addValueFloat(node.outputs.at(0), constant->value());
    } else if (auto* gemm = as<Gemm>(node)) {
        writeGemm(node, *gemm, w);
    } else if (auto* binary = as<BroadcastBinaryOp>(node)) {
        writeBinary(node, *binary, w);
    } else if (auto* leaky = as<LeakyRelu>(node)) {
        setAttribute(w.addNode(node, "LeakyRelu"), "alpha", leaky->params().alpha);
    } else if (auto* elu = as<Elu>(node)) {
        setAttribute(w.addNode(node, "Elu"), "alpha", elu->params().alpha);
    } else if (auto* gelu = as<Gelu>(node)) {
        setAttribute(w.addNode(node, "Gelu"), "approximate",
                     std::string(gelu->params().tanhApproximation ? "tanh" : "none"));
    } else if (auto* softmax = as<Softmax>(node)) {
        setAttribute(w.addNode(node, "Softmax"), "axis", int64_t{softmax->params().axis});
    } else if (auto* logSoftmax = as<LogSoftmax>(node)) {
        setAttribute(w.addNode(node, "LogSoftmax"), "axis", int64_t{logSoftmax->params().axis});
    } else if (auto* dropout = as<Dropout>(node)) {
        // Inference form; the ratio (an input from opset 12) is written only when it is not ONNX's 0.5.
        std::vector<std::string> inputs = node.inputs;
        if (dropout->params().ratio != 0.5f)
            inputs.push_back(w.addFloat(param(node, "ratio"), std::vector<float>{dropout->params().ratio}, Shape{}));
        w.addNode(node, "Dropout", inputs);
    } else if (auto* flatten = as<Flatten>(node)) {
        setAttribute(w.addNode(node, "Flatten"), "axis", flatten->params().axis);
    } else if (auto* transpose = as<Transpose>(node)) {
        auto& n = w.addNode(node, "Transpose");
        if (!transpose->params().perm.empty())
            setAttribute(n, "perm", transpose->params().perm);
    } else if (auto* concat = as<Concat>(node)) {
        setAttribute(w.addNode(node, "Concat"), "axis", concat->params().axis);
    } else if (auto* pad = as<Pad>(node)) {
        writePad(node, *pad, w);
    } else if (auto* bn = as<BatchNorm>(node)) {
        writeBatchNorm(node, *bn, w);
    } else if (auto* ln = as<LayerNorm>(node)) {
        writeLayerNorm(node, *ln, w);
    } else if (auto* maxPool = as<MaxPool2D>(node)) {
        writeMaxPool(node, *maxPool, w);
    } else if (auto* avgPool = as<AvgPool2D>(node)) {
        writeAvgPool(node, *avgPool, w);
    } else if (auto* reshape = as<Reshape>(node)) {
        writeReshape(node, *reshape, w);
    } else if (auto* resize = as<Resize>(node)) {
        writeResize(node, *resize, context, w);
    } else {
        throw UnsupportedError("ONNX export: node '" + node.name + "': no ONNX mapping for op type " + type);
    }
}

} // namespace lantern::formats::onnxexport

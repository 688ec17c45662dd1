#pragma once
// One small graph per engine op (and per ONNX-relevant configuration) for test_onnx_export.cpp, with the
// ONNX node it must become: op type, exact attributes, initializers and inputs.

#include "gradcheck.h"

#include "lantern/graph.h"
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
#include "lantern/ops/global_avg_pool.h"
#include "lantern/ops/global_max_pool.h"
#include "lantern/ops/identity.h"
#include "lantern/ops/layer_norm.h"
#include "lantern/ops/leaky_relu.h"
#include "lantern/ops/log_softmax.h"
#include "lantern/ops/mat_mul.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/ops/mul.h"
#include "lantern/ops/pad.h"
#include "lantern/ops/relu.h"
#include "lantern/ops/reshape.h"
#include "lantern/ops/resize.h"
#include "lantern/ops/sigmoid.h"
#include "lantern/ops/softmax.h"
#include "lantern/ops/softplus.h"
#include "lantern/ops/sub.h"
#include "lantern/ops/tanh.h"
#include "lantern/ops/transpose.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lantern::test {

struct OnnxOpCase {
    Graph graph;
    std::string opType;
    int opset = 13;
    std::map<std::string, std::string> attributes; ///< exact set; ints "1,2", floats "%g", strings verbatim
    std::map<std::string, Shape> initializers;     ///< exact set, name -> dims
    std::vector<std::string> inputs;               ///< the ONNX node's inputs
    bool dynamicBatch = true;
    std::string node = "layer"; ///< the one ONNX node of the export (a Constant has none: its consumer's)
    /// Initializer of each engine parameter not named like it (a Constant's value: its output value's name).
    std::map<std::string, std::string> initializerOf;
};

namespace cases {

/// Graph x -> node "layer" -> output, parameters randomized (BatchNorm variances kept positive).
inline OnnxOpCase single(std::unique_ptr<Op> op, Shape input, std::string opType,
                         std::map<std::string, std::string> attributes = {},
                         std::map<std::string, Shape> initializers = {}, std::vector<std::string> inputs = {"x"})
{
    OnnxOpCase c;
    randomizeParameters(*op, 11);
    if (auto* bn = dynamic_cast<BatchNorm*>(op.get())) {
        bn->runningVar().value.copyFrom(randomTensor(bn->runningVar().value.shape(), 5, 0.5f, 1.5f));
        bn->runningVar().markModified();
    }
    c.graph.addInput("x", std::move(input));
    c.graph.addNode("layer", std::move(op), {"x"});
    c.graph.addOutput("layer");
    c.opType = std::move(opType);
    c.attributes = std::move(attributes);
    c.initializers = std::move(initializers);
    c.inputs = std::move(inputs);
    return c;
}

inline Conv2DParams conv(int64_t in, int64_t out, int64_t kh, int64_t kw)
{
    Conv2DParams p;
    p.inChannels = in;
    p.outChannels = out;
    p.kernelH = kh;
    p.kernelW = kw;
    return p;
}

inline OnnxOpCase twoInputs(std::unique_ptr<Op> op, Shape a, Shape b, std::string opType,
                            std::map<std::string, std::string> attributes = {})
{
    OnnxOpCase c;
    c.graph.addInput("a", std::move(a));
    c.graph.addInput("b", std::move(b));
    c.graph.addNode("layer", std::move(op), {"a", "b"});
    c.graph.addOutput("layer");
    c.opType = std::move(opType);
    c.attributes = std::move(attributes);
    c.inputs = {"a", "b"};
    return c;
}

inline std::map<std::string, std::function<OnnxOpCase()>> all()
{
    using A = std::map<std::string, std::string>;
    std::map<std::string, std::function<OnnxOpCase()>> m;
    const Shape image{-1, 3, 9, 8};
    m["conv_explicit"] = [=] {
        auto p = conv(3, 4, 3, 2);
        p.strideH = 2;
        p.padTop = 1, p.padRight = 1;
        p.dilationW = 2;
        return single(
            std::make_unique<Conv2D>(p), image, "Conv",
            A{{"kernel_shape", "3,2"}, {"strides", "2,1"}, {"pads", "1,0,0,1"}, {"dilations", "1,2"}, {"group", "1"}},
            {{"layer.weight", {4, 3, 3, 2}}, {"layer.bias", {4}}}, {"x", "layer.weight", "layer.bias"});
    };
    m["conv_same_upper_groups_nobias"] = [] {
        auto p = conv(4, 6, 3, 3);
        p.groups = 2, p.strideH = p.strideW = 2, p.bias = false, p.padMode = PadMode::SameUpper;
        return single(std::make_unique<Conv2D>(p), {-1, 4, 8, 7}, "Conv",
                      A{{"kernel_shape", "3,3"},
                        {"strides", "2,2"},
                        {"auto_pad", "SAME_UPPER"},
                        {"dilations", "1,1"},
                        {"group", "2"}},
                      {{"layer.weight", {6, 2, 3, 3}}}, {"x", "layer.weight"});
    };
    m["conv_same_lower"] = [=] {
        auto p = conv(3, 2, 2, 2);
        p.padMode = PadMode::SameLower;
        return single(std::make_unique<Conv2D>(p), image, "Conv",
                      A{{"kernel_shape", "2,2"},
                        {"strides", "1,1"},
                        {"auto_pad", "SAME_LOWER"},
                        {"dilations", "1,1"},
                        {"group", "1"}},
                      {{"layer.weight", {2, 3, 2, 2}}, {"layer.bias", {2}}}, {"x", "layer.weight", "layer.bias"});
    };
    m["conv_valid"] = [=] {
        auto p = conv(3, 2, 3, 3);
        p.padMode = PadMode::Valid;
        p.padTop = 1; // ignored in Valid mode
        return single(
            std::make_unique<Conv2D>(p), image, "Conv",
            A{{"kernel_shape", "3,3"}, {"strides", "1,1"}, {"auto_pad", "VALID"}, {"dilations", "1,1"}, {"group", "1"}},
            {{"layer.weight", {2, 3, 3, 3}}, {"layer.bias", {2}}}, {"x", "layer.weight", "layer.bias"});
    };
    m["conv_transpose"] = [] {
        ConvTranspose2DParams p;
        p.inChannels = 4, p.outChannels = 6, p.kernelH = 3, p.kernelW = 2, p.strideH = 2, p.strideW = 3;
        p.padTop = 1, p.padBottom = 1, p.padLeft = 1, p.outputPaddingH = 1, p.outputPaddingW = 2, p.groups = 2;
        return single(std::make_unique<ConvTranspose2D>(p), {-1, 4, 5, 4}, "ConvTranspose",
                      A{{"kernel_shape", "3,2"},
                        {"strides", "2,3"},
                        {"pads", "1,1,1,0"},
                        {"output_padding", "1,2"},
                        {"dilations", "1,1"},
                        {"group", "2"}},
                      {{"layer.weight", {4, 3, 3, 2}}, {"layer.bias", {6}}}, {"x", "layer.weight", "layer.bias"});
    };
    m["conv_transpose3d"] = [] {
        ConvTranspose3DParams p;
        p.inChannels = 4, p.outChannels = 6, p.kernel = {3, 2, 2}, p.stride = {2, 1, 3}, p.padBegin = {1, 0, 1};
        p.padEnd = {0, 1, 1}, p.outputPadding = {1, 0, 2}, p.dilation = {1, 2, 1}, p.groups = 2;
        return single(std::make_unique<ConvTranspose3D>(p), {-1, 4, 3, 4, 3}, "ConvTranspose",
                      A{{"kernel_shape", "3,2,2"},
                        {"strides", "2,1,3"},
                        {"pads", "1,0,1,0,1,1"},
                        {"output_padding", "1,0,2"},
                        {"dilations", "1,2,1"},
                        {"group", "2"}},
                      {{"layer.weight", {4, 3, 3, 2, 2}}, {"layer.bias", {6}}}, {"x", "layer.weight", "layer.bias"});
    };
    m["conv_transpose3d_nobias"] = [] {
        ConvTranspose3DParams p;
        p.inChannels = 2, p.outChannels = 3, p.kernel = {2, 2, 2}, p.stride = {2, 2, 2}, p.bias = false;
        return single(std::make_unique<ConvTranspose3D>(p), {-1, 2, 2, 3, 2}, "ConvTranspose",
                      A{{"kernel_shape", "2,2,2"},
                        {"strides", "2,2,2"},
                        {"pads", "0,0,0,0,0,0"},
                        {"output_padding", "0,0,0"},
                        {"dilations", "1,1,1"},
                        {"group", "1"}},
                      {{"layer.weight", {2, 3, 2, 2, 2}}}, {"x", "layer.weight"});
    };
    m["gemm_dense"] = [] {
        return single(Gemm::dense(6, 5), {-1, 6}, "Gemm",
                      A{{"alpha", "1"}, {"beta", "1"}, {"transA", "0"}, {"transB", "1"}},
                      {{"layer.weight", {5, 6}}, {"layer.bias", {5}}}, {"x", "layer.weight", "layer.bias"});
    };
    m["gemm_transA_alpha_beta"] = [] {
        GemmParams p;
        p.inFeatures = 6, p.outFeatures = 5, p.transA = true, p.alpha = 0.5f, p.beta = 2.f, p.biasShape = {1, 5};
        return single(std::make_unique<Gemm>(p), {6, -1}, "Gemm",
                      A{{"alpha", "0.5"}, {"beta", "2"}, {"transA", "1"}, {"transB", "0"}},
                      {{"layer.weight", {6, 5}}, {"layer.bias", {1, 5}}}, {"x", "layer.weight", "layer.bias"});
    };
    m["gemm_nobias"] = [] {
        return single(Gemm::dense(6, 5, false), {-1, 6}, "Gemm",
                      A{{"alpha", "1"}, {"beta", "1"}, {"transA", "0"}, {"transB", "1"}}, {{"layer.weight", {5, 6}}},
                      {"x", "layer.weight"});
    };
    m["matmul"] = [] { return twoInputs(std::make_unique<MatMul>(), {-1, 3, 4}, {4, 5}, "MatMul"); };
    m["constant"] = [] { // x @ C: the Constant becomes initializer "layer" of MatMul "use" (rank 3: no Gemm)
        OnnxOpCase c;
        c.graph.addInput("x", {-1, 3, 4});
        c.graph.addNode("layer", std::make_unique<Constant>(randomTensor({4, 5}, 12, -1.f, 1.f)), {});
        c.graph.addNode("use", std::make_unique<MatMul>(), {"x", "layer"});
        c.graph.addOutput("use");
        c.opType = "MatMul";
        c.initializers = {{"layer", {4, 5}}};
        c.inputs = {"x", "layer"};
        c.node = "use";
        c.initializerOf = {{"layer.value", "layer"}};
        return c;
    };
    m["add_two_inputs"] = [] { return twoInputs(std::make_unique<Add>(), {-1, 3, 4}, {-1, 3, 4}, "Add"); };
    m["sub_broadcast"] = [] { return twoInputs(std::make_unique<Sub>(), {-1, 3, 4}, {4}, "Sub"); };
    auto constant = [](std::unique_ptr<Op> op, const std::string& type, Shape c) {
        return single(std::move(op), {-1, 3, 4}, type, {}, {{"layer.constant", c}}, {"x", "layer.constant"});
    };
    m["add_constant"] = [=] { return constant(std::make_unique<Add>(Tensor({3, 1})), "Add", {3, 1}); };
    m["sub_constant"] = [=] { return constant(std::make_unique<Sub>(Tensor({4})), "Sub", {4}); };
    m["mul_constant_scalar"] = [=] { return constant(std::make_unique<Mul>(Tensor(Shape{}, 1.f)), "Mul", {}); };
    m["div_constant"] = [=] { return constant(std::make_unique<Div>(Tensor({1, 3, 4}, 2.f), true), "Div", {1, 3, 4}); };
    const Shape plain{-1, 3, 4};
    m["relu"] = [=] { return single(std::make_unique<Relu>(), plain, "Relu"); };
    m["leaky_relu"] = [=] {
        return single(std::make_unique<LeakyRelu>(LeakyReluParams{0.2f}), plain, "LeakyRelu", {{"alpha", "0.2"}});
    };
    m["elu"] = [=] { return single(std::make_unique<Elu>(EluParams{0.7f}), plain, "Elu", {{"alpha", "0.7"}}); };
    m["sigmoid"] = [=] { return single(std::make_unique<Sigmoid>(), plain, "Sigmoid"); };
    m["tanh"] = [=] { return single(std::make_unique<Tanh>(), plain, "Tanh"); };
    m["softplus"] = [=] { return single(std::make_unique<Softplus>(), plain, "Softplus"); };
    m["gelu"] = [=] {
        OnnxOpCase c = single(std::make_unique<Gelu>(), plain, "Gelu", {{"approximate", "none"}});
        c.opset = 20;
        return c;
    };
    m["gelu_tanh"] = [=] {
        OnnxOpCase c = single(std::make_unique<Gelu>(GeluParams{true}), plain, "Gelu", {{"approximate", "tanh"}});
        c.opset = 20;
        return c;
    };
    m["softmax"] = [=] {
        return single(std::make_unique<Softmax>(SoftmaxParams{1}), plain, "Softmax", {{"axis", "1"}});
    };
    m["log_softmax"] = [=] { return single(std::make_unique<LogSoftmax>(), plain, "LogSoftmax", {{"axis", "-1"}}); };
    m["max_pool"] = [=] {
        MaxPool2DParams p;
        p.kernelH = 3, p.kernelW = 2, p.strideH = 2, p.strideW = 1, p.padTop = 1, p.padLeft = 1, p.dilationW = 2;
        p.ceilMode = true;
        return single(std::make_unique<MaxPool2D>(p), image, "MaxPool",
                      A{{"kernel_shape", "3,2"},
                        {"strides", "2,1"},
                        {"pads", "1,1,0,0"},
                        {"dilations", "1,2"},
                        {"ceil_mode", "1"}});
    };
    m["max_pool_same"] = [=] {
        MaxPool2DParams p;
        p.kernelH = p.kernelW = 3, p.padMode = PadMode::SameUpper;
        return single(std::make_unique<MaxPool2D>(p), image, "MaxPool",
                      A{{"kernel_shape", "3,3"},
                        {"strides", "2,2"},
                        {"auto_pad", "SAME_UPPER"},
                        {"dilations", "1,1"},
                        {"ceil_mode", "0"}});
    };
    m["avg_pool_include_pad"] = [=] {
        AvgPool2DParams p;
        p.kernelH = p.kernelW = 3, p.padTop = p.padLeft = p.padBottom = p.padRight = 1, p.countIncludePad = true;
        p.ceilMode = true;
        return single(std::make_unique<AvgPool2D>(p), image, "AveragePool",
                      A{{"kernel_shape", "3,3"},
                        {"strides", "2,2"},
                        {"pads", "1,1,1,1"},
                        {"ceil_mode", "1"},
                        {"count_include_pad", "1"}});
    };
    m["avg_pool_dilated"] = [=] {
        AvgPool2DParams p;
        p.padTop = 1, p.dilationH = 2;
        OnnxOpCase c = single(std::make_unique<AvgPool2D>(p), image, "AveragePool",
                              A{{"kernel_shape", "2,2"},
                                {"strides", "2,2"},
                                {"pads", "1,0,0,0"},
                                {"dilations", "2,1"},
                                {"ceil_mode", "0"},
                                {"count_include_pad", "0"}});
        c.opset = 19;
        return c;
    };
    m["global_avg_pool"] = [=] { return single(std::make_unique<GlobalAvgPool>(), image, "GlobalAveragePool"); };
    m["global_max_pool"] = [=] { return single(std::make_unique<GlobalMaxPool>(), image, "GlobalMaxPool"); };
    m["batch_norm"] = [=] {
        BatchNormParams p;
        p.numFeatures = 3, p.epsilon = 1e-3f, p.momentum = 0.25f;
        return single(
            std::make_unique<BatchNorm>(p), image, "BatchNormalization", A{{"epsilon", "0.001"}, {"momentum", "0.75"}},
            {{"layer.weight", {3}}, {"layer.bias", {3}}, {"layer.running_mean", {3}}, {"layer.running_var", {3}}},
            {"x", "layer.weight", "layer.bias", "layer.running_mean", "layer.running_var"});
    };
    m["batch_norm_not_affine"] = [] {
        BatchNormParams p;
        p.numFeatures = 6, p.affine = false;
        return single(
            std::make_unique<BatchNorm>(p), {-1, 6}, "BatchNormalization", A{{"epsilon", "1e-05"}, {"momentum", "0.9"}},
            {{"layer.weight", {6}}, {"layer.bias", {6}}, {"layer.running_mean", {6}}, {"layer.running_var", {6}}},
            {"x", "layer.weight", "layer.bias", "layer.running_mean", "layer.running_var"});
    };
    m["layer_norm"] = [] {
        LayerNormParams p;
        p.normalizedShape = {4, 5}, p.epsilon = 1e-4f;
        OnnxOpCase c = single(std::make_unique<LayerNorm>(p), {-1, 3, 4, 5}, "LayerNormalization",
                              A{{"axis", "-2"}, {"epsilon", "0.0001"}},
                              {{"layer.weight", {4, 5}}, {"layer.bias", {4, 5}}}, {"x", "layer.weight", "layer.bias"});
        c.opset = 17;
        return c;
    };
    m["layer_norm_no_bias"] = [] {
        LayerNormParams p;
        p.normalizedShape = {5}, p.bias = false;
        OnnxOpCase c = single(std::make_unique<LayerNorm>(p), {-1, 3, 5}, "LayerNormalization",
                              A{{"axis", "-1"}, {"epsilon", "1e-05"}}, {{"layer.weight", {5}}}, {"x", "layer.weight"});
        c.opset = 17;
        return c;
    };
    m["dropout"] = [=] { return single(std::make_unique<Dropout>(), plain, "Dropout"); };
    m["dropout_ratio"] = [=] {
        return single(std::make_unique<Dropout>(DropoutParams{0.25f}), plain, "Dropout", {}, {{"layer.ratio", {}}},
                      {"x", "layer.ratio"});
    };
    m["identity"] = [=] { return single(std::make_unique<Identity>(), plain, "Identity"); };
    m["flatten"] = [=] {
        return single(std::make_unique<Flatten>(FlattenParams{2}), image, "Flatten", {{"axis", "2"}});
    };
    m["reshape"] = [=] {
        return single(std::make_unique<Reshape>(ReshapeParams{{0, -1, 2}}), image, "Reshape", {},
                      {{"layer.shape", {3}}}, {"x", "layer.shape"});
    };
    m["reshape_allowzero"] = [] {
        OnnxOpCase c = single(std::make_unique<Reshape>(ReshapeParams{{-1, 12}, true}), {-1, 3, 4}, "Reshape",
                              {{"allowzero", "1"}}, {{"layer.shape", {2}}}, {"x", "layer.shape"});
        c.opset = 14;
        return c;
    };
    m["transpose"] = [=] {
        return single(std::make_unique<Transpose>(TransposeParams{{0, 2, 3, 1}}), image, "Transpose",
                      {{"perm", "0,2,3,1"}});
    };
    m["transpose_reverse"] = [=] { return single(std::make_unique<Transpose>(), plain, "Transpose"); };
    m["concat"] = [] {
        return twoInputs(std::make_unique<Concat>(ConcatParams{-2}), {-1, 3, 4}, {-1, 2, 4}, "Concat",
                         {{"axis", "-2"}});
    };
    m["pad_constant"] = [=] {
        PadParams p = PadParams::fromOnnx(std::vector<int64_t>{0, 0, 1, 2, 0, 1, 0, 3}, PadFillMode::Constant, 1.5f);
        return single(std::make_unique<Pad>(p), image, "Pad", {{"mode", "constant"}},
                      {{"layer.pads", {8}}, {"layer.value", {}}}, {"x", "layer.pads", "layer.value"});
    };
    m["pad_reflect"] = [=] {
        PadParams p = PadParams::fromOnnx(std::vector<int64_t>{0, 0, 2, 1, 0, 0, 1, 2}, PadFillMode::Reflect);
        return single(std::make_unique<Pad>(p), image, "Pad", {{"mode", "reflect"}}, {{"layer.pads", {8}}},
                      {"x", "layer.pads"});
    };
    m["pad_edge"] = [=] {
        PadParams p = PadParams::fromOnnx(std::vector<int64_t>{0, 1, 0, 2}, PadFillMode::Edge);
        return single(std::make_unique<Pad>(p), {-1, 4}, "Pad", {{"mode", "edge"}}, {{"layer.pads", {4}}},
                      {"x", "layer.pads"});
    };
    m["resize_nearest_scales"] = [=] {
        return single(
            std::make_unique<Resize>(ResizeParams::pytorchNearest(2, 1.5)), image, "Resize",
            A{{"mode", "nearest"}, {"coordinate_transformation_mode", "asymmetric"}, {"nearest_mode", "floor"}},
            {{"layer.scales", {4}}}, {"x", "", "layer.scales"});
    };
    m["resize_bilinear_align_corners"] = [=] {
        return single(std::make_unique<Resize>(ResizeParams::pytorchBilinear(2, 2, true)), image, "Resize",
                      A{{"mode", "linear"}, {"coordinate_transformation_mode", "align_corners"}},
                      {{"layer.scales", {4}}}, {"x", "", "layer.scales"});
    };
    auto sized = [=](int64_t outH, int64_t outW, ResizeCoordinates coords) {
        ResizeParams p;
        p.mode = ResizeMode::Nearest, p.coordinates = coords, p.outH = outH, p.outW = outW;
        p.nearestRounding = ResizeNearestRounding::RoundPreferCeil;
        return std::make_unique<Resize>(p);
    };
    const A sizedAttributes{
        {"mode", "nearest"}, {"coordinate_transformation_mode", "half_pixel"}, {"nearest_mode", "round_prefer_ceil"}};
    m["resize_size_exact_scale"] = [=] {
        return single(sized(18, 4, ResizeCoordinates::HalfPixel), image, "Resize", sizedAttributes,
                      {{"layer.scales", {4}}}, {"x", "", "layer.scales"});
    };
    m["resize_size_axes"] = [=] {
        A attributes = sizedAttributes;
        attributes["axes"] = "2,3";
        OnnxOpCase c = single(sized(7, 5, ResizeCoordinates::HalfPixel), image, "Resize", attributes,
                              {{"layer.sizes", {2}}}, {"x", "", "", "layer.sizes"});
        c.opset = 18;
        return c;
    };
    m["resize_size_dynamic_spatial"] = [=] { // 18 = 2 * 9 only for the declared size: no scales
        A attributes = sizedAttributes;
        attributes["axes"] = "2,3";
        OnnxOpCase c = single(sized(18, 4, ResizeCoordinates::HalfPixel), {-1, 3, -1, -1}, "Resize", attributes,
                              {{"layer.sizes", {2}}}, {"x", "", "", "layer.sizes"});
        c.opset = 18;
        return c;
    };
    m["resize_size_fixed_batch"] = [=] {
        OnnxOpCase c = single(sized(7, 5, ResizeCoordinates::HalfPixel), {2, 3, 9, 8}, "Resize", sizedAttributes,
                              {{"layer.sizes", {4}}}, {"x", "", "", "layer.sizes"});
        c.dynamicBatch = false;
        return c;
    };
    return m;
}

} // namespace cases

} // namespace lantern::test

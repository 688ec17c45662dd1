// Spatial Keras layers: Conv2D / Convolution2D, 2-D pooling, global pooling,
// ZeroPadding2D. Engine spatial ops are NCHW; channels-last inputs are used
// through channels-first views (see keras_builder.h).
#include "formats/keras_layers.h"

#include "lantern/error.h"
#include "lantern/ops/avg_pool2d.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/global_avg_pool.h"
#include "lantern/ops/global_max_pool.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/ops/pad.h"

namespace lantern::formats::keras {

namespace {

/// "valid" or "same" from Keras 2 `padding` or Keras 1 `border_mode`.
bool samePadding(const LayerConfig& layer)
{
    const std::string mode = layer.has("padding") ? layer.string("padding") : layer.string("border_mode", "valid");
    if (mode == "same")
        return true;
    if (mode != "valid")
        layer.unsupported("padding '" + mode + "' is not supported (valid, same)");
    return false;
}

/// The layer's input as an NCHW engine value: a channels-first view of
/// channels-last data, or the channels-first Keras tensor itself.
KValue spatialInput(GraphBuilder& b, const LayerConfig& layer, const KValue& input, bool channelsLast)
{
    const KValue x = channelsLast ? b.toChannelsFirst(input, layer) : b.toNative(input);
    if (b.shape(x.value).size() != 4)
        throw ShapeError(layer.where() + ": expects a 4-D input, got " + shapeToString(b.kerasShape(x)));
    return x;
}

} // namespace

KValue convertConv2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    const bool keras1 = layer.has("nb_filter");
    const bool channelsLast = layer.channelsLast(b.context().channelsLast);
    const int64_t filters = keras1 ? layer.integer("nb_filter") : layer.integer("filters");
    const std::vector<int64_t> kernel = layer.has("kernel_size")
                                            ? layer.ints("kernel_size", 2)
                                            : std::vector<int64_t>{layer.integer("nb_row"), layer.integer("nb_col")};
    const std::vector<int64_t> strides =
        layer.has("strides") ? layer.ints("strides", 2) : layer.ints("subsample", 2, std::vector<int64_t>{1, 1});
    const std::vector<int64_t> dilation = layer.has("dilation_rate")
                                              ? layer.ints("dilation_rate", 2)
                                              : layer.ints("atrous_rate", 2, std::vector<int64_t>{1, 1});
    const bool bias = layer.has("use_bias") ? layer.boolean("use_bias") : layer.boolean("bias", true);
    const std::string act = layer.string("activation", "linear");
    if (layer.integer("groups", 1) != 1)
        layer.unsupported("grouped convolution (groups " + std::to_string(layer.integer("groups")) +
                          ") is not supported");
    const bool same = samePadding(layer);
    const KValue x = spatialInput(b, layer, input, channelsLast);
    const int64_t in = b.shape(x.value)[1];

    Conv2DParams p;
    p.inChannels = in;
    p.outChannels = filters;
    p.kernelH = kernel[0];
    p.kernelW = kernel[1];
    p.strideH = strides[0];
    p.strideW = strides[1];
    p.dilationH = dilation[0];
    p.dilationW = dilation[1];
    p.bias = bias;
    p.padMode = same ? PadMode::SameUpper : PadMode::Valid;
    if (filters <= 0 || p.kernelH <= 0 || p.kernelW <= 0 || p.strideH <= 0 || p.strideW <= 0 || p.dilationH <= 0 ||
        p.dilationW <= 0)
        layer.malformed("filters, kernel size, strides and dilation must be positive");

    // Keras 1 with dim_ordering th stores kernels (out, in, rows, cols);
    // everything else (kh, kw, in, out).
    const bool thLayout = keras1 && !channelsLast;
    const int64_t kh = p.kernelH, kw = p.kernelW;
    std::vector<WeightSpec> specs{{thLayout ? "kernel (dim_ordering th)" : "kernel",
                                   thLayout ? Shape{filters, in, kh, kw} : Shape{kh, kw, in, filters},
                                   WeightInit::Glorot, in * kh * kw, filters * kh * kw}};
    if (bias)
        specs.push_back({"bias", {filters}, WeightInit::Zeros, 1, 1});
    const std::vector<Tensor> w = b.weights().take(layer.name(), layer.layer().className, specs);

    auto conv = std::make_unique<Conv2D>(p);
    Tensor weight({filters, in, kh, kw});
    const bool flip = b.context().flipKernels;
    for (int64_t o = 0; o < filters; ++o)
        for (int64_t i = 0; i < in; ++i)
            for (int64_t r = 0; r < kh; ++r)
                for (int64_t c = 0; c < kw; ++c) {
                    // Theano kernels are true convolutions: flip rows and columns for
                    // cross-correlation.
                    const int64_t sr = flip ? kh - 1 - r : r;
                    const int64_t sc = flip ? kw - 1 - c : c;
                    const int64_t src =
                        thLayout ? ((o * in + i) * kh + sr) * kw + sc : ((sr * kw + sc) * in + i) * filters + o;
                    weight[((o * in + i) * kh + r) * kw + c] = w[0][src];
                }
    if (flip)
        ++b.context().flippedKernels;
    conv->weight().value = weight;
    conv->weight().markModified();
    if (bias) {
        conv->bias()->value = w[1].clone();
        conv->bias()->markModified();
    }
    const std::string out = b.add(layer, layer.name(), std::move(conv), {x.value});
    return b.activation(layer, act, {out, channelsLast}, false);
}

KValue convertPool2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input, bool max)
{
    const bool channelsLast = layer.channelsLast(b.context().channelsLast);
    const std::vector<int64_t> pool = layer.ints("pool_size", 2, std::vector<int64_t>{2, 2});
    const std::vector<int64_t> strides = layer.has("strides") ? layer.ints("strides", 2) : pool;
    const bool same = samePadding(layer);
    if (pool[0] <= 0 || pool[1] <= 0 || strides[0] <= 0 || strides[1] <= 0)
        layer.malformed("pool_size and strides must be positive");
    const KValue x = spatialInput(b, layer, input, channelsLast);
    const Shape& s = b.shape(x.value);
    // TensorFlow "same": output ceil(in / stride), the odd padding pixel at the
    // end, padding never counted.
    const PadMode mode = same ? PadMode::SameUpper : PadMode::Valid;
    const AxisPadding ph = resolvePadding(mode, s[2], pool[0], strides[0], 1, 0, 0);
    const AxisPadding pw = resolvePadding(mode, s[3], pool[1], strides[1], 1, 0, 0);
    std::unique_ptr<Op> op;
    if (max) {
        MaxPool2DParams p;
        p.kernelH = pool[0];
        p.kernelW = pool[1];
        p.strideH = strides[0];
        p.strideW = strides[1];
        p.padTop = ph.begin;
        p.padBottom = ph.end;
        p.padLeft = pw.begin;
        p.padRight = pw.end;
        op = std::make_unique<MaxPool2D>(p);
    } else {
        AvgPool2DParams p;
        p.kernelH = pool[0];
        p.kernelW = pool[1];
        p.strideH = strides[0];
        p.strideW = strides[1];
        p.padTop = ph.begin;
        p.padBottom = ph.end;
        p.padLeft = pw.begin;
        p.padRight = pw.end;
        p.countIncludePad = false;
        op = std::make_unique<AvgPool2D>(p);
    }
    return {b.add(layer, layer.name(), std::move(op), {x.value}), channelsLast};
}

KValue convertGlobalPool2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input, bool max)
{
    const bool channelsLast = layer.channelsLast(b.context().channelsLast);
    const bool keepdims = layer.boolean("keepdims", false);
    const KValue x = spatialInput(b, layer, input, channelsLast);
    std::unique_ptr<Op> op;
    if (max)
        op = std::make_unique<GlobalMaxPool>();
    else
        op = std::make_unique<GlobalAvgPool>();
    const std::string pooled = b.add(layer, layer.name(), std::move(op), {x.value}); // (N, C, 1, 1)
    if (keepdims)
        return {pooled, channelsLast};
    return {b.add(layer, layer.name() + "_flatten", std::make_unique<Flatten>(FlattenParams{1}), {pooled}), false};
}

KValue convertZeroPadding2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    int64_t top = 1, bottom = 1, left = 1, right = 1;
    if (layer.has("padding")) {
        const Json& j = layer.raw("padding");
        auto num = [&](const Json& v) -> int64_t {
            if (!v.is_number_integer() || v.get<int64_t>() < 0)
                layer.malformed("padding must hold non-negative integers, got " + j.dump());
            return v.get<int64_t>();
        };
        if (j.is_number_integer()) {
            top = bottom = left = right = num(j);
        } else if (j.is_object()) {
            top = num(j.value("top_pad", Json(0)));
            bottom = num(j.value("bottom_pad", Json(0)));
            left = num(j.value("left_pad", Json(0)));
            right = num(j.value("right_pad", Json(0)));
        } else if (j.is_array() && j.size() == 2 && j[0].is_array() && j[1].is_array() && j[0].size() == 2 &&
                   j[1].size() == 2) {
            top = num(j[0][0]);
            bottom = num(j[0][1]);
            left = num(j[1][0]);
            right = num(j[1][1]);
        } else if (j.is_array() && j.size() == 2) {
            top = bottom = num(j[0]);
            left = right = num(j[1]);
        } else if (j.is_array() && j.size() == 4) {
            top = num(j[0]);
            bottom = num(j[1]);
            left = num(j[2]);
            right = num(j[3]);
        } else {
            layer.malformed("padding must be an integer, 2 integers, 4 integers or "
                            "((top, bottom), (left, right)), "
                            "got " +
                            j.dump());
        }
    }
    const bool channelsLast = layer.channelsLast(b.context().channelsLast);
    if (b.kerasShape(input).size() != 4)
        throw ShapeError(layer.where() + ": expects a 4-D input, got " + shapeToString(b.kerasShape(input)));
    // Pad works in any layout: pad the Keras rows and columns wherever the engine value holds them.
    static const size_t viewAxis[4] = {0, 2, 3, 1};
    const size_t rows = channelsLast ? 1 : 2, cols = rows + 1;
    PadParams p;
    p.pads.resize(4);
    p.pads[input.nchwView ? viewAxis[rows] : rows] = {top, bottom};
    p.pads[input.nchwView ? viewAxis[cols] : cols] = {left, right};
    return {b.add(layer, layer.name(), std::make_unique<Pad>(p), {input.value}), input.nchwView};
}

} // namespace lantern::formats::keras

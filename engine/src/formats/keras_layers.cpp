// Non-spatial Keras layers: Dense, activations, Dropout, Flatten, Reshape,
// BatchNormalization, merges.
#include "formats/keras_layers.h"

#include "lantern/error.h"
#include "lantern/ops/add.h"
#include "lantern/ops/batch_norm.h"
#include "lantern/ops/concat.h"
#include "lantern/ops/dropout.h"
#include "lantern/ops/elu.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/leaky_relu.h"
#include "lantern/ops/mul.h"
#include "lantern/ops/relu.h"
#include "lantern/ops/reshape.h"
#include "lantern/ops/softmax.h"
#include "lantern/ops/sub.h"
#include "lantern/ops/transpose.h"

#include <algorithm>
#include <functional>
#include <map>

namespace lantern::formats::keras {

namespace {

const KValue& single(const LayerConfig& layer, const std::vector<KValue>& inputs)
{
    if (inputs.size() != 1)
        layer.malformed("expects 1 input, got " + std::to_string(inputs.size()));
    return inputs.front();
}

/// Keras axis (negative counts from the end) normalised for a tensor of the
/// given rank; batch axis refused.
int64_t kerasAxis(const LayerConfig& layer, const std::string& key, int64_t fallback, size_t rank)
{
    int64_t axis = fallback;
    if (layer.has(key)) {
        const Json& j = layer.raw(key);
        if (j.is_array() && j.size() == 1 && j[0].is_number_integer())
            axis = j[0].get<int64_t>();
        else if (j.is_array())
            layer.unsupported("normalising over several axes " + j.dump() + " is not supported");
        else
            axis = layer.integer(key);
    }
    const int64_t r = static_cast<int64_t>(rank);
    const int64_t a = axis < 0 ? axis + r : axis;
    if (a < 1 || a >= r)
        layer.malformed("axis " + std::to_string(axis) + " is out of range for a rank-" + std::to_string(r) +
                        " input (the batch axis cannot be used)");
    return a;
}

/// Engine axis of Keras axis `a` of a rank-4 tensor held as a channels-first
/// view.
int64_t viewAxis(int64_t a)
{
    static const int64_t map[4] = {0, 2, 3, 1};
    return map[a];
}

KValue convertDense(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    const int64_t units = layer.has("units") ? layer.integer("units") : layer.integer("output_dim");
    const bool bias = layer.has("use_bias") ? layer.boolean("use_bias") : layer.boolean("bias", true);
    const std::string act = layer.string("activation", "linear");
    if (units <= 0)
        layer.malformed("needs a positive number of units, got " + std::to_string(units));
    const KValue x = b.toNative(input);
    const Shape ks = b.kerasShape(x);
    if (ks.size() < 2)
        throw ShapeError(layer.where() + ": needs an input with a feature axis, got " + shapeToString(ks));
    const int64_t in = ks.back();
    if (layer.has("input_dim") && layer.integer("input_dim") != in)
        throw ShapeError(layer.where() + ": declares input_dim " + std::to_string(layer.integer("input_dim")) +
                         " but its input has " + std::to_string(in) + " features " + shapeToString(ks));
    std::vector<WeightSpec> specs{{"kernel", {in, units}, WeightInit::Glorot, in, units}};
    if (bias)
        specs.push_back({"bias", {units}, WeightInit::Zeros, 1, 1});
    const std::vector<Tensor> w = b.weights().take(layer.name(), layer.layer().className, specs);
    auto gemm = Gemm::dense(in, units, bias);
    Tensor weight({units, in}); // Keras kernel (in, out) -> engine (out, in)
    for (int64_t i = 0; i < in; ++i)
        for (int64_t j = 0; j < units; ++j)
            weight[j * in + i] = w[0][i * units + j];
    gemm->weight().value = weight;
    gemm->weight().markModified();
    if (bias) {
        gemm->bias()->value = w[1].clone();
        gemm->bias()->markModified();
    }
    if (ks.size() == 2)
        return b.activation(layer, act, {b.add(layer, layer.name(), std::move(gemm), {x.value}), false}, false);
    // Dense on (batch, ..., features) acts on the last axis: rows of a matrix,
    // then the shape back.
    const std::string rows =
        b.add(layer, layer.name() + "_rows", std::make_unique<Reshape>(ReshapeParams{{-1, in}}), {x.value});
    const KValue y = b.activation(layer, act, {b.add(layer, layer.name(), std::move(gemm), {rows}), false}, false);
    Shape target{-1};
    target.insert(target.end(), ks.begin() + 1, ks.end() - 1);
    target.push_back(units);
    return {b.add(layer, layer.name() + "_unrows", std::make_unique<Reshape>(ReshapeParams{target}), {y.value}), false};
}

KValue convertBatchNorm(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    const bool keras1 = layer.has("mode") || b.context().kerasMajor == 1;
    if (layer.integer("mode", 0) != 0)
        layer.unsupported("mode " + std::to_string(layer.integer("mode")) +
                          " is not supported (only mode 0, feature-wise normalisation with "
                          "running statistics; "
                          "mode 1 is sample-wise, mode 2 uses batch statistics at test time)");
    if (layer.boolean("renorm", false))
        layer.unsupported("batch renormalisation (renorm) is not supported");
    if (layer.has("virtual_batch_size"))
        layer.unsupported("virtual_batch_size is not supported");
    const double eps = layer.number("epsilon", 1e-3);
    const double momentum = layer.number("momentum", 0.99);
    const bool center = keras1 || layer.boolean("center", true);
    const bool scale = keras1 || layer.boolean("scale", true);

    const size_t rank = b.kerasShape(input).size();
    const int64_t a = kerasAxis(layer, "axis", -1, rank);
    // Bring the normalised axis to engine axis 1.
    KValue x = input;
    std::vector<int64_t> perm;
    if (!(input.nchwView && a == 3)) {
        x = b.toNative(input);
        if (rank == 4 && a == 3) {
            x = b.toChannelsFirst(x, layer);
        } else if (a != 1) {
            perm = {0, a};
            for (int64_t i = 1; i < static_cast<int64_t>(rank); ++i)
                if (i != a)
                    perm.push_back(i);
            x = {b.add(layer, layer.name() + "_axis_first", std::make_unique<Transpose>(TransposeParams{perm}),
                       {x.value}),
                 false};
        }
    }
    const int64_t c = b.shape(x.value)[1];
    std::vector<WeightSpec> specs;
    if (scale)
        specs.push_back({"gamma", {c}, WeightInit::Ones, 1, 1});
    if (center)
        specs.push_back({"beta", {c}, WeightInit::Zeros, 1, 1});
    specs.push_back({"moving_mean", {c}, WeightInit::Zeros, 1, 1});
    // Keras 1 calls it running_std, but BatchNormalization mode 0 stores the
    // moving *variance* there: it is updated with the variance from
    // K.normalize_batch_in_training and passed as `var` to K.batch_normalization.
    specs.push_back({keras1 ? "running_std (variance)" : "moving_variance", {c}, WeightInit::Ones, 1, 1});
    const std::vector<Tensor> w = b.weights().take(layer.name(), layer.layer().className, specs);
    size_t k = 0;
    BatchNormParams p;
    p.numFeatures = c;
    p.epsilon = static_cast<float>(eps);
    p.momentum = static_cast<float>(1.0 - momentum); // Keras: running = momentum * running + (1 - momentum) * batch
    auto bn = std::make_unique<BatchNorm>(p);
    if (scale)
        bn->weight()->value = w[k++].clone();
    if (center)
        bn->bias()->value = w[k++].clone();
    bn->runningMean().value = w[k++].clone();
    bn->runningVar().value = w[k++].clone();
    for (Parameter* param : bn->parameters())
        param->markModified();
    KValue y{b.add(layer, layer.name(), std::move(bn), {x.value}), x.nchwView};
    if (!perm.empty()) {
        std::vector<int64_t> inverse(perm.size());
        for (size_t i = 0; i < perm.size(); ++i)
            inverse[static_cast<size_t>(perm[i])] = static_cast<int64_t>(i);
        y = {b.add(layer, layer.name() + "_axis_restore", std::make_unique<Transpose>(TransposeParams{inverse}),
                   {y.value}),
             false};
    }
    return y;
}

/// Brings several inputs to one layout: channels-first views when any is one
/// (and all are rank 4).
std::vector<KValue> unify(GraphBuilder& b, const LayerConfig& layer, const std::vector<KValue>& inputs)
{
    const bool anyView = std::any_of(inputs.begin(), inputs.end(), [](const KValue& v) { return v.nchwView; });
    const bool allRank4 =
        std::all_of(inputs.begin(), inputs.end(), [&](const KValue& v) { return b.kerasShape(v).size() == 4; });
    std::vector<KValue> out;
    for (const auto& v : inputs)
        out.push_back(anyView && allRank4 ? b.toChannelsFirst(v, layer) : b.toNative(v));
    return out;
}

KValue convertMerge(GraphBuilder& b, const LayerConfig& layer, const std::vector<KValue>& inputs)
{
    const std::string& cls = layer.layer().className;
    if (inputs.size() < 2 || (cls == "Subtract" && inputs.size() != 2))
        layer.malformed("expects " + std::string(cls == "Subtract" ? "2" : "at least 2") + " inputs, got " +
                        std::to_string(inputs.size()));
    const std::vector<KValue> xs = unify(b, layer, inputs);
    std::string acc = xs[0].value;
    for (size_t i = 1; i < xs.size(); ++i) {
        const std::string name = i + 1 == xs.size() ? layer.name() : layer.name() + "_partial" + std::to_string(i);
        std::unique_ptr<Op> op;
        if (cls == "Add")
            op = std::make_unique<Add>();
        else if (cls == "Subtract")
            op = std::make_unique<Sub>();
        else
            op = std::make_unique<Mul>();
        acc = b.add(layer, name, std::move(op), {acc, xs[i].value});
    }
    return {acc, xs[0].nchwView};
}

KValue convertConcatenate(GraphBuilder& b, const LayerConfig& layer, const std::vector<KValue>& inputs)
{
    if (inputs.empty())
        layer.malformed("has no inputs");
    const std::vector<KValue> xs = unify(b, layer, inputs);
    const int64_t a = kerasAxis(layer, "axis", -1, b.kerasShape(xs[0]).size());
    std::vector<std::string> values;
    for (const auto& v : xs)
        values.push_back(v.value);
    const int64_t axis = xs[0].nchwView ? viewAxis(a) : a;
    return {b.add(layer, layer.name(), std::make_unique<Concat>(ConcatParams{axis}), values), xs[0].nchwView};
}

KValue convertFlatten(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    // Keras flattens its own (channels-last) order, so a channels-first view goes
    // back first.
    KValue x = b.toNative(input);
    const size_t rank = b.kerasShape(x).size();
    if (layer.string("data_format", "channels_last") == "channels_first" && rank >= 3) {
        // Keras moves the channels last before flattening so that weights keep
        // their order.
        std::vector<int64_t> perm{0};
        for (int64_t i = 2; i < static_cast<int64_t>(rank); ++i)
            perm.push_back(i);
        perm.push_back(1);
        x = {b.add(layer, layer.name() + "_channels_last", std::make_unique<Transpose>(TransposeParams{perm}),
                   {x.value}),
             false};
    }
    return {b.add(layer, layer.name(), std::make_unique<Flatten>(FlattenParams{1}), {x.value}), false};
}

KValue convertReshape(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    const Json& target = layer.raw("target_shape");
    if (!target.is_array() || target.size() + 1 > static_cast<size_t>(kMaxRank))
        layer.malformed("target_shape must be a list of at most " + std::to_string(kMaxRank - 1) + " integers");
    ReshapeParams p;
    p.shape.push_back(0); // copy the batch dimension
    for (const auto& d : target) {
        if (!d.is_number_integer() || d.get<int64_t>() == 0 || d.get<int64_t>() < -1)
            layer.malformed("target_shape must hold positive integers (or one -1), got " + target.dump());
        p.shape.push_back(d.get<int64_t>());
    }
    const KValue x = b.toNative(input);
    return {b.add(layer, layer.name(), std::make_unique<Reshape>(p), {x.value}), false};
}

KValue convertDropout(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    const double rate = layer.has("rate") ? layer.number("rate") : layer.number("p", 0.5);
    if (!(rate >= 0.0 && rate < 1.0))
        layer.malformed("dropout rate must be in [0, 1), got " + std::to_string(rate));
    return {
        b.add(layer, layer.name(), std::make_unique<Dropout>(DropoutParams{static_cast<float>(rate)}), {input.value}),
        input.nchwView};
}

KValue convertAdvancedActivation(GraphBuilder& b, const LayerConfig& layer, const KValue& input)
{
    const std::string& cls = layer.layer().className;
    std::unique_ptr<Op> op;
    if (cls == "ReLU") {
        if (layer.has("max_value"))
            layer.unsupported("max_value " + layer.raw("max_value").dump() + " (a clipped ReLU) is not supported");
        if (layer.number("threshold", 0.0) != 0.0)
            layer.unsupported("a non-zero threshold is not supported");
        const double slope = layer.number("negative_slope", 0.0);
        if (slope == 0.0)
            op = std::make_unique<Relu>();
        else
            op = std::make_unique<LeakyRelu>(LeakyReluParams{static_cast<float>(slope)});
    } else if (cls == "LeakyReLU") {
        const double alpha = layer.has("alpha") ? layer.number("alpha") : layer.number("negative_slope", 0.3);
        op = std::make_unique<LeakyRelu>(LeakyReluParams{static_cast<float>(alpha)});
    } else if (cls == "ELU") {
        op = std::make_unique<Elu>(EluParams{static_cast<float>(layer.number("alpha", 1.0))});
    } else { // Softmax
        const int64_t a = kerasAxis(layer, "axis", -1, b.kerasShape(input).size());
        const int64_t axis = input.nchwView ? viewAxis(a) : a;
        op = std::make_unique<Softmax>(SoftmaxParams{static_cast<int>(axis)});
    }
    return {b.add(layer, layer.name(), std::move(op), {input.value}), input.nchwView};
}

} // namespace

bool layerHasWeights(const std::string& className)
{
    return className == "Conv2D" || className == "Convolution2D" || className == "Dense" ||
           className == "BatchNormalization";
}

KValue convertLayer(GraphBuilder& b, const LayerConfig& layer, const std::vector<KValue>& inputs)
{
    const std::string& cls = layer.layer().className;
    if (cls == "Add" || cls == "Subtract" || cls == "Multiply")
        return convertMerge(b, layer, inputs);
    if (cls == "Concatenate")
        return convertConcatenate(b, layer, inputs);
    const KValue& x = single(layer, inputs);
    if (cls == "Conv2D" || cls == "Convolution2D")
        return convertConv2D(b, layer, x);
    if (cls == "Dense")
        return convertDense(b, layer, x);
    if (cls == "MaxPooling2D" || cls == "MaxPool2D")
        return convertPool2D(b, layer, x, true);
    if (cls == "AveragePooling2D" || cls == "AvgPool2D")
        return convertPool2D(b, layer, x, false);
    if (cls == "GlobalMaxPooling2D" || cls == "GlobalMaxPool2D")
        return convertGlobalPool2D(b, layer, x, true);
    if (cls == "GlobalAveragePooling2D" || cls == "GlobalAvgPool2D")
        return convertGlobalPool2D(b, layer, x, false);
    if (cls == "ZeroPadding2D")
        return convertZeroPadding2D(b, layer, x);
    if (cls == "BatchNormalization")
        return convertBatchNorm(b, layer, x);
    if (cls == "Flatten")
        return convertFlatten(b, layer, x);
    if (cls == "Reshape")
        return convertReshape(b, layer, x);
    if (cls == "Dropout")
        return convertDropout(b, layer, x);
    if (cls == "Activation")
        return b.activation(layer, layer.string("activation"), x, true);
    if (cls == "ReLU" || cls == "LeakyReLU" || cls == "ELU" || cls == "Softmax")
        return convertAdvancedActivation(b, layer, x);
    layer.unsupported("layer class is not supported");
}

} // namespace lantern::formats::keras

#include "lantern/formats/keras_import.h"

#include "formats/keras_builder.h"
#include "formats/keras_layers.h"
#include "formats/keras_spec.h"
#include "formats/keras_weights.h"
#include "io/hdf5_file.h"
#include "lantern/error.h"
#include "lantern/io/npy.h"

#include <map>

namespace lantern::formats {

namespace {

using namespace keras;

/// Keras input shape with the batch as -1; every other dimension must be known.
Shape inputShape(const LayerConfig& layer)
{
    Json shape;
    if (layer.has("batch_input_shape"))
        shape = layer.raw("batch_input_shape");
    else if (layer.has("batch_shape"))
        shape = layer.raw("batch_shape");
    else if (layer.has("input_shape")) {
        shape = Json::array({nullptr});
        for (const auto& d : layer.raw("input_shape"))
            shape.push_back(d);
    } else {
        layer.malformed("declares no input shape (batch_input_shape)");
    }
    if (!shape.is_array() || shape.size() < 2 || shape.size() > static_cast<size_t>(kMaxRank))
        layer.malformed("input shape must have 2 to " + std::to_string(kMaxRank) + " dimensions, got " + shape.dump());
    Shape out{-1};
    for (size_t i = 1; i < shape.size(); ++i) {
        if (shape[i].is_null())
            layer.unsupported("dimension " + std::to_string(i) + " of the input shape " + shape.dump() +
                              " is unknown (None); Lantern needs fixed input sizes");
        if (!shape[i].is_number_integer() || shape[i].get<int64_t>() <= 0)
            layer.malformed("input shape must hold positive integers, got " + shape.dump());
        out.push_back(shape[i].get<int64_t>());
    }
    return out;
}

std::string layoutName(size_t rank, bool channelsLast)
{
    if (rank == 4)
        return channelsLast ? "NHWC" : "NCHW";
    if (rank == 2)
        return "NC";
    return {};
}

Model build(const ModelSpec& spec, WeightSource& weights, const std::string& source)
{
    ImportContext context;
    context.source = source;
    context.kerasMajor = spec.kerasMajor;
    context.channelsLast = spec.channelsLast;
    std::string flipReason;
    if (weights.fromFile()) {
        const std::string backend = weights.backend();
        if (backend == "theano") {
            context.flipKernels = true;
            flipReason = "the weights were written by the Theano backend";
        } else if (backend.empty() && spec.kerasMajor == 1 && !spec.channelsLast) {
            context.flipKernels = true;
            flipReason = "Keras 1 dim_ordering th weights without a backend "
                         "attribute are taken as Theano's";
        }
    }
    std::vector<std::string> names, weighted;
    for (const auto& layer : spec.layers) {
        names.push_back(layer.name);
        if (layerHasWeights(layer.className))
            weighted.push_back(layer.name);
    }
    weights.prepare(weighted);

    Model model;
    GraphBuilder b(model.graph, context, weights);
    b.reserve(names);
    std::map<std::string, KValue> outputs;
    try {
        for (const auto& layer : spec.layers) {
            const LayerConfig cfg(layer, source);
            try {
                if (layer.className == "InputLayer") {
                    outputs[layer.name] = b.addInput(layer.name, inputShape(cfg));
                    continue;
                }
                if (layer.inbound.empty())
                    cfg.malformed("has no inbound connections");
                std::vector<KValue> ins;
                for (const auto& ref : layer.inbound) {
                    if (ref.node != 0 || ref.tensor != 0)
                        cfg.unsupported("reads output " + std::to_string(ref.tensor) + " of application " +
                                        std::to_string(ref.node) + " of layer '" + ref.layer +
                                        "'; only single-output layers applied once are supported");
                    auto it = outputs.find(ref.layer);
                    if (it == outputs.end())
                        cfg.malformed("reads layer '" + ref.layer + "' before it is defined");
                    ins.push_back(it->second);
                }
                outputs[layer.name] = convertLayer(b, cfg, ins);
            } catch (const ArgumentError& e) {
                throw IoError(cfg.where() + ": " + e.what());
            }
        }
        for (const auto& ref : spec.outputs) {
            auto it = outputs.find(ref.layer);
            if (it == outputs.end())
                throw IoError(source + ": output layer '" + ref.layer + "' produces nothing");
            model.graph.addOutput(b.toNative(it->second).value);
        }
    } catch (const Json::exception& e) {
        throw IoError(source + ": unexpected Keras layer config: " + e.what());
    }
    model.graph.validate();

    model.format = spec.kerasMajor == 1 ? "keras1" : "keras2";
    model.source = source;
    model.name = spec.name;
    if (!model.graph.inputNames().empty())
        model.inputLayout =
            layoutName(model.graph.inputShape(model.graph.inputNames().front()).size(), spec.channelsLast);
    model.notes.push_back("Keras " + std::to_string(spec.kerasMajor) +
                          (spec.kerasVersion.empty() ? std::string() : " (" + spec.kerasVersion + ")") + ", " +
                          (spec.channelsLast ? "channels-last" : "channels-first") + " data format");
    model.notes.push_back(weights.description());
    if (context.flippedKernels > 0)
        model.notes.push_back("flipped " + std::to_string(context.flippedKernels) +
                              " Theano kernels (true convolutions) for cross-correlation: " + flipReason);
    if (b.transposeCount() > 0)
        model.notes.push_back("inserted " + std::to_string(b.transposeCount()) +
                              " layout transposes between Keras channels-last "
                              "tensors and NCHW engine ops");
    for (auto& n : weights.notes())
        model.notes.push_back(n);
    model.detectFinalSoftmax();
    return model;
}

} // namespace

Model importKerasH5(const std::string& path)
{
    const io::Hdf5File file = io::Hdf5File::openRead(path);
    const auto config = file.attributeText("/", "model_config");
    if (!config)
        throw IoError(path + ": no model_config attribute: not a Keras model file "
                             "(a weights-only file from "
                             "save_weights needs its JSON architecture)");
    const std::string version = file.attributeText("/", "keras_version").value_or("");
    const ModelSpec spec = parseModelConfig(*config, path, version);
    if (!file.isGroup("/model_weights"))
        throw IoError(path + ": no model_weights group (the model was saved without weights)");
    Hdf5Weights weights(file, "/model_weights");
    return build(spec, weights, path);
}

Model importKerasJson(const std::string& jsonPath, const std::string& weightsPath, uint64_t seed)
{
    const std::vector<char> bytes = io::readFileBytes(jsonPath);
    const ModelSpec spec = parseModelConfig(std::string(bytes.begin(), bytes.end()), jsonPath);
    if (weightsPath.empty()) {
        RandomWeights weights(seed);
        try {
            return build(spec, weights, jsonPath);
        } catch (const ShapeError& e) {
            const std::string what = e.what();
            if (what.find(jsonPath) != std::string::npos)
                throw;
            throw ShapeError(jsonPath + ": " + what);
        }
    }
    const io::Hdf5File file = io::Hdf5File::openRead(weightsPath);
    Hdf5Weights weights(file);
    Model model = build(spec, weights, jsonPath);
    model.source = jsonPath + " + " + weightsPath;
    return model;
}

} // namespace lantern::formats

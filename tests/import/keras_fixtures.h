#pragma once
// Writers for genuine Keras files, laid out exactly as Keras writes them (h5py conventions): Keras 2 model
// files (model.save: root model_config/keras_version/backend, model_weights/<layer>/<layer>/<weight>:0 with
// layer_names and weight_names attributes) and Keras 1 weights-only files (model.save_weights: root
// layer_names, <layer>/<layer>_W). Plus Keras 2.2.4 layer configs as Keras' to_json() prints them.

#include "lantern/io/hdf5.h"
#include "lantern/tensor.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace keras_fixtures {

using Json = nlohmann::json;
using lantern::Tensor;

/// One layer's arrays, in Keras order, named without the layer prefix ("kernel:0", "bias:0"; Keras 1: "W", "b").
struct LayerWeights {
    std::string layer;
    std::vector<std::pair<std::string, Tensor>> arrays;
};

/// A model.save file. Keras 2 names arrays "<layer>/<name>" (e.g. "dense_1/kernel:0"), Keras 1 (a version
/// starting with "1") "<layer>_<name>" (e.g. "dense_1_W").
inline void writeKeras2Model(const std::string& path, const Json& modelConfig, const std::vector<LayerWeights>& layers,
                             const std::string& backend = "tensorflow", const std::string& version = "2.2.4")
{
    std::map<std::string, Tensor> datasets;
    std::map<std::string, std::string> attributes{{"/@keras_version", version},
                                                  {"/@backend", backend},
                                                  {"/@model_config", modelConfig.dump()},
                                                  {"/model_weights@keras_version", version},
                                                  {"/model_weights@backend", backend}};
    const std::string separator = version.starts_with("1") ? "_" : "/";
    std::map<std::string, std::vector<std::string>> arrays;
    std::vector<std::string> names;
    for (const auto& l : layers) {
        names.push_back(l.layer);
        std::vector<std::string> weightNames;
        for (const auto& [name, tensor] : l.arrays) {
            weightNames.push_back(l.layer + separator + name);
            datasets["/model_weights/" + l.layer + "/" + l.layer + separator + name] = tensor;
        }
        arrays["/model_weights/" + l.layer + "@weight_names"] = weightNames;
    }
    arrays["/model_weights@layer_names"] = names;
    lantern::io::writeHdf5(path, datasets, attributes, arrays);
}

/// Keras 1 model.save_weights file; array names become "<layer>_<name>". Empty backend: no attribute (as in
/// Keras 1.0/1.1 files).
inline void writeKeras1Weights(const std::string& path, const std::vector<LayerWeights>& layers,
                               const std::string& backend = {})
{
    std::map<std::string, Tensor> datasets;
    std::map<std::string, std::string> attributes;
    if (!backend.empty())
        attributes["/@backend"] = backend;
    std::map<std::string, std::vector<std::string>> arrays;
    std::vector<std::string> names;
    for (const auto& l : layers) {
        names.push_back(l.layer);
        std::vector<std::string> weightNames;
        for (const auto& [name, tensor] : l.arrays) {
            weightNames.push_back(l.layer + "_" + name);
            datasets["/" + l.layer + "/" + l.layer + "_" + name] = tensor;
        }
        arrays["/" + l.layer + "@weight_names"] = weightNames;
    }
    arrays["/@layer_names"] = names;
    lantern::io::writeHdf5(path, datasets, attributes, arrays);
}

inline Json initializers()
{
    return {{"kernel_initializer",
             {{"class_name", "VarianceScaling"},
              {"config", {{"scale", 1.0}, {"mode", "fan_avg"}, {"distribution", "uniform"}, {"seed", nullptr}}}}},
            {"bias_initializer", {{"class_name", "Zeros"}, {"config", Json::object()}}},
            {"kernel_regularizer", nullptr},
            {"bias_regularizer", nullptr},
            {"activity_regularizer", nullptr},
            {"kernel_constraint", nullptr},
            {"bias_constraint", nullptr}};
}

/// {"class_name": cls, "config": {name, trainable, [batch_input_shape, dtype], ...extra}}
inline Json layer(const std::string& cls, const std::string& name, Json extra, const Json& batchInputShape = nullptr)
{
    Json config = {{"name", name}, {"trainable", true}};
    if (!batchInputShape.is_null()) {
        config["batch_input_shape"] = batchInputShape;
        config["dtype"] = "float32";
    }
    config.update(extra);
    return {{"class_name", cls}, {"config", config}};
}

inline Json dense(const std::string& name, int units, const std::string& activation,
                  const Json& batchInputShape = nullptr)
{
    Json extra = {{"units", units}, {"activation", activation}, {"use_bias", true}};
    extra.update(initializers());
    return layer("Dense", name, extra, batchInputShape);
}

inline Json conv2d(const std::string& name, int filters, int kernel, const std::string& padding,
                   const std::string& activation, const Json& batchInputShape = nullptr,
                   const std::string& dataFormat = "channels_last", bool useBias = true)
{
    Json extra = {{"filters", filters},        {"kernel_size", {kernel, kernel}},
                  {"strides", {1, 1}},         {"padding", padding},
                  {"data_format", dataFormat}, {"dilation_rate", {1, 1}},
                  {"activation", activation},  {"use_bias", useBias}};
    extra.update(initializers());
    return layer("Conv2D", name, extra, batchInputShape);
}

inline Json pool2d(const std::string& cls, const std::string& name, int size, int stride, const std::string& padding,
                   const Json& batchInputShape = nullptr, const std::string& dataFormat = "channels_last")
{
    return layer(
        cls, name,
        {{"pool_size", {size, size}}, {"padding", padding}, {"strides", {stride, stride}}, {"data_format", dataFormat}},
        batchInputShape);
}

inline Json flatten(const std::string& name, const std::string& dataFormat = "channels_last")
{
    return layer("Flatten", name, {{"data_format", dataFormat}});
}

inline Json sequential(const std::string& name, const std::vector<Json>& layers)
{
    return {{"class_name", "Sequential"},
            {"config", {{"name", name}, {"layers", layers}}},
            {"keras_version", "2.2.4"},
            {"backend", "tensorflow"}};
}

} // namespace keras_fixtures

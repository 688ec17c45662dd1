#pragma once
// The Keras model description (model_config JSON) in a form the graph builder can walk: every layer with its
// class, name, config and inbound tensors, Sequential models normalised into the functional form (an explicit
// input layer, each layer reading the previous one). Keras 1 (Sequential list, Model with 3-element inbound
// entries) and Keras 2 (Sequential {name, layers}, Model/Functional with 4-element entries) are both accepted.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lantern::formats::keras {

using Json = nlohmann::json;

/// One Keras tensor: output `tensor` of the `node`-th application of layer `layer`.
struct TensorRef {
    std::string layer;
    int64_t node = 0;
    int64_t tensor = 0;
};

struct LayerSpec {
    std::string className;
    std::string name;
    Json config;
    std::vector<TensorRef> inbound; ///< empty for input layers
};

struct ModelSpec {
    std::string name;
    int kerasMajor = 2;            ///< 1 or 2
    std::string kerasVersion;      ///< as stored ("1.2.0", "2.2.4"), may be empty
    bool channelsLast = true;      ///< the model's image data format (every spatial layer agrees)
    std::vector<LayerSpec> layers; ///< in config order (a valid topological order for Keras)
    std::vector<TensorRef> inputs, outputs;
};

/// Parses a model_config JSON text. `source` names the file in errors; `versionHint` is the keras_version
/// stored next to it (HDF5 root attribute) when the JSON itself has none. Throws IoError for malformed JSON
/// or structure, UnsupportedError listing every unsupported layer class (with layer names) and for Keras 1
/// models mixing dim_ordering th and tf.
ModelSpec parseModelConfig(const std::string& jsonText, const std::string& source, const std::string& versionHint = {});

/// Typed access to one layer's config with errors naming the file and the layer.
class LayerConfig {
public:
    LayerConfig(const LayerSpec& layer, const std::string& source) : m_layer(layer), m_source(source) {}

    const LayerSpec& layer() const { return m_layer; }
    const std::string& name() const { return m_layer.name; }
    /// "<source>: layer '<name>' (<class>)"
    std::string where() const;

    /// Present and not null.
    bool has(const std::string& key) const;
    int64_t integer(const std::string& key, std::optional<int64_t> fallback = std::nullopt) const;
    double number(const std::string& key, std::optional<double> fallback = std::nullopt) const;
    bool boolean(const std::string& key, std::optional<bool> fallback = std::nullopt) const;
    std::string string(const std::string& key, std::optional<std::string> fallback = std::nullopt) const;
    /// A single integer (repeated `count` times) or a list of `count` integers.
    std::vector<int64_t> ints(const std::string& key, size_t count,
                              std::optional<std::vector<int64_t>> fallback = std::nullopt) const;
    const Json& raw(const std::string& key) const;

    /// True for channels-last (Keras 2 data_format "channels_last", Keras 1 dim_ordering "tf"); the model
    /// default when the layer does not say.
    bool channelsLast(bool modelDefault) const;

    [[noreturn]] void malformed(const std::string& what) const;
    [[noreturn]] void unsupported(const std::string& what) const;

private:
    const LayerSpec& m_layer;
    const std::string& m_source;
};

/// Layer classes the importer converts (Keras 1 and 2 names).
const std::vector<std::string>& supportedLayerClasses();

} // namespace lantern::formats::keras

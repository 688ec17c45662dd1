#include "formats/keras_spec.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace lantern::formats::keras {

const std::vector<std::string>& supportedLayerClasses()
{
    static const std::vector<std::string> names = {"InputLayer",
                                                   "Conv2D",
                                                   "Convolution2D",
                                                   "Dense",
                                                   "MaxPooling2D",
                                                   "MaxPool2D",
                                                   "AveragePooling2D",
                                                   "AvgPool2D",
                                                   "GlobalAveragePooling2D",
                                                   "GlobalAvgPool2D",
                                                   "GlobalMaxPooling2D",
                                                   "GlobalMaxPool2D",
                                                   "Flatten",
                                                   "Dropout",
                                                   "Activation",
                                                   "ReLU",
                                                   "LeakyReLU",
                                                   "ELU",
                                                   "Softmax",
                                                   "BatchNormalization",
                                                   "Add",
                                                   "Subtract",
                                                   "Multiply",
                                                   "Concatenate",
                                                   "Reshape",
                                                   "ZeroPadding2D"};
    return names;
}

namespace {

[[noreturn]] void malformedModel(const std::string& source, const std::string& what)
{
    throw IoError(source + ": malformed Keras model_config: " + what);
}

/// [layer, node, tensor] or [layer, node, tensor, kwargs] (Keras 1 / 2).
TensorRef parseRef(const Json& j, const std::string& source, const std::string& context)
{
    if (!j.is_array() || j.size() < 3 || !j[0].is_string() || !j[1].is_number_integer() || !j[2].is_number_integer())
        malformedModel(source, context + ": expected [layer_name, node_index, tensor_index], got " + j.dump());
    return {j[0].get<std::string>(), j[1].get<int64_t>(), j[2].get<int64_t>()};
}

/// Collects Keras 3 style {"keras_history": [layer, node, tensor]} references
/// found anywhere in `j`.
void collectHistory(const Json& j, std::vector<TensorRef>& out, const std::string& source, const std::string& ctx)
{
    if (j.is_object()) {
        auto it = j.find("keras_history");
        if (it != j.end()) {
            out.push_back(parseRef(*it, source, ctx));
            return;
        }
        for (const auto& [k, v] : j.items())
            collectHistory(v, out, source, ctx);
    } else if (j.is_array()) {
        for (const auto& v : j)
            collectHistory(v, out, source, ctx);
    }
}

/// input_layers / output_layers: a list of refs, or (Keras 3) one ref.
std::vector<TensorRef> parseRefList(const Json& j, const std::string& source, const std::string& key)
{
    std::vector<TensorRef> refs;
    if (j.is_array() && !j.empty() && j[0].is_string())
        return {parseRef(j, source, key)};
    if (!j.is_array())
        malformedModel(source, "'" + key + "' must be a list");
    for (const auto& r : j)
        refs.push_back(parseRef(r, source, key));
    return refs;
}

LayerSpec parseLayer(const Json& j, const std::string& source, size_t index)
{
    const std::string ctx = "layer #" + std::to_string(index);
    if (!j.is_object() || !j.contains("class_name") || !j["class_name"].is_string())
        malformedModel(source, ctx + " has no class_name");
    LayerSpec layer;
    layer.className = j["class_name"].get<std::string>();
    layer.config = j.contains("config") ? j["config"] : Json::object();
    if (!layer.config.is_object())
        malformedModel(source, ctx + " (" + layer.className + "): config must be an object");
    if (j.contains("name") && j["name"].is_string())
        layer.name = j["name"].get<std::string>();
    else if (layer.config.contains("name") && layer.config["name"].is_string())
        layer.name = layer.config["name"].get<std::string>();
    else
        malformedModel(source, ctx + " (" + layer.className + ") has no name");
    return layer;
}

/// Keras 1 hallmarks in a layer config (keys renamed in Keras 2).
bool looksLikeKeras1(const LayerSpec& l)
{
    static const std::set<std::string> classes = {"Convolution2D", "Convolution1D", "Convolution3D", "Merge",
                                                  "AtrousConvolution2D"};
    static const std::vector<std::string> keys = {"output_dim", "nb_filter", "border_mode",  "dim_ordering",
                                                  "subsample",  "init",      "W_regularizer"};
    if (classes.count(l.className))
        return true;
    for (const auto& k : keys)
        if (l.config.contains(k))
            return true;
    return l.className == "Dropout" && l.config.contains("p");
}

/// Input shape of the first layer of a Sequential model (batch included).
Json sequentialInputShape(const LayerSpec& first, const std::string& source)
{
    const Json& c = first.config;
    if (c.contains("batch_input_shape") && c["batch_input_shape"].is_array())
        return c["batch_input_shape"];
    if (c.contains("batch_shape") && c["batch_shape"].is_array())
        return c["batch_shape"];
    if (c.contains("input_shape") && c["input_shape"].is_array()) {
        Json s = Json::array({nullptr});
        for (const auto& d : c["input_shape"])
            s.push_back(d);
        return s;
    }
    if (c.contains("input_dim") && c["input_dim"].is_number_integer())
        return Json::array({nullptr, c["input_dim"]});
    throw IoError(source + ": the first layer '" + first.name + "' (" + first.className +
                  ") declares no input shape (batch_input_shape)");
}

void checkSupported(const ModelSpec& spec, const std::string& source)
{
    const auto& ok = supportedLayerClasses();
    std::map<std::string, std::vector<std::string>> bad;
    for (const auto& l : spec.layers)
        if (std::find(ok.begin(), ok.end(), l.className) == ok.end())
            bad[l.className].push_back(l.name);
    if (bad.empty())
        return;
    std::string list;
    for (const auto& [cls, names] : bad) {
        list += list.empty() ? "" : "; ";
        list += cls + " (";
        for (size_t i = 0; i < names.size(); ++i)
            list += (i ? ", " : "") + names[i];
        list += ")";
    }
    std::string supported;
    for (const auto& s : ok)
        supported += (supported.empty() ? "" : ", ") + s;
    throw UnsupportedError(source + ": unsupported Keras layers: " + list + ". Supported: " + supported);
}

/// The model's image data format: that of the first spatial layer stating one (Keras 2 data_format, Keras 1
/// dim_ordering), channels-last when none does. Keras 2 layers may each choose their own; Keras 1 models
/// mixing dim_ordering th and tf are refused.
bool modelChannelsLast(const ModelSpec& spec, const std::string& source)
{
    static const std::set<std::string> spatial = {"Conv2D",
                                                  "Convolution2D",
                                                  "MaxPooling2D",
                                                  "MaxPool2D",
                                                  "AveragePooling2D",
                                                  "AvgPool2D",
                                                  "GlobalMaxPooling2D",
                                                  "GlobalMaxPool2D",
                                                  "GlobalAveragePooling2D",
                                                  "GlobalAvgPool2D",
                                                  "ZeroPadding2D"};
    std::vector<std::string> th, tf;
    std::optional<bool> first, firstSpatial;
    for (const auto& l : spec.layers) {
        std::string f;
        if (l.config.contains("data_format") && l.config["data_format"].is_string())
            f = l.config["data_format"].get<std::string>();
        else if (l.config.contains("dim_ordering") && l.config["dim_ordering"].is_string())
            f = l.config["dim_ordering"].get<std::string>();
        if (f.empty() || f == "default")
            continue;
        if (f != "channels_first" && f != "th" && f != "channels_last" && f != "tf")
            throw IoError(source + ": layer '" + l.name + "' (" + l.className + "): unknown data format '" + f + "'");
        const bool last = f == "channels_last" || f == "tf";
        if (f == "th")
            th.push_back(l.name);
        else if (f == "tf")
            tf.push_back(l.name);
        if (!first)
            first = last;
        if (!firstSpatial && spatial.count(l.className))
            firstSpatial = last;
    }
    if (!th.empty() && !tf.empty())
        throw UnsupportedError(source + ": the model mixes dim_ordering th (" + th.front() + ", ...) and tf (" +
                               tf.front() + ", ...) layers; Lantern needs one dim_ordering per Keras 1 model");
    return firstSpatial.value_or(first.value_or(true));
}

} // namespace

ModelSpec parseModelConfig(const std::string& jsonText, const std::string& source, const std::string& versionHint)
{
    Json root;
    try {
        root = Json::parse(jsonText);
    } catch (const Json::exception& e) {
        throw IoError(source + ": malformed JSON: " + e.what());
    }
    ModelSpec spec;
    try {
        if (!root.is_object() || !root.contains("class_name") || !root["class_name"].is_string())
            malformedModel(source, "no top-level class_name (is this a Keras model?)");
        const std::string cls = root["class_name"].get<std::string>();
        const Json config = root.contains("config") ? root["config"] : Json();
        if (root.contains("keras_version") && root["keras_version"].is_string())
            spec.kerasVersion = root["keras_version"].get<std::string>();
        else
            spec.kerasVersion = versionHint;

        if (cls == "Sequential") {
            const Json* layers = nullptr;
            if (config.is_array()) {
                layers = &config;
            } else if (config.is_object() && config.contains("layers") && config["layers"].is_array()) {
                layers = &config["layers"];
                if (config.contains("name") && config["name"].is_string())
                    spec.name = config["name"].get<std::string>();
            } else {
                malformedModel(source, "Sequential config must be a list of layers or {name, layers}");
            }
            for (size_t i = 0; i < layers->size(); ++i)
                spec.layers.push_back(parseLayer((*layers)[i], source, i));
            if (spec.layers.empty())
                malformedModel(source, "the Sequential model has no layers");
            // Normalise: explicit input layer, then a chain.
            if (spec.layers.front().className != "InputLayer") {
                LayerSpec input;
                input.className = "InputLayer";
                input.name = spec.layers.front().name + "_input";
                input.config = {{"name", input.name},
                                {"batch_input_shape", sequentialInputShape(spec.layers.front(), source)}};
                spec.layers.insert(spec.layers.begin(), input);
            }
            for (size_t i = 1; i < spec.layers.size(); ++i)
                spec.layers[i].inbound = {{spec.layers[i - 1].name, 0, 0}};
            spec.inputs = {{spec.layers.front().name, 0, 0}};
            spec.outputs = {{spec.layers.back().name, 0, 0}};
        } else if (cls == "Model" || cls == "Functional") {
            if (!config.is_object() || !config.contains("layers") || !config["layers"].is_array())
                malformedModel(source, cls + " config has no layer list");
            if (config.contains("name") && config["name"].is_string())
                spec.name = config["name"].get<std::string>();
            const Json& layers = config["layers"];
            for (size_t i = 0; i < layers.size(); ++i) {
                LayerSpec layer = parseLayer(layers[i], source, i);
                const Json nodes = layers[i].contains("inbound_nodes") ? layers[i]["inbound_nodes"] : Json::array();
                if (!nodes.is_array())
                    malformedModel(source, "layer '" + layer.name + "': inbound_nodes must be a list");
                if (nodes.size() > 1)
                    throw UnsupportedError(source + ": layer '" + layer.name + "' (" + layer.className +
                                           ") is shared (applied " + std::to_string(nodes.size()) +
                                           " times); Lantern imports each layer applied once");
                if (nodes.size() == 1) {
                    const Json& node = nodes[0];
                    const std::string ctx = "layer '" + layer.name + "' inbound node";
                    if (node.is_object()) {
                        collectHistory(node.contains("args") ? node["args"] : Json(), layer.inbound, source, ctx);
                    } else if (node.is_array()) {
                        for (const auto& r : node)
                            layer.inbound.push_back(parseRef(r, source, ctx));
                    } else {
                        malformedModel(source, ctx + " must be a list");
                    }
                }
                spec.layers.push_back(std::move(layer));
            }
            spec.inputs = parseRefList(config.value("input_layers", Json::array()), source, "input_layers");
            spec.outputs = parseRefList(config.value("output_layers", Json::array()), source, "output_layers");
            if (spec.inputs.empty() || spec.outputs.empty())
                malformedModel(source, "the model declares no input_layers or output_layers");
        } else {
            throw UnsupportedError(source + ": top-level Keras class '" + cls +
                                   "' is not supported (Sequential, Model or Functional)");
        }

        std::set<std::string> names;
        for (const auto& l : spec.layers)
            if (!names.insert(l.name).second)
                malformedModel(source, "two layers are named '" + l.name + "'");
        for (const auto& l : spec.layers)
            for (const auto& r : l.inbound)
                if (!names.count(r.layer))
                    malformedModel(source, "layer '" + l.name + "' reads unknown layer '" + r.layer + "'");
        for (const auto& r : spec.outputs)
            if (!names.count(r.layer))
                malformedModel(source, "output_layers names unknown layer '" + r.layer + "'");

        if (!spec.kerasVersion.empty() && (spec.kerasVersion[0] == '1' || spec.kerasVersion[0] == '2'))
            spec.kerasMajor = spec.kerasVersion[0] - '0';
        else if (!spec.kerasVersion.empty() && spec.kerasVersion[0] >= '3')
            spec.kerasMajor = 2; // Keras 3 configs use the Keras 2 layer vocabulary
        else
            spec.kerasMajor = std::any_of(spec.layers.begin(), spec.layers.end(), looksLikeKeras1) ? 1 : 2;

        checkSupported(spec, source);
        spec.channelsLast = modelChannelsLast(spec, source);
    } catch (const Json::exception& e) {
        throw IoError(source + ": unexpected Keras model_config structure: " + e.what());
    }
    return spec;
}

std::string LayerConfig::where() const
{
    return m_source + ": layer '" + m_layer.name + "' (" + m_layer.className + ")";
}

bool LayerConfig::has(const std::string& key) const
{
    auto it = m_layer.config.find(key);
    return it != m_layer.config.end() && !it->is_null();
}

const Json& LayerConfig::raw(const std::string& key) const
{
    if (!has(key))
        malformed("missing '" + key + "'");
    return m_layer.config.at(key);
}

int64_t LayerConfig::integer(const std::string& key, std::optional<int64_t> fallback) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        malformed("missing '" + key + "'");
    }
    const Json& v = m_layer.config.at(key);
    if (v.is_number_integer())
        return v.get<int64_t>();
    // a whole float within ±2^53 (every such double is exact); beyond that the conversion is undefined
    if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() && std::abs(v.get<double>()) <= 0x1p53)
        return static_cast<int64_t>(v.get<double>());
    malformed("'" + key + "' must be an integer, got " + v.dump());
}

double LayerConfig::number(const std::string& key, std::optional<double> fallback) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        malformed("missing '" + key + "'");
    }
    const Json& v = m_layer.config.at(key);
    if (!v.is_number())
        malformed("'" + key + "' must be a number, got " + v.dump());
    return v.get<double>();
}

bool LayerConfig::boolean(const std::string& key, std::optional<bool> fallback) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        malformed("missing '" + key + "'");
    }
    const Json& v = m_layer.config.at(key);
    if (!v.is_boolean())
        malformed("'" + key + "' must be true or false, got " + v.dump());
    return v.get<bool>();
}

std::string LayerConfig::string(const std::string& key, std::optional<std::string> fallback) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        malformed("missing '" + key + "'");
    }
    const Json& v = m_layer.config.at(key);
    if (!v.is_string())
        malformed("'" + key + "' must be a string, got " + v.dump());
    return v.get<std::string>();
}

std::vector<int64_t> LayerConfig::ints(const std::string& key, size_t count,
                                       std::optional<std::vector<int64_t>> fallback) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        malformed("missing '" + key + "'");
    }
    const Json& v = m_layer.config.at(key);
    if (v.is_number_integer())
        return std::vector<int64_t>(count, v.get<int64_t>());
    if (!v.is_array() || v.size() != count)
        malformed("'" + key + "' must be an integer or a list of " + std::to_string(count) + " integers, got " +
                  v.dump());
    std::vector<int64_t> out;
    for (const auto& x : v) {
        if (!x.is_number_integer())
            malformed("'" + key + "' must hold integers, got " + v.dump());
        out.push_back(x.get<int64_t>());
    }
    return out;
}

bool LayerConfig::channelsLast(bool modelDefault) const
{
    std::string f;
    if (has("data_format"))
        f = string("data_format");
    else if (has("dim_ordering"))
        f = string("dim_ordering");
    if (f == "channels_first" || f == "th")
        return false;
    if (f == "channels_last" || f == "tf")
        return true;
    return modelDefault;
}

void LayerConfig::malformed(const std::string& what) const
{
    throw IoError(where() + ": " + what);
}

void LayerConfig::unsupported(const std::string& what) const
{
    throw UnsupportedError(where() + ": " + what);
}

} // namespace lantern::formats::keras

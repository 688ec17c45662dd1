#include "formats/keras_weights.h"

#include "io/hdf5_file.h"
#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace lantern::formats::keras {

namespace {

uint64_t fnv1a(const std::string& s)
{
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string roles(const std::vector<WeightSpec>& specs)
{
    std::string s;
    for (const auto& w : specs)
        s += (s.empty() ? "" : ", ") + w.role;
    return s;
}

std::string joined(const std::vector<std::string>& names, size_t max = 12)
{
    std::string s;
    for (size_t i = 0; i < names.size() && i < max; ++i)
        s += (i ? ", " : "") + names[i];
    if (names.size() > max)
        s += ", ... (" + std::to_string(names.size()) + " in all)";
    return s.empty() ? "none" : s;
}

} // namespace

std::vector<std::string> readKerasStringList(const io::Hdf5File& file, const std::string& object,
                                             const std::string& name)
{
    if (auto whole = file.stringListAttribute(object, name))
        return *whole;
    std::vector<std::string> all;
    for (int chunk = 0;; ++chunk) {
        auto part = file.stringListAttribute(object, name + std::to_string(chunk));
        if (!part) {
            if (chunk == 0)
                throw IoError(file.path() + ": " + io::normalizeHdf5Path(object) + ": no '" + name +
                              "' attribute (not a Keras weights group)");
            break;
        }
        all.insert(all.end(), part->begin(), part->end());
    }
    return all;
}

std::vector<Tensor> RandomWeights::take(const std::string& layer, const std::string&,
                                        const std::vector<WeightSpec>& specs)
{
    std::mt19937_64 rng(m_seed ^ fnv1a(layer));
    std::vector<Tensor> out;
    for (const auto& spec : specs) {
        // an architecture may declare absurd sizes; refuse before allocating (2^28 floats = 1 GiB)
        double elements = 1;
        for (auto d : spec.shape)
            elements *= static_cast<double>(d);
        if (elements > double(1 << 28))
            throw ShapeError("layer '" + layer + "': a weight of shape " + shapeToString(spec.shape) +
                             " is too large to create (more than 2^28 elements)");
        Tensor t(spec.shape);
        switch (spec.init) {
        case WeightInit::Glorot: {
            const float limit = static_cast<float>(std::sqrt(6.0 / static_cast<double>(spec.fanIn + spec.fanOut)));
            std::uniform_real_distribution<float> dist(-limit, limit);
            for (float& v : t.values())
                v = dist(rng);
            break;
        }
        case WeightInit::Ones:
            t.fill(1.f);
            break;
        case WeightInit::Zeros:
            break;
        }
        out.push_back(t);
    }
    return out;
}

std::string RandomWeights::description() const
{
    return "random weights (Glorot uniform kernels, zero biases, seed " + std::to_string(m_seed) + ")";
}

Hdf5Weights::Hdf5Weights(const io::Hdf5File& file, const std::string& group) : m_path(file.path())
{
    std::string root = group;
    if (root.empty()) {
        if (file.isGroup("/model_weights"))
            root = "/model_weights";
        else
            root = "/";
    }
    if (!file.isGroup(root))
        throw IoError(m_path + ": no Keras weights group '" + root + "'");
    const std::vector<std::string> layerNames = readKerasStringList(file, root, "layer_names");
    if (auto b = file.attributeText(root, "backend"))
        m_backend = *b;
    else if (auto rb = file.attributeText("/", "backend"))
        m_backend = *rb;
    for (const std::string& layer : layerNames) {
        const std::string layerGroup = io::normalizeHdf5Path(root + "/" + layer);
        if (!file.isGroup(layerGroup))
            throw IoError(m_path + ": layer_names lists '" + layer + "' but there is no group " + layerGroup);
        Layer entry;
        entry.names = readKerasStringList(file, layerGroup, "weight_names");
        for (const std::string& w : entry.names) {
            const std::string path = layerGroup + "/" + w;
            if (!file.isDataset(path))
                throw IoError(m_path + ": layer '" + layer + "' lists weight '" + w + "' but there is no dataset " +
                              io::normalizeHdf5Path(path));
            entry.arrays.push_back(file.readDataset(path));
        }
        if (!entry.arrays.empty())
            m_order.push_back(layer);
        m_layers[layer] = std::move(entry);
    }
}

void Hdf5Weights::prepare(const std::vector<std::string>& layersWithWeights)
{
    for (const auto& name : layersWithWeights)
        if (m_layers.count(name))
            return; // names match (at least partly): match by name
    if (layersWithWeights.size() != m_order.size())
        return;
    for (size_t i = 0; i < layersWithWeights.size(); ++i)
        m_alias[layersWithWeights[i]] = m_order[i];
}

std::vector<Tensor> Hdf5Weights::take(const std::string& layer, const std::string& className,
                                      const std::vector<WeightSpec>& specs)
{
    if (specs.empty())
        return {};
    const std::string what = m_path + ": layer '" + layer + "' (" + className + ")";
    auto alias = m_alias.find(layer);
    const std::string fileLayer = alias != m_alias.end() ? alias->second : layer;
    auto it = m_layers.find(fileLayer);
    if (it == m_layers.end() || it->second.arrays.empty())
        throw IoError(what + ": no weights in the file (expected " + roles(specs) +
                      "); layers with weights in the file: " + joined(m_order));
    Layer& entry = it->second;
    if (entry.arrays.size() != specs.size())
        throw IoError(what + ": the file has " + std::to_string(entry.arrays.size()) + " weight arrays (" +
                      joined(entry.names) + "), expected " + std::to_string(specs.size()) + " (" + roles(specs) + ")");
    for (size_t i = 0; i < specs.size(); ++i)
        if (entry.arrays[i].shape() != specs[i].shape)
            throw IoError(what + ": weight '" + entry.names[i] + "' (" + specs[i].role + ") has shape " +
                          shapeToString(entry.arrays[i].shape()) + ", expected " + shapeToString(specs[i].shape));
    entry.used = true;
    return entry.arrays;
}

std::vector<std::string> Hdf5Weights::notes() const
{
    std::vector<std::string> out;
    if (!m_alias.empty())
        out.push_back("weights matched to layers by order (the file's layer names "
                      "differ from the model's)");
    std::vector<std::string> unused;
    for (const auto& name : m_order)
        if (!m_layers.at(name).used)
            unused.push_back(name);
    if (!unused.empty())
        out.push_back("ignored weights of layers not in the model: " + joined(unused));
    return out;
}

std::string Hdf5Weights::description() const
{
    return "weights from " + m_path + (m_backend.empty() ? std::string() : " (written by " + m_backend + ")");
}

} // namespace lantern::formats::keras

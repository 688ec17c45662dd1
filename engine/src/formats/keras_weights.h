#pragma once
// Where the weights of a Keras layer come from: an HDF5 file (Keras 2 or 1 model file with a model_weights
// group, or a weights-only file from save_weights) or seeded random initialisation for architectures loaded
// without weights. Converters ask for a layer's arrays in Keras order with the Keras shapes they expect.

#include "lantern/tensor.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lantern::io {
class Hdf5File;
}

namespace lantern::formats::keras {

enum class WeightInit { Glorot, Zeros, Ones };

struct WeightSpec {
    std::string role; ///< "kernel", "bias", "gamma", ... (for messages)
    Shape shape;      ///< as Keras stores it
    WeightInit init = WeightInit::Zeros;
    int64_t fanIn = 1, fanOut = 1; ///< for Glorot initialisation
};

class WeightSource {
public:
    virtual ~WeightSource() = default;
    /// The arrays of `layer` in Keras order, one per spec, with exactly the spec's shapes. Throws IoError naming
    /// the file, the layer and the expected/actual shapes when they are missing or do not fit.
    virtual std::vector<Tensor> take(const std::string& layer, const std::string& className,
                                     const std::vector<WeightSpec>& specs) = 0;
    /// Called before building with the names of the layers that will ask for weights, in model order.
    virtual void prepare(const std::vector<std::string>& layersWithWeights) { (void)layersWithWeights; }
    /// Remarks for Model::notes once the model is built (unused arrays, name matching).
    virtual std::vector<std::string> notes() const { return {}; }
    /// The Keras backend that wrote the weights ("theano", "tensorflow", ...); empty when unknown or random.
    virtual std::string backend() const { return {}; }
    /// False for generated weights.
    virtual bool fromFile() const { return true; }
    /// Short description for notes ("random weights (seed 0)", "weights from x.h5").
    virtual std::string description() const = 0;
};

/// Glorot-uniform kernels, zero biases, unit scales; deterministic for a seed and layer name.
class RandomWeights final : public WeightSource {
public:
    explicit RandomWeights(uint64_t seed) : m_seed(seed) {}
    std::vector<Tensor> take(const std::string& layer, const std::string& className,
                             const std::vector<WeightSpec>& specs) override;
    std::string description() const override;
    bool fromFile() const override { return false; }

private:
    uint64_t m_seed;
};

/// Keras weights from an HDF5 file. `group` is the folder holding the layer_names attribute ("/" for
/// save_weights files, "/model_weights" for model files); pass an empty group to find it.
class Hdf5Weights final : public WeightSource {
public:
    Hdf5Weights(const io::Hdf5File& file, const std::string& group = {});

    std::vector<Tensor> take(const std::string& layer, const std::string& className,
                             const std::vector<WeightSpec>& specs) override;
    void prepare(const std::vector<std::string>& layersWithWeights) override;
    std::vector<std::string> notes() const override;
    std::string backend() const override { return m_backend; }
    std::string description() const override;

private:
    struct Layer {
        std::vector<std::string> names;
        std::vector<Tensor> arrays;
        bool used = false;
    };
    std::string m_path;
    std::string m_backend;
    std::vector<std::string> m_order;           ///< file layers that hold weights, in file order
    std::map<std::string, Layer> m_layers;      ///< by file layer name
    std::map<std::string, std::string> m_alias; ///< model layer -> file layer when matched by order
};

/// A string-list attribute that Keras may have split into name0, name1, ... when it exceeded 64 KiB.
std::vector<std::string> readKerasStringList(const io::Hdf5File& file, const std::string& object,
                                             const std::string& name);

} // namespace lantern::formats::keras

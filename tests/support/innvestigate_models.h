#pragma once
// The six single-layer Keras models of ../shared/data/innvestigate-refs (Dense, Dense_relu, Conv2D,
// Conv2D_relu, AveragePooling2D, MaxPooling2D, each followed by Flatten; input (N, 10, 10, 3) channels-last),
// written as genuine Keras 2 model files with the weights stored in a reference file, then imported.

#include "../import/keras_fixtures.h"

#include "lantern/formats/keras_import.h"
#include "lantern/io/hdf5.h"
#include "lantern/model.h"

#include <string>
#include <vector>

namespace innvestigate_models {

inline const std::vector<std::string>& modelNames()
{
    static const std::vector<std::string> names = {"Dense",       "Dense_relu",       "Conv2D",
                                                   "Conv2D_relu", "AveragePooling2D", "MaxPooling2D"};
    return names;
}

/// Builds `model` with the weights of `refFile` (an iNNvestigate reference .hdf5), writing the Keras file to
/// `keras2Path`, and imports it.
inline lantern::Model load(const std::string& refFile, const std::string& model, const std::string& keras2Path)
{
    using namespace keras_fixtures;
    const std::string group = "/" + model;
    const Json inputShape = {nullptr, 10, 10, 3};
    std::vector<Json> layers;
    std::string first;
    const bool relu = model.size() > 5 && model.substr(model.size() - 4) == "relu";
    if (model.rfind("Dense", 0) == 0) {
        first = "dense_1";
        layers.push_back(dense(first, 5, relu ? "relu" : "linear", inputShape));
    } else if (model.rfind("Conv2D", 0) == 0) {
        first = "conv2d_1";
        layers.push_back(conv2d(first, 5, 3, "valid", relu ? "relu" : "linear", inputShape));
    } else {
        const bool max = model == "MaxPooling2D";
        first = max ? "max_pooling2d_1" : "average_pooling2d_1";
        layers.push_back(pool2d(max ? "MaxPooling2D" : "AveragePooling2D", first, 2, 2, "valid", inputShape));
    }
    layers.push_back(flatten("flatten_1"));
    LayerWeights w{first, {}};
    if (model.rfind("Dense", 0) == 0 || model.rfind("Conv2D", 0) == 0)
        w.arrays = {{"kernel:0", lantern::io::readHdf5Dataset(refFile, group + "/weights/0")},
                    {"bias:0", lantern::io::readHdf5Dataset(refFile, group + "/weights/1")}};
    writeKeras2Model(keras2Path, sequential("sequential_1", layers), {w, {"flatten_1", {}}});
    return lantern::formats::importKerasH5(keras2Path);
}

} // namespace innvestigate_models

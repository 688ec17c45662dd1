#pragma once
// Converters from Keras layers (Keras 1 and 2 spellings of the same options) to engine nodes.

#include "formats/keras_builder.h"

#include <string>
#include <vector>

namespace lantern::formats::keras {

/// Adds the nodes of one (non-input) Keras layer reading `inputs`; returns the layer's output tensor.
KValue convertLayer(GraphBuilder& b, const LayerConfig& layer, const std::vector<KValue>& inputs);

/// Layer classes that own weights (and ask the WeightSource for them).
bool layerHasWeights(const std::string& className);

// Spatial layers (keras_layers_spatial.cpp).
KValue convertConv2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input);
KValue convertPool2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input, bool max);
KValue convertGlobalPool2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input, bool max);
KValue convertZeroPadding2D(GraphBuilder& b, const LayerConfig& layer, const KValue& input);

} // namespace lantern::formats::keras

#pragma once
// Keras model import. Keras 2 HDF5 model files (Sequential and functional,
// channels-last or channels-first) and Keras 1 files and JSON architectures
// (dim_ordering th or tf), with weights from the model file, from a
// weights-only HDF5 file (model.save_weights), or seeded random initialisation.
//
// Graph inputs keep Keras' shapes ((N, H, W, C) for channels-last); engine
// spatial ops are NCHW, so Transposes are inserted where needed (Flatten and
// Dense on rank > 2 see Keras' own element order). Node names are the Keras
// layer names; an activation inside a Conv2D/Dense layer becomes its own node
// "<layer>_<activation>", so a final softmax is always a separate, removable
// node (Model::finalSoftmax). Keras 1 Theano kernels (true convolutions) are
// flipped. Errors: IoError (unreadable or malformed files, missing or misshapen
// weights), UnsupportedError (every unsupported layer class listed with its
// layer names; unsupported options), ShapeError (layers whose input shapes do
// not fit). No partial model is ever returned.

#include "lantern/model.h"

#include <cstdint>
#include <string>

namespace lantern::formats {

/// Keras HDF5 model file: root attribute model_config (JSON) + model_weights
/// group. Keras 2 (Sequential and functional, channels-last) and Keras 1 files.
/// Model::format is "keras2" or "keras1".
Model importKerasH5(const std::string& path);

/// Keras 1.x (or 2) JSON architecture plus an HDF5 weights file (weights-only
/// file as saved by model.save_weights, or a full model file); empty
/// weightsPath = random (Glorot-uniform kernels, zero biases, unit BatchNorm
/// statistics) weights drawn from `seed`.
Model importKerasJson(const std::string& jsonPath, const std::string& weightsPath = {}, uint64_t seed = 0);

} // namespace lantern::formats

#pragma once
// Model: a graph ready to run plus what the importer learned about it (format, source, input layout, the
// final softmax that explanations bypass). Importers (ONNX, Keras) and presets all produce one.

#include "lantern/graph.h"

#include <map>
#include <string>
#include <vector>

namespace lantern {

struct Model {
    Graph graph;
    std::string format; ///< "onnx", "keras2", "keras1", "preset"
    std::string source; ///< the file(s) it was loaded from, as given
    std::string name;   ///< model name stored in the file (graph name, Keras model name); may be empty
    /// Layout of the (first) graph input as the original framework sees it: "NCHW", "NHWC", "NC" or "".
    /// Graph inputs always keep the original framework's shape; importers insert Transposes internally.
    std::string inputLayout;
    /// The value holding the pre-softmax scores. Equals the graph output unless the graph ends in a
    /// Softmax/LogSoftmax node, in which case it is that node's input.
    std::string logits;
    /// Name of the final Softmax/LogSoftmax node, empty when there is none.
    std::string finalSoftmax;
    /// Importer remarks for inspect tools: folded constant chains, inserted layout transposes, flipped kernels.
    std::vector<std::string> notes;
    /// Key/value metadata stored in the file (ONNX metadata_props), e.g. "lantern.class_names" (comma-separated
    /// class names written by `lantern-cli train --class-names`). Empty for other formats.
    std::map<std::string, std::string> metadata;

    /// Sets logits and finalSoftmax from the graph (single output produced by Softmax or LogSoftmax whose
    /// axis is the last one).
    void detectFinalSoftmax();
    /// Removes the final softmax node so that the graph output is the logits. No-op when there is none.
    void removeFinalSoftmax();
};

/// Where the weights of a model given as an architecture file (Keras 1 JSON) come from.
struct LoadOptions {
    std::string weightsPath; ///< HDF5 weights for a .json architecture; empty: random weights (seed below)
    uint64_t seed = 0;       ///< initialisation seed for architectures loaded without weights
};

/// Loads any supported model file, choosing the importer from the content (not only the extension):
/// ONNX protobuf, Keras HDF5 (model_config attribute, Keras 2 or 1), Keras 1 JSON architecture
/// (+ options.weightsPath), or a preset name prefixed "preset:" (e.g. "preset:fmnist-cnn").
/// Throws IoError / UnsupportedError naming the file and what is wrong.
Model loadModel(const std::string& path, const LoadOptions& options = {});

} // namespace lantern

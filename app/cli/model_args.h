#pragma once
// How every command names a model: one file (ONNX, Keras .h5, "preset:NAME"), or a Keras 1 JSON
// architecture plus its HDF5 weights (--weights).

#include "lantern/model.h"

#include <CLI/CLI.hpp>

#include <string>

namespace lantern::cli {

struct ModelArgs {
    std::string model;
    std::string weights;
};

/// Adds --model (or a positional MODEL when `positional`) and --weights to a command.
void addModelOptions(CLI::App* cmd, ModelArgs& args, bool positional = false);
Model loadModelFromArgs(const ModelArgs& args);

} // namespace lantern::cli

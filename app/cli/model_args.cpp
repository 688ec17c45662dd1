#include "model_args.h"

namespace lantern::cli {

void addModelOptions(CLI::App* cmd, ModelArgs& args, bool positional)
{
    const char* help = "Model: ONNX (.onnx), Keras HDF5 (.h5), Keras 1 JSON architecture (.json, with --weights) "
                       "or preset:NAME";
    if (positional)
        cmd->add_option("model", args.model, help)->required();
    else
        cmd->add_option("--model,-m", args.model, help)->required();
    cmd->add_option("--weights,-w", args.weights, "HDF5 weights for a Keras 1 JSON architecture");
}

Model loadModelFromArgs(const ModelArgs& args)
{
    LoadOptions options;
    options.weightsPath = args.weights;
    return loadModel(args.model, options);
}

} // namespace lantern::cli

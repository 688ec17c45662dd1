#pragma once
// Built-in architectures and PyTorch-style state dicts.
//   "fmnist-cnn":  the Fashion-MNIST CNN of the shared reference data (input (N,1,28,28), 10 logits)
//   "ziletti-cnn": the crystal-structure CNN of Ziletti et al. 2018 (input (N,3,64,64), 7 logits; dropout 0.25
//                  before fc1, identity at inference)
//   "mlp-IN-H1-...-OUT": dense layers fc1, fc2, ... with ReLU between, e.g. "mlp-16380-8-8-2", the network of
//                  Toms et al. 2020 on a flattened 2-degree field (input (N,IN), OUT logits)
// Node names equal the PyTorch module names, so state_dict keys ("conv1.weight") map onto parameters.

#include "lantern/graph.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lantern::models {

std::vector<std::string> presetNames();
/// A preset with Kaiming-normal (fan-in, ReLU gain) weights and zero biases drawn from `seed`.
Graph buildPreset(const std::string& name, uint64_t seed = 0);

/// Kaiming-normal initialisation of every Conv2D/Gemm weight, zero biases; deterministic for a seed.
void initializeKaiming(Graph& graph, uint64_t seed);

/// Copies "node.param" tensors into the graph. Strict: every parameter must be given with its exact shape
/// and no unknown key may remain (keys in `ignored`, e.g. "num_batches_tracked", are skipped); otherwise an
/// ArgumentError lists every problem.
void loadStateDict(Graph& graph, const std::map<std::string, Tensor>& state,
                   const std::vector<std::string>& ignoredSuffixes = {"num_batches_tracked"});
/// Deep copies of every parameter (trainable and buffers), keyed "node.param".
std::map<std::string, Tensor> stateDict(Graph& graph);

/// Forward FLOPs (multiply-adds counted as 2) of Conv2D and Gemm nodes for the given input shape.
double forwardFlops(const Graph& graph, const Shape& inputShape);
/// The same per node, in topological order (Conv2D and Gemm nodes only).
std::vector<std::pair<std::string, double>> nodeFlops(const Graph& graph, const Shape& inputShape);

} // namespace lantern::models

#pragma once
// One crystal through the whole chain the materials workspace shows and its sliders re-run: structure -> cluster
// (supercell) -> defects -> diffraction fingerprint -> CNN prediction -> attentive response maps of every conv
// layer (ai4materials' style, top-n filters, sum, dominant filter) -> spglib's space group. By value; Qt-free; the
// workspace runs it on the engine thread, bench/materials_bench.cpp times it.

#include "lantern/materials/defects.h"
#include "lantern/materials/structure.h"
#include "lantern/materials/symmetry.h"
#include "lantern/model.h"
#include "lantern/tensor.h"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace lantern::studies {

struct CrystalAnalysisOptions {
    int atoms = 128;            ///< supercell size of periodic structures (0: as given)
    materials::Defects defects; ///< applied to the supercell
    double symprec = 1e-3;
    bool responses = true; ///< attentive response maps (needs a model)
    int topFilters = 4;
    std::vector<std::string> responseLayers; ///< conv layers to back-project; empty: every conv layer
};

/// The attentive response of one conv layer for the fingerprint.
struct LayerResponse {
    std::string layer;                ///< conv node name
    std::vector<int> filters;         ///< top filters, by descending summed activation
    std::vector<Tensor> maps;         ///< one (3, H, W) map per filter, signed, raw (ai4materials style)
    Tensor sum;                       ///< (3, H, W)
    Tensor dominant;                  ///< (3, H, W): index into `filters` of the largest map per element
};

struct CrystalAnalysis {
    materials::Structure structure; ///< the cluster with its defects (what the fingerprint sees)
    Tensor fingerprint;             ///< (3, 64, 64)
    std::vector<float> probabilities; ///< softmax of the logits; empty without a model
    int predicted = -1;
    std::optional<materials::SpaceGroup> spaceGroup; ///< spglib at options.symprec (periodic structures)
    std::vector<LayerResponse> layers;
    double fingerprintMs = 0, predictionMs = 0, responseMs = 0, symmetryMs = 0;
};

/// The Conv2D layers of a model, in graph order (what responseLayers may name).
std::vector<std::string> convLayers(const Model& model);

/// `model` may be null (fingerprint and space group only). Throws CancelledError when `cancel` is set between steps.
CrystalAnalysis analyseCrystal(Model* model, const materials::Structure& structure, const CrystalAnalysisOptions& options,
                               const std::atomic<bool>* cancel = nullptr);

} // namespace lantern::studies

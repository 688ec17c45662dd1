#pragma once
// The crystal-structure study of Ziletti, Kumar, Scheffler and Ghiringhelli, "Insightful classification of crystal
// structures using deep learning" (Nature Communications 9, 2775, 2018), reproduced with Lantern's engine: pristine
// crystals of the eight prototypes (rh and hcp merged into one of seven classes) for many elements and lattice
// parameters -> 2-D diffraction fingerprints -> the paper's CNN trained here (Adam, lr 1e-3, batch 32) -> accuracy
// on held-out pristine crystals and on defective ones (vacancies, displacements, substitutions), beside spglib at
// several tolerances (the paper's baseline). docs/studies/materials.md has the recipe and the numbers.

#include "lantern/materials/defects.h"
#include "lantern/materials/fingerprint.h"
#include "lantern/materials/structure.h"
#include "lantern/model.h"
#include "lantern/tensor.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lantern::studies {

using Progress = std::function<void(int64_t done, int64_t total)>;

/// A pristine crystal of the study: a prototype of one element with varied lattice parameters, repeated to about
/// `atoms` atoms; `label` is its class in materials::crystalClasses().
struct Crystal {
    materials::Structure structure;
    int label = 0;
    int spaceGroup = 0;
};

struct CrystalSetOptions {
    int64_t count = 2800; ///< spread evenly over the seven classes (hex/rh alternates hcp and rh)
    int atoms = 128;
    uint64_t seed = 1;
};
/// Elements drawn from Li..Bi (no noble gases); a within +-10 % of the prototype's, c/a and x within +-4 %.
std::vector<Crystal> makeCrystals(const CrystalSetOptions& options);

/// The crystals with `defects`, seeded per crystal (seed * 1000003 + index); substitutions without a substituent
/// put a random other element of the study's list on each crystal, as ai4materials draws substituents.
std::vector<materials::Structure> defectiveCrystals(const std::vector<Crystal>& crystals, const materials::Defects& defects);

/// Fingerprints (N, 3, 64, 64) and labels (N) as floats of crystals, each with `defects` (seeded per crystal).
struct FingerprintSet {
    Tensor inputs;
    Tensor labels;
};
FingerprintSet fingerprintCrystals(const std::vector<Crystal>& crystals, const materials::Defects& defects = {},
                                   const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);

struct MaterialsTrainOptions {
    int epochs = 5;
    int64_t batchSize = 32;
    double lr = 1e-3;
    uint64_t seed = 1;
    /// Training-time snapshots (lantern/snapshots/recorder.h) of `probes` validation crystals spread over the classes
    /// into this file ("" = none): attentive response maps of every conv layer, ai4materials style.
    std::string snapshots;
    int64_t probes = 7;
    int64_t snapshotEverySteps = 0; ///< 0: every epoch
};
struct MaterialsModel {
    Model model;
    double trainAccuracy = 0, validationAccuracy = 0;
};
/// The paper's CNN (the ziletti-cnn preset with dropout 0.25 before the dense layer) trained from scratch.
MaterialsModel trainMaterialsModel(const FingerprintSet& train, const FingerprintSet& validation,
                                   const MaterialsTrainOptions& options,
                                   const std::function<void(int epoch, int64_t batch, int64_t batches, double loss)>& onBatch = {},
                                   const std::atomic<bool>* cancel = nullptr);

/// Fraction of correct argmax predictions.
double cnnAccuracy(Model& model, const FingerprintSet& set);
/// Fraction of structures whose spglib space group at `symprec` falls in the crystal's class.
double spglibAccuracy(const std::vector<materials::Structure>& structures, const std::vector<Crystal>& crystals,
                      double symprec);

enum class DefectKind { Vacancies, Displacement, Substitution };
std::string defectKindName(DefectKind k); ///< "vacancies", "displacement", "substitution"

/// One row of robustness.csv.
struct RobustnessRow {
    DefectKind defect = DefectKind::Vacancies;
    double level = 0;        ///< fraction of sites, or sigma in Å
    std::string method;      ///< "cnn" or "spglib"
    double tolerance = 0;    ///< spglib's symprec (0 for the CNN)
    double accuracy = 0;     ///< 0..1
    int64_t n = 0;
};

struct RobustnessOptions {
    // level 0 is the pristine baseline of each curve
    std::vector<double> vacancies{0, 0.01, 0.02, 0.05, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60};
    std::vector<double> displacements{0, 0.01, 0.02, 0.04, 0.06, 0.08, 0.10};
    std::vector<double> substitutions{0, 0.01, 0.05, 0.10, 0.20, 0.30};
    std::vector<double> tolerances{1e-3, 1e-2, 1e-1};
    int64_t perLevel = 105; ///< crystals per level (a fresh pristine set, 15 per class)
    uint64_t seed = 2;
};
std::vector<RobustnessRow> robustness(Model& model, const RobustnessOptions& options, int atoms = 128,
                                      const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);
/// defect,level,method,tolerance,accuracy,n with a header; written atomically.
void writeRobustnessCsv(const std::string& path, const std::vector<RobustnessRow>& rows);

} // namespace lantern::studies

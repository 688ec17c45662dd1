// The materials study's network, evaluation and robustness table (see lantern/studies/materials.h).
#include "lantern/snapshots/recorder.h"
#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/materials/prototypes.h"
#include "lantern/materials/symmetry.h"
#include "lantern/models/presets.h"
#include "lantern/studies/materials.h"
#include "lantern/training/trainer.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>

namespace lantern::studies {

MaterialsModel trainMaterialsModel(const FingerprintSet& train, const FingerprintSet& validation,
                                   const MaterialsTrainOptions& o,
                                   const std::function<void(int, int64_t, int64_t, double)>& onBatch,
                                   const std::atomic<bool>* cancel)
{
    MaterialsModel m;
    m.model.graph = models::buildPreset("ziletti-cnn", o.seed);
    m.model.format = "preset";
    m.model.source = "preset:ziletti-cnn";
    m.model.name = "ziletti-cnn";
    std::string classes;
    for (const auto& c : materials::crystalClasses())
        classes += (classes.empty() ? "" : ",") + c;
    m.model.metadata["lantern.class_names"] = classes;
    SoftmaxCrossEntropy loss;
    Adam adam(m.model.graph, o.lr);
    TrainConfig config;
    config.epochs = o.epochs;
    config.batchSize = o.batchSize;
    config.seed = o.seed;
    Trainer trainer(m.model.graph, loss, adam, config);
    trainer.cancel = cancel;
    if (onBatch)
        trainer.onBatchEnd = [&](const BatchEvent& e) { onBatch(e.epoch, e.batch, e.batches, e.loss); };
    const Dataset trainSet{train.inputs, train.labels}, validationSet{validation.inputs, validation.labels};
    std::unique_ptr<snapshots::SnapshotRecorder> recorder;
    if (!o.snapshots.empty()) {
        snapshots::RecordOptions r;
        r.methods = {"attentive-response"};
        r.responseStyle = "ai4materials";
        if (o.snapshotEverySteps > 0) {
            r.every = "steps";
            r.everySteps = o.snapshotEverySteps;
        }
        snapshots::SnapshotHeader h;
        h.model = "ziletti-cnn (lantern-cli study materials)";
        h.inputLayout = "NCHW";
        for (const auto& c : materials::crystalClasses())
            h.classNames.push_back(c);
        h.stepsPerEpoch = (trainSet.size() + o.batchSize - 1) / o.batchSize;
        h.attributes = {{"optimizer", "adam"}, {"lr", std::to_string(o.lr)}, {"batch_size", std::to_string(o.batchSize)},
                        {"seed", std::to_string(o.seed)}, {"epochs", std::to_string(o.epochs)}};
        const Dataset& probeSet = validation.inputs.isEmpty() ? trainSet : validationSet;
        recorder = std::make_unique<snapshots::SnapshotRecorder>(
            m.model, o.snapshots, snapshots::chooseProbes(probeSet, o.probes, "validation crystals"), h, r, cancel);
        recorder->attach(trainer, h.stepsPerEpoch);
    }
    const auto events = trainer.fit(trainSet, validation.inputs.isEmpty() ? nullptr : &validationSet);
    if (recorder)
        recorder->close();
    m.trainAccuracy = Trainer::evaluate(m.model.graph, trainSet, &loss).accuracy;
    if (!validation.inputs.isEmpty())
        m.validationAccuracy = Trainer::evaluate(m.model.graph, validationSet, &loss).accuracy;
    return m;
}

double cnnAccuracy(Model& model, const FingerprintSet& set)
{
    SoftmaxCrossEntropy loss;
    return Trainer::evaluate(model.graph, Dataset{set.inputs, set.labels}, &loss, 64).accuracy;
}

double spglibAccuracy(const std::vector<materials::Structure>& structures, const std::vector<Crystal>& crystals,
                      double symprec)
{
    if (structures.empty())
        return 0;
    // spglib is reentrant (only its error code is global), so the structures are shared among the cores
    std::atomic<int64_t> correct{0}, next{0};
    std::mutex errorMutex;
    std::exception_ptr error;
    const auto work = [&] {
        try {
            for (int64_t i = next++; i < int64_t(structures.size()); i = next++) {
                const auto g = materials::spaceGroup(structures[std::size_t(i)], symprec);
                if (g && materials::crystalClassOfSpaceGroup(g->number) == crystals[std::size_t(i)].label)
                    ++correct;
            }
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!error)
                error = std::current_exception();
            next = int64_t(structures.size());
        }
    };
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t)
            pool.emplace_back(work);
        work();
    } // joined
    if (error)
        std::rethrow_exception(error);
    return double(correct.load()) / double(structures.size());
}

std::string defectKindName(DefectKind k)
{
    switch (k) {
    case DefectKind::Vacancies: return "vacancies";
    case DefectKind::Displacement: return "displacement";
    case DefectKind::Substitution: return "substitution";
    }
    return "?";
}

std::vector<RobustnessRow> robustness(Model& model, const RobustnessOptions& o, int atoms, const Progress& progress,
                                      const std::atomic<bool>* cancel)
{
    CrystalSetOptions setOptions;
    setOptions.count = o.perLevel;
    setOptions.atoms = atoms;
    setOptions.seed = o.seed;
    const std::vector<Crystal> crystals = makeCrystals(setOptions);
    std::vector<std::pair<DefectKind, double>> levels;
    for (double v : o.vacancies)
        levels.push_back({DefectKind::Vacancies, v});
    for (double v : o.displacements)
        levels.push_back({DefectKind::Displacement, v});
    for (double v : o.substitutions)
        levels.push_back({DefectKind::Substitution, v});
    std::vector<RobustnessRow> rows;
    int64_t done = 0;
    for (const auto& [kind, level] : levels) {
        materials::Defects d;
        d.seed = o.seed + uint64_t(done) * 7919u;
        if (kind == DefectKind::Vacancies)
            d.vacancies = level;
        else if (kind == DefectKind::Displacement)
            d.displacement = level;
        else
            d.substitutions = level;
        const FingerprintSet set = fingerprintCrystals(crystals, d, {}, cancel);
        rows.push_back({kind, level, "cnn", 0, cnnAccuracy(model, set), int64_t(crystals.size())});
        const std::vector<materials::Structure> structures = defectiveCrystals(crystals, d); // what the CNN saw
        for (double t : o.tolerances) {
            if (cancel && cancel->load())
                throw CancelledError();
            rows.push_back({kind, level, "spglib", t, spglibAccuracy(structures, crystals, t), int64_t(crystals.size())});
        }
        ++done;
        if (progress)
            progress(done, int64_t(levels.size()));
    }
    return rows;
}

void writeRobustnessCsv(const std::string& path, const std::vector<RobustnessRow>& rows)
{
    std::string text = "defect,level,method,tolerance,accuracy,n\n";
    char line[160];
    for (const auto& r : rows) {
        const std::string tolerance = r.method == "cnn" ? std::string() : [&] {
            char t[32];
            std::snprintf(t, sizeof t, "%g", r.tolerance);
            return std::string(t);
        }();
        std::snprintf(line, sizeof line, "%s,%g,%s,%s,%.4f,%lld\n", defectKindName(r.defect).c_str(), r.level,
                      r.method.c_str(), tolerance.c_str(), r.accuracy, static_cast<long long>(r.n));
        text += line;
    }
    io::writeFileAtomically(path, std::vector<char>(text.begin(), text.end()));
}

} // namespace lantern::studies

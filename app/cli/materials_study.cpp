#include "materials_study.h"

#include "commands.h"
#include "materials_figure.h"
#include "materials_snapshots.h"

#include "common/crystal_figure.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_export.h"
#include "lantern/io/npy.h"
#include "lantern/materials/prototypes.h"
#include "lantern/materials/readers.h"
#include "lantern/studies/crystal_analysis.h"
#include "lantern/studies/materials.h"
#include "lantern/training/trainer.h"
#include "lantern/version.h"

#include <nlohmann/json.hpp>

#include <QSaveFile>

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace lantern::cli {

namespace {

namespace fs = std::filesystem;

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

/// Rows i with i % 10 == 9 (stratified: the classes cycle) go to validation, the others to training.
std::pair<studies::FingerprintSet, studies::FingerprintSet> split(const studies::FingerprintSet& all)
{
    const int64_t n = all.inputs.dim(0);
    std::vector<int64_t> train, validation;
    for (int64_t i = 0; i < n; ++i)
        (i % 10 == 9 ? validation : train).push_back(i);
    return {{gatherRows(all.inputs, train), gatherRows(all.labels, train)},
            {gatherRows(all.inputs, validation), gatherRows(all.labels, validation)}};
}

} // namespace

void runMaterialsStudy(const MaterialsStudyArgs& a)
{
    if (a.threads > 0)
        setThreadCount(a.threads);
    std::error_code ec;
    fs::create_directories(a.out, ec);
    if (ec)
        throw IoError(a.out + ": cannot create the output folder (" + ec.message() + ")");
    const auto start = std::chrono::steady_clock::now();

    studies::CrystalSetOptions setOptions;
    setOptions.count = a.structures;
    setOptions.atoms = a.atoms;
    setOptions.seed = a.seed;
    const auto crystals = studies::makeCrystals(setOptions);
    Progress fingerprintProgress("fingerprints");
    const studies::FingerprintSet all = studies::fingerprintCrystals(
        crystals, {}, [&](int64_t done, int64_t total) { fingerprintProgress.update(long(done), long(total)); });
    fingerprintProgress.finish();
    const auto [train, validation] = split(all);
    std::printf("data: %lld pristine crystals (7 classes, ~%d atoms each), fingerprints (%.1f s)\n",
                static_cast<long long>(a.structures), a.atoms, seconds(start));
    std::fflush(stdout);

    studies::MaterialsTrainOptions trainOptions;
    trainOptions.epochs = a.epochs;
    trainOptions.seed = a.seed;
    const std::string snapshotPath = (fs::path(a.out) / "snapshots.h5").string();
    if (a.snapshots) {
        trainOptions.snapshots = snapshotPath;
        trainOptions.probes = a.probes;
        trainOptions.snapshotEverySteps = a.snapshotEverySteps;
    }
    Progress trainProgress("training");
    studies::MaterialsModel m = studies::trainMaterialsModel(train, validation, trainOptions,
                                                             [&](int epoch, int64_t batch, int64_t batches, double loss) {
                                                                 char detail[64];
                                                                 std::snprintf(detail, sizeof detail, "epoch %d, loss %.4f", epoch + 1, loss);
                                                                 trainProgress.update(long(epoch * batches + batch + 1),
                                                                                      long(a.epochs * batches), detail);
                                                             });
    trainProgress.finish();
    const double trainSeconds = seconds(start);
    std::printf("network: Ziletti et al. CNN, Adam lr %g, batch %lld, %d epochs: train accuracy %.1f%% (%lld), "
                "validation %.1f%% (%lld) (%.1f s)\n",
                trainOptions.lr, static_cast<long long>(trainOptions.batchSize), a.epochs, 100 * m.trainAccuracy,
                static_cast<long long>(train.inputs.dim(0)), 100 * m.validationAccuracy,
                static_cast<long long>(validation.inputs.dim(0)), trainSeconds);
    nlohmann::json snapshotSummary;
    if (a.snapshots)
        snapshotSummary = analyseSnapshots(snapshotPath, (fs::path(a.out) / "snapshots.csv").string());
    const std::string modelPath = (fs::path(a.out) / "model.onnx").string();
    formats::OnnxExportOptions exportOptions;
    exportOptions.graphName = "ziletti-cnn";
    exportOptions.metadata = m.model.metadata;
    exportOptions.metadata["lantern.training"] = "lantern-cli study materials, seed " + std::to_string(a.seed) + ", " +
                                                 std::to_string(a.structures) + " crystals, " + std::to_string(a.epochs) + " epochs";
    exportOptions.metadata["lantern.input"] = "2-D diffraction fingerprint (3, 64, 64), lantern-cli fingerprint";
    formats::exportOnnx(m.model.graph, modelPath, exportOptions);

    // held-out pristine crystals: new elements and parameters from another seed
    studies::CrystalSetOptions testOptions = setOptions;
    testOptions.count = a.testStructures;
    testOptions.seed = a.seed + 1000;
    const auto testCrystals = studies::makeCrystals(testOptions);
    const double testAccuracy = studies::cnnAccuracy(m.model, studies::fingerprintCrystals(testCrystals));
    std::printf("held-out pristine crystals: CNN accuracy %.1f%% (%lld)\n", 100 * testAccuracy,
                static_cast<long long>(testCrystals.size()));
    std::fflush(stdout);

    studies::RobustnessOptions robustnessOptions;
    robustnessOptions.perLevel = a.perLevel;
    robustnessOptions.seed = a.seed + 2000;
    Progress robustnessProgress("robustness");
    const auto rows = studies::robustness(m.model, robustnessOptions, a.atoms, [&](int64_t done, int64_t total) {
        robustnessProgress.update(long(done), long(total));
    });
    robustnessProgress.finish();
    studies::writeRobustnessCsv((fs::path(a.out) / "robustness.csv").string(), rows);
    std::printf("robustness (accuracy; %lld crystals per level):\n  %-13s %6s %7s", static_cast<long long>(a.perLevel),
                "defect", "level", "CNN");
    for (double t : robustnessOptions.tolerances)
        std::printf("  spglib %-5g", t);
    std::printf("\n");
    nlohmann::json table = nlohmann::json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].method != "cnn")
            continue;
        std::printf("  %-13s %6g %6.1f%%", studies::defectKindName(rows[i].defect).c_str(), rows[i].level, 100 * rows[i].accuracy);
        nlohmann::json row = {{"defect", studies::defectKindName(rows[i].defect)}, {"level", rows[i].level}, {"cnn", rows[i].accuracy}};
        for (std::size_t j = i + 1; j < rows.size() && rows[j].method == "spglib"; ++j) {
            std::printf("  %11.1f%%", 100 * rows[j].accuracy);
            char key[32];
            std::snprintf(key, sizeof key, "spglib_%g", rows[j].tolerance);
            row[key] = rows[j].accuracy;
        }
        std::printf("\n");
        table.push_back(row);
    }
    if (a.figure)
        for (const char* ext : {"png", "pdf", "svg"}) {
            const std::string path = (fs::path(a.out) / (std::string("robustness.") + ext)).string();
            writeRobustnessFigure(rows, path);
            std::printf("figure: %s\n", path.c_str());
        }
    // the figure ai4materials' example draws, for its fcc aluminium
    const materials::Structure aluminium = materials::buildPrototype(materials::Prototype::Fcc, 13, {4.05});
    studies::CrystalAnalysis example = studies::analyseCrystal(&m.model, aluminium, {});
    example.structure.name = "fcc Al";
    app::ResponseFigureText figureText;
    const std::string predicted = materials::crystalClasses()[std::size_t(example.predicted)];
    figureText.title = QStringLiteral("fcc Al (%1 atoms): predicted %2 (%3 %)")
                     .arg(example.structure.size())
                     .arg(QString::fromStdString(predicted))
                     .arg(100.0 * example.probabilities[std::size_t(example.predicted)], 0, 'f', 1);
    figureText.channelNames = {QStringLiteral("R: about x"), QStringLiteral("G: about y"), QStringLiteral("B: about z")};
    if (a.figure)
        for (const char* ext : {"png", "pdf"}) {
            const std::string path = (fs::path(a.out) / (std::string("attentive_response.") + ext)).string();
            app::writeResponseFigure(example, figureText, QString::fromStdString(path));
            std::printf("figure: %s\n", path.c_str());
        }
    if (!a.demo.empty()) {
        fs::create_directories(a.demo, ec);
        io::writeFileAtomically((fs::path(a.demo) / "model.onnx").string(), io::readFileBytes(modelPath));
        // the four crystals of ai4materials' example, as conventional cells (the workspace repeats them to ~128 atoms)
        const std::pair<const char*, materials::Structure> examples[] = {
            {"Al_fcc.xyz", aluminium},
            {"Fe_bcc.xyz", materials::buildPrototype(materials::Prototype::Bcc, 26, {2.87})},
            {"C_diamond.xyz", materials::buildPrototype(materials::Prototype::Diamond, 6, {3.567})},
            {"Mg_hcp.xyz", materials::buildPrototype(materials::Prototype::Hcp, 12, {3.21, 5.21 / 3.21})}};
        for (const auto& [file, structure] : examples)
            materials::writeExtendedXyz(structure, (fs::path(a.demo) / file).string());
        const QImage icon = app::fingerprintImage(example.fingerprint).scaled(192, 192, Qt::IgnoreAspectRatio, Qt::FastTransformation);
        QSaveFile iconFile(QString::fromStdString((fs::path(a.demo) / "icon.png").string()));
        if (!iconFile.open(QIODevice::WriteOnly) || !icon.save(&iconFile, "PNG") || !iconFile.commit())
            throw IoError(a.demo + ": cannot write icon.png");
        std::printf("demo: the model and four example structures written to %s\n", a.demo.c_str());
    }
    const nlohmann::json summary = {{"study", "materials"},
                                    {"lantern", versionString()},
                                    {"structures", a.structures},
                                    {"atoms", a.atoms},
                                    {"epochs", a.epochs},
                                    {"seed", a.seed},
                                    {"classes", materials::crystalClasses()},
                                    {"train_accuracy", m.trainAccuracy},
                                    {"validation_accuracy", m.validationAccuracy},
                                    {"test_accuracy", testAccuracy},
                                    {"test_structures", a.testStructures},
                                    {"example", {{"structure", "fcc Al"}, {"predicted", predicted}}},
                                    {"robustness", table},
                                    {"seconds_to_trained", trainSeconds},
                                    {"snapshots", snapshotSummary},
                                    {"seconds", seconds(start)}};
    const std::string text = summary.dump(2) + "\n";
    io::writeFileAtomically((fs::path(a.out) / "summary.json").string(), std::vector<char>(text.begin(), text.end()));
    std::printf("written to %s (%.1f s)\n", a.out.c_str(), seconds(start));
}

} // namespace lantern::cli

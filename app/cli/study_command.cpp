// lantern-cli study NAME: the headless studies that reproduce a paper's finding end to end.
//   enso: Toms, Barnes and Ebert-Uphoff (JAMES 2020): data -> network -> optimal input, deep-Taylor composite,
//         per-sample relevance over SST; writes data.nc, model.onnx, composite.npy, optimal_input.npy, the
//         three-panel figure (PNG and PDF) and summary.json with the acceptance numbers.
#include "commands.h"
#include "enso_figure.h"
#include "materials_study.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_export.h"
#include "lantern/io/npy.h"
#include "lantern/studies/enso.h"
#include "lantern/version.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

namespace lantern::cli {

namespace {

namespace fs = std::filesystem;

struct StudyOptions {
    std::string name;
    std::string out;
    std::string grid, landMask;
    int64_t months = 1200;
    int epochs = 50;
    uint64_t seed = 1;
    int threads = 0;
    bool figure = true;
    std::string demo; ///< also write the bundled demo (model + the last 16 months) into this folder
    MaterialsStudyArgs materials;
};

std::string sharedClimate(const std::string& file)
{
    const char* env = std::getenv("LANTERN_SHARED_DATA");
    return std::string(env && *env ? env : "../shared/data") + "/climate/" + file;
}

Tensor asGrid(const std::vector<float>& values, size_t nlat, size_t nlon)
{
    return Tensor::fromData({int64_t(nlat), int64_t(nlon)}, values);
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void runEnso(const StudyOptions& o)
{
    if (o.threads > 0)
        setThreadCount(o.threads);
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec)
        throw IoError(o.out + ": cannot create the output folder (" + ec.message() + ")");
    const auto start = std::chrono::steady_clock::now();

    studies::EnsoDataOptions dataOptions;
    dataOptions.gridFile = o.grid.empty() ? sharedClimate("sstdata_netcdf.nc") : o.grid;
    dataOptions.landMaskFile = o.landMask.empty() ? sharedClimate("landsea.nc") : o.landMask;
    dataOptions.months = o.months;
    dataOptions.seed = o.seed;
    const studies::EnsoData data = studies::makeEnsoData(dataOptions);
    int64_t nino = 0;
    for (int64_t l : data.labels)
        nino += l;
    const std::string dataPath = (fs::path(o.out) / "data.nc").string();
    studies::writeEnsoData(dataPath, data);
    std::printf("data: %lld months on a %zu x %zu grid (%lld El Nino, %lld La Nina), grid from %s, land from %s -> %s "
                "(%.1f s)\n",
                static_cast<long long>(o.months), data.lat.size(), data.lon.size(), static_cast<long long>(nino),
                static_cast<long long>(o.months - nino), dataOptions.gridFile.c_str(), dataOptions.landMaskFile.c_str(),
                dataPath.c_str(), seconds(start));
    std::fflush(stdout);

    studies::EnsoTrainOptions trainOptions;
    trainOptions.epochs = o.epochs;
    trainOptions.seed = o.seed;
    std::unique_ptr<Progress> progress = std::make_unique<Progress>("training");
    studies::EnsoModel model = studies::trainEnsoModel(data, trainOptions, [&](int epoch, double loss, double acc) {
        char detail[80];
        std::snprintf(detail, sizeof detail, "loss %.4f, validation accuracy %.1f%%", loss, 100 * acc);
        progress->update(epoch + 1, o.epochs, detail);
    });
    progress->finish();
    std::printf("network: dense %s, L2 %g on fc1 and %g on the others, SGD lr %g, batch %lld, %d epochs, balanced "
                "class weights: train accuracy %.1f%% (%lld months), validation %.1f%% (the last %lld months) (%.1f s)\n",
                model.model.name.c_str(), trainOptions.l2First, trainOptions.l2Others, trainOptions.lr,
                static_cast<long long>(trainOptions.batchSize), o.epochs, 100 * model.trainAccuracy,
                static_cast<long long>(model.trainSamples), 100 * model.validationAccuracy,
                static_cast<long long>(model.validationSamples), seconds(start));
    const std::string modelPath = (fs::path(o.out) / "model.onnx").string();
    formats::OnnxExportOptions exportOptions;
    exportOptions.graphName = model.model.name;
    exportOptions.metadata = model.model.metadata;
    exportOptions.metadata["lantern.training"] =
        "lantern-cli study enso, seed " + std::to_string(o.seed) + ", " + std::to_string(o.epochs) + " epochs";
    exportOptions.metadata["lantern.input"] = "data.nc:sst (time, lat, lon) flattened; masked cells 0";
    formats::exportOnnx(model.model.graph, modelPath, exportOptions);

    const studies::EnsoMaps maps = studies::ensoMaps(model, data);
    const size_t nlat = data.lat.size(), nlon = data.lon.size();
    io::writeNpy((fs::path(o.out) / "composite.npy").string(), asGrid(maps.composite, nlat, nlon));
    io::writeNpy((fs::path(o.out) / "optimal_input.npy").string(), asGrid(maps.optimalInput, nlat, nlon));
    io::writeNpy((fs::path(o.out) / "relevance.npy").string(), asGrid(maps.sampleRelevance, nlat, nlon));
    io::writeNpy((fs::path(o.out) / "saliency.npy").string(), asGrid(maps.sampleSaliency, nlat, nlon));

    const studies::Centroid c = studies::relevanceCentroid(maps.composite, data.lat, data.lon);
    const double distance = studies::distanceToNino34(c.lat, c.lon);
    const double optimalInBox = studies::nino34Mean(maps.optimalInput, data.lat, data.lon);
    std::printf("composite: deep Taylor over %lld correctly classified El Nino months, centroid %.1f N %.1f E, %.1f deg "
                "from the Nino-3.4 box\n",
                static_cast<long long>(maps.compositeSamples), c.lat, c.lon, distance);
    std::printf("optimal input: p(El Nino) %.3f, mean %.3f K over the Nino-3.4 box\n", maps.optimalInputProbability,
                optimalInBox);

    nlohmann::json summary = {
        {"study", "enso"},
        {"lantern", versionString()},
        {"months", o.months},
        {"el_nino_months", nino},
        {"seed", o.seed},
        {"epochs", o.epochs},
        {"train_accuracy", model.trainAccuracy},
        {"validation_accuracy", model.validationAccuracy},
        {"composite_samples", maps.compositeSamples},
        {"composite_centroid", {{"lat", c.lat}, {"lon", c.lon}}},
        {"centroid_distance_to_nino34_deg", distance},
        {"optimal_input_probability", maps.optimalInputProbability},
        {"optimal_input_nino34_mean", optimalInBox},
        {"sample_month", maps.sample},
        {"sample_nino34", data.nino34[size_t(maps.sample)]},
    };
    if (o.figure) {
        EnsoFigure figure;
        figure.data = &data;
        figure.maps = &maps;
        for (const char* ext : {"png", "pdf"}) {
            const std::string path = (fs::path(o.out) / (std::string("figure.") + ext)).string();
            writeEnsoFigure(figure, path);
            std::printf("figure: %s\n", path.c_str());
        }
    }
    if (!o.demo.empty()) {
        fs::create_directories(o.demo, ec);
        const int64_t keep = std::min<int64_t>(16, o.months), first = o.months - keep;
        studies::EnsoData subset = data;
        subset.sst = data.sst.slice(first, first + keep).clone();
        subset.labels.assign(data.labels.begin() + first, data.labels.end());
        subset.nino34.assign(data.nino34.begin() + first, data.nino34.end());
        subset.time.assign(data.time.begin() + first, data.time.end());
        studies::writeEnsoData((fs::path(o.demo) / "fields.nc").string(), subset);
        fs::copy_file(modelPath, fs::path(o.demo) / "model.onnx", fs::copy_options::overwrite_existing, ec);
        if (ec)
            throw IoError(o.demo + ": cannot copy the model (" + ec.message() + ")");
        EnsoFigure icon;
        icon.data = &data;
        icon.maps = &maps;
        writeEnsoIcon(icon, (fs::path(o.demo) / "icon.png").string());
        std::printf("demo: the model and the last %lld months written to %s\n", static_cast<long long>(keep),
                    o.demo.c_str());
    }
    const std::string text = summary.dump(2) + "\n";
    io::writeFileAtomically((fs::path(o.out) / "summary.json").string(), std::vector<char>(text.begin(), text.end()));
    std::printf("written to %s (%.1f s)\n", o.out.c_str(), seconds(start));
}

} // namespace

void addStudyCommand(CLI::App& app)
{
    auto o = std::make_shared<StudyOptions>();
    auto* cmd = app.add_subcommand("study", "Reproduce a paper's finding headlessly: enso (Toms et al. 2020), materials "
                                            "(Ziletti et al. 2018)");
    cmd->add_option("name", o->name, "Study: enso or materials")->required()->check(CLI::IsMember({"enso", "materials"}));
    cmd->add_option("--out", o->out, "Output folder")->required();
    cmd->add_option("--months", o->months, "enso: months of data to generate")->capture_default_str();
    cmd->add_option("--structures", o->materials.structures, "materials: pristine crystals to train and validate on")
        ->capture_default_str()
        ->check(CLI::Range(int64_t(14), int64_t(1000000)));
    cmd->add_option("--test-structures", o->materials.testStructures, "materials: held-out pristine crystals")
        ->capture_default_str()
        ->check(CLI::Range(int64_t(7), int64_t(1000000)));
    cmd->add_option("--per-level", o->materials.perLevel, "materials: crystals per defect level")
        ->capture_default_str()
        ->check(CLI::Range(int64_t(7), int64_t(1000000)));
    cmd->add_option("--atoms", o->materials.atoms, "materials: atoms per crystal (supercells)")
        ->capture_default_str()
        ->check(CLI::Range(8, 4096));
    auto* epochs = cmd->add_option("--epochs", o->epochs, "Training epochs (default: enso 50, materials 5)");
    cmd->add_flag("--snapshots", o->materials.snapshots,
                  "materials: record attentive response maps of validation crystals while training (OUT/snapshots.h5) "
                  "and measure when they settle on the Bragg spots (OUT/snapshots.csv)");
    cmd->add_option("--snapshot-every", o->materials.snapshotEverySteps,
                    "materials: snapshot every N optimizer steps (0: every epoch)")
        ->capture_default_str()
        ->check(CLI::Range(int64_t(0), int64_t(1000000)));
    cmd->add_option("--probes", o->materials.probes, "materials: validation crystals recorded in the snapshots")
        ->capture_default_str()
        ->check(CLI::Range(int64_t(1), int64_t(4096)));
    cmd->add_option("--seed", o->seed, "Seed of the data, the initialisation and the shuffling")->capture_default_str();
    cmd->add_option("--grid", o->grid, "NetCDF file whose lat/lon define the grid (default: shared climate sstdata_netcdf.nc)");
    cmd->add_option("--land-mask", o->landMask, "NCL landsea.nc (default: the shared climate data's)");
    cmd->add_option("--threads", o->threads, "Compute threads (0 = all cores)");
    cmd->add_flag("!--no-figure", o->figure, "Skip the figure");
    cmd->add_option("--demo", o->demo, "Also write the bundled demo (model.onnx, fields.nc: the last 16 months) here");
    cmd->callback([o, epochs] {
        if (o->name == "enso")
            runEnso(*o);
        if (o->name == "materials") {
            MaterialsStudyArgs a = o->materials;
            a.out = o->out;
            a.seed = o->seed;
            a.threads = o->threads;
            a.figure = o->figure;
            a.demo = o->demo;
            if (epochs->count() > 0)
                a.epochs = o->epochs;
            runMaterialsStudy(a);
        }
    });
}

} // namespace lantern::cli

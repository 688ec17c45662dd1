#include "commands.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_export.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"
#include "lantern/models/presets.h"
#include "lantern/training/trainer.h"
#include "lantern/version.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace lantern::cli {

namespace {

struct TrainOptions {
    std::string preset = "fmnist-cnn";
    std::string data;
    std::string trainImages, trainLabels, testImages, testLabels;
    int epochs = 1;
    int64_t batchSize = 64;
    std::string optimizer = "adam";
    double lr = 1e-3;
    double momentum = 0.9;
    bool nesterov = false;
    double l1 = 0, l2 = 0;
    uint64_t seed = 0;
    int64_t trainLimit = 0, testLimit = 0;
    std::string out;
    int threads = 0;
};

/// IDX images (N, H, W) scaled to [0, 1] as (N, 1, H, W), labels (N).
Dataset loadIdxPair(const std::string& images, const std::string& labels, int64_t limit)
{
    Tensor x = io::readIdx(images);
    Tensor y = io::readIdx(labels);
    if (x.rank() != 3)
        throw IoError(images + ": expected IDX images of shape (N, H, W), got " + shapeToString(x.shape()));
    if (y.rank() != 1 || y.dim(0) != x.dim(0))
        throw IoError(labels + ": expected " + std::to_string(x.dim(0)) + " labels, got " + shapeToString(y.shape()));
    const int64_t n = limit > 0 ? std::min(limit, x.dim(0)) : x.dim(0);
    Tensor xs = x.slice(0, n).clone().reshaped({n, 1, x.dim(1), x.dim(2)});
    for (float& v : xs.values())
        v /= 255.f;
    return {xs, y.slice(0, n).clone()};
}

/// "--out" ending in .onnx (any case) writes the whole model as ONNX; anything else the weights as .npz.
bool endsWithOnnx(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".onnx";
}

void run(const TrainOptions& o)
{
    if (o.threads > 0)
        setThreadCount(o.threads);
    std::string trainImages = o.trainImages, trainLabels = o.trainLabels, testImages = o.testImages,
                testLabels = o.testLabels;
    if (!o.data.empty()) {
        const auto dir = std::filesystem::path(o.data);
        trainImages = (dir / "train-images-idx3-ubyte.gz").string();
        trainLabels = (dir / "train-labels-idx1-ubyte.gz").string();
        testImages = (dir / "t10k-images-idx3-ubyte.gz").string();
        testLabels = (dir / "t10k-labels-idx1-ubyte.gz").string();
    }
    if (trainImages.empty() || trainLabels.empty())
        throw ArgumentError("give --data DIR (MNIST-style IDX files) or --train-images and --train-labels");
    const Dataset train = loadIdxPair(trainImages, trainLabels, o.trainLimit);
    std::unique_ptr<Dataset> test;
    if (!testImages.empty() && !testLabels.empty())
        test = std::make_unique<Dataset>(loadIdxPair(testImages, testLabels, o.testLimit));

    Graph graph = models::buildPreset(o.preset, o.seed);
    std::unique_ptr<Optimizer> opt;
    if (o.optimizer == "adam")
        opt = std::make_unique<Adam>(graph, o.lr);
    else if (o.optimizer == "sgd")
        opt = std::make_unique<Sgd>(graph, o.lr, o.momentum, o.nesterov);
    else
        throw ArgumentError("unknown optimizer '" + o.optimizer + "' (adam or sgd)");
    if (o.l1 > 0 || o.l2 > 0)
        opt->setRegularization("", o.l1, o.l2);
    SoftmaxCrossEntropy loss;
    Trainer trainer(graph, loss, *opt, TrainConfig{o.epochs, o.batchSize, o.seed, true});
    std::printf("training %s (%lld parameters) on %lld samples, %s, %s\n", o.preset.c_str(),
                static_cast<long long>(graph.parameterCount()), static_cast<long long>(train.size()),
                o.optimizer.c_str(), backendDescription().c_str());
    std::fflush(stdout);
    std::unique_ptr<Progress> progress;
    double running = 0;
    trainer.onBatchEnd = [&](const BatchEvent& e) {
        if (e.batch == 0)
            progress =
                std::make_unique<Progress>("epoch " + std::to_string(e.epoch + 1) + "/" + std::to_string(o.epochs));
        running = e.batch == 0 ? e.loss : 0.95 * running + 0.05 * e.loss;
        char detail[64];
        std::snprintf(detail, sizeof detail, "loss %.4f", running);
        progress->update(e.batch + 1, e.batches, detail);
    };
    const auto start = std::chrono::steady_clock::now();
    trainer.onEpochEnd = [&](const EpochEvent& e) {
        progress->finish();
        std::printf("epoch %d: train loss %.4f accuracy %.2f%%", e.epoch + 1, e.train.loss, 100 * e.train.accuracy);
        if (e.validation)
            std::printf(", test loss %.4f accuracy %.2f%%", e.validation->loss, 100 * e.validation->accuracy);
        std::printf(" (%.1f s)\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        std::fflush(stdout);
        return true;
    };
    trainer.fit(train, test.get());
    if (!o.out.empty()) {
        if (endsWithOnnx(o.out)) {
            formats::exportOnnx(graph, o.out);
            std::printf("model written to %s (ONNX opset %d, initializers with state_dict names)\n", o.out.c_str(),
                        formats::onnxExportOpset(graph));
        } else {
            io::writeNpz(o.out, models::stateDict(graph));
            std::printf("weights written to %s (PyTorch state_dict names)\n", o.out.c_str());
        }
    }
}

} // namespace

void addTrainCommand(CLI::App& app)
{
    auto o = std::make_shared<TrainOptions>();
    auto* cmd = app.add_subcommand("train", "Train a built-in architecture on MNIST-style IDX data");
    cmd->add_option("--preset", o->preset, "Architecture: fmnist-cnn or ziletti-cnn")->capture_default_str();
    cmd->add_option("--data", o->data, "Folder with train-/t10k- images and labels IDX files (gzip or not)");
    cmd->add_option("--train-images", o->trainImages, "IDX training images");
    cmd->add_option("--train-labels", o->trainLabels, "IDX training labels");
    cmd->add_option("--test-images", o->testImages, "IDX test images");
    cmd->add_option("--test-labels", o->testLabels, "IDX test labels");
    cmd->add_option("--epochs", o->epochs, "Epochs")->capture_default_str()->check(CLI::NonNegativeNumber);
    cmd->add_option("--batch-size", o->batchSize, "Mini-batch size")->capture_default_str()->check(CLI::PositiveNumber);
    cmd->add_option("--optimizer", o->optimizer, "adam or sgd")
        ->capture_default_str()
        ->check(CLI::IsMember({"adam", "sgd"}));
    cmd->add_option("--lr", o->lr, "Learning rate")->capture_default_str()->check(CLI::PositiveNumber);
    cmd->add_option("--momentum", o->momentum, "SGD momentum")->capture_default_str();
    cmd->add_flag("--nesterov", o->nesterov, "Nesterov momentum (SGD)");
    cmd->add_option("--l1", o->l1, "L1 penalty on all weights")->capture_default_str();
    cmd->add_option("--l2", o->l2, "L2 penalty on all weights")->capture_default_str();
    cmd->add_option("--seed", o->seed, "Seed for initialisation, shuffling and dropout")->capture_default_str();
    cmd->add_option("--train-limit", o->trainLimit, "Use only the first N training samples (0 = all)");
    cmd->add_option("--test-limit", o->testLimit, "Use only the first N test samples (0 = all)");
    cmd->add_option("--threads", o->threads, "Compute threads (0 = all cores)");
    cmd->add_option("--out", o->out,
                    "Write the trained model: FILE.onnx as an ONNX model, otherwise the weights as .npz "
                    "(state_dict names)");
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli

// lantern-cli train: a preset or an imported architecture (ONNX, Keras) trained with softmax cross-entropy on
// class-labelled data (IDX, .npy, .npz, HDF5), written as ONNX (the logits as output) or as a .npz state dict, with
// optional training-time snapshots. The run itself is app/common/train_job (shared with the Train dialog).
#include "commands.h"

#include "common/train_job.h"

#include "lantern/error.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace lantern::cli {

namespace {

using app::TrainJobOptions;

struct TrainOptions : TrainJobOptions {
    uint64_t initSeedValue = 0;
    float scaleValue = 1.f;
    const CLI::Option* initSeedOption = nullptr;
    const CLI::Option* scaleOption = nullptr;
};


/// A CLI11 check "a number above (or at least) `bound`" whose message reads "--flag: must be ... (got X)".
CLI::Validator atLeast(double bound, bool strict)
{
    const std::string what = (strict ? "a number above " : "a number >= ") + app::shortNumber(bound);
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            double v = 0;
            size_t used = 0;
            try {
                v = std::stod(text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != text.size() || !std::isfinite(v) || (strict ? v <= bound : v < bound))
                return "must be " + what + " (got '" + text + "')";
            return {};
        },
        strict&& bound == 0 ? "POSITIVE" : "NONNEGATIVE");
}

void run(TrainOptions o)
{
    if (o.initSeedOption && o.initSeedOption->count() > 0)
        o.initSeed = o.initSeedValue;
    if (o.scaleOption && o.scaleOption->count() > 0)
        o.scale = o.scaleValue;
    app::TrainJobEvents events;
    events.log = [](const std::string& line) {
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    };
    std::unique_ptr<Progress> progress;
    double running = 0;
    events.batch = [&](const BatchEvent& e) {
        if (e.batch == 0)
            progress =
                std::make_unique<Progress>("epoch " + std::to_string(e.epoch + 1) + "/" + std::to_string(o.epochs));
        running = e.batch == 0 ? e.loss : 0.95 * running + 0.05 * e.loss;
        char detail[64];
        std::snprintf(detail, sizeof detail, "loss %.4f", running);
        progress->update(e.batch + 1, e.batches, detail);
    };
    events.epoch = [&](const EpochEvent&) {
        if (progress)
            progress->finish();
        progress.reset();
    };
    events.snapshot = [](int64_t frames) {
        std::printf("snapshot %lld saved\n", static_cast<long long>(frames));
        std::fflush(stdout);
    };
    app::runTrainJob(o, events);
}

} // namespace

void addTrainCommand(CLI::App& app)
{
    auto o = std::make_shared<TrainOptions>();
    auto* cmd = app.add_subcommand(
        "train", "Train a preset or an imported architecture (ONNX, Keras) on labelled data; write ONNX or .npz");
    auto* preset = cmd->add_option("--preset", o->preset,
                                   "Built-in architecture: fmnist-cnn, ziletti-cnn, or mlp:H1,H2,... (dense layers fc1.. "
                                   "with ReLU; inputs and classes from the data, e.g. mlp:8,8 for Toms et al. 2020)")
                       ->capture_default_str();
    cmd->add_option("--arch", o->arch,
                    "Architecture file instead of a preset: ONNX, Keras .h5 or Keras 1 .json. A final softmax is "
                    "removed (training uses softmax cross-entropy); the written model outputs the logits")
        ->excludes(preset);
    cmd->add_option("--arch-weights", o->archWeights, "HDF5 weights for a Keras 1 JSON --arch");
    cmd->add_flag("--keep-weights", o->keepWeights,
                  "Start from the parameters in the --arch file (default: re-initialise Conv2D/Gemm weights)");
    const std::string formats = " (IDX, .npy, .npz:KEY, .h5:/DATASET)";
    cmd->add_option("--data", o->data, "Folder with train-/t10k- images and labels IDX files (gzip or not)");
    cmd->add_option("--train-images", o->files.trainImages, "Training images" + formats);
    cmd->add_option("--train-labels", o->files.trainLabels, "Training labels" + formats + " or text");
    cmd->add_option("--test-images", o->files.testImages, "Test images" + formats);
    cmd->add_option("--test-labels", o->files.testLabels, "Test labels" + formats + " or text");
    o->scaleOption = cmd->add_option("--scale", o->scaleValue,
                                     "Multiply inputs by this (default: 1/255 for integer pixel data 0..255, else 1)");
    cmd->add_option("--epochs", o->epochs, "Epochs")->capture_default_str()->check(atLeast(0, false));
    cmd->add_option("--batch-size", o->batchSize, "Mini-batch size")->capture_default_str()->check(atLeast(0, true));
    cmd->add_option("--optimizer", o->optimizer, "adam or sgd")
        ->capture_default_str()
        ->check(CLI::IsMember({"adam", "sgd"}));
    cmd->add_option("--lr", o->lr, "Learning rate")->capture_default_str()->check(atLeast(0, true));
    cmd->add_option("--lr-decay", o->lrDecay, "Multiply the learning rate by this after every epoch, in (0, 1]")
        ->capture_default_str();
    cmd->add_option("--momentum", o->momentum, "SGD momentum, in [0, 1)")->capture_default_str();
    cmd->add_flag("--nesterov", o->nesterov, "Nesterov momentum (SGD)");
    cmd->add_option("--l1", o->l1, "L1 penalty: FACTOR on every weight, or per layer LAYER=FACTOR,... (fc1=0.1)")
        ->capture_default_str();
    cmd->add_option("--l2", o->l2,
                    "L2 penalty: FACTOR on every weight, or per layer LAYER=FACTOR,... (fc1=25,fc2=0.01,fc3=0.01); "
                    "Keras convention, factor * sum w^2 added to the loss")
        ->capture_default_str();
    cmd->add_option("--class-weights", o->classWeights,
                    "Loss weight per class: w0,w1,... or 'balanced' (n / (classes * count), from the training labels)");
    cmd->add_option("--validation-fraction", o->validationFraction,
                    "Hold out the last fraction of the training samples (in file/time order) for validation");
    cmd->add_option("--class-names", o->classNames,
                    "Class names, comma-separated, stored in the ONNX metadata (key lantern.class_names)");
    cmd->add_option("--seed", o->seed, "Seed for shuffling and dropout, and for initialisation unless --init-seed")
        ->capture_default_str();
    o->initSeedOption = cmd->add_option("--init-seed", o->initSeedValue, "Seed for weight initialisation (default: --seed)");
    cmd->add_option("--train-limit", o->trainLimit, "Use only the first N training samples (0 = all)")
        ->check(atLeast(0, false));
    cmd->add_option("--test-limit", o->testLimit, "Use only the first N test samples (0 = all)")
        ->check(atLeast(0, false));
    cmd->add_option("--threads", o->threads, "Compute threads (0 = all cores)")->check(atLeast(0, false));
    cmd->add_option("--out", o->out,
                    "Write the trained model: FILE.onnx as an ONNX model (logits output, metadata), otherwise the "
                    "weights as .npz (state_dict names)");
    const std::string snap = "Snapshots: ";
    cmd->add_option("--snapshots", o->snapshots,
                    "Record training-time snapshots of probe samples into this HDF5 file (open it with `lantern FILE`)");
    cmd->add_option("--snapshot-every", o->snapshotEvery, snap + "'epoch' or every N optimizer steps")
        ->capture_default_str();
    cmd->add_option("--probes", o->probes,
                    snap + "N probe samples (evenly over the classes, from the test or validation set, else the "
                           "training set), or a text file of sample indices into that set")
        ->capture_default_str();
    cmd->add_option("--record", o->record,
                    snap + "explanation methods to record, comma-separated (attentive-response, grad, smoothgrad, "
                           "grad-cam, lrp-epsilon, ...; 'none' for predictions and curves only)")
        ->capture_default_str();
    cmd->add_option("--record-activations", o->recordActivations,
                    snap + "node names whose outputs to record (e.g. an attention Softmax)");
    cmd->add_flag("--record-weights", o->recordWeights, snap + "every trainable parameter at every snapshot");
    cmd->add_option("--top-filters", o->topFilters, snap + "attentive-response: filters per conv layer")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    cmd->add_option("--response-style", o->responseStyle, snap + "attentive-response: zeiler-fergus or ai4materials")
        ->capture_default_str()
        ->check(CLI::IsMember({"zeiler-fergus", "ai4materials"}));
    cmd->callback([o] { run(*o); });
}

} // namespace lantern::cli

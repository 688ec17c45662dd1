// The snapshot recorder: it never changes training (bit-identical weights), its frames hold exactly what the model
// and the explainers give at that point (checked against direct calls after training), the step interval and the
// probe choice do what they say, and unknown methods or layers are named in the error.
#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"
#include "lantern/snapshots/recorder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace lantern;
using namespace lantern::snapshots;

namespace {

/// n 28x28 images in [0, 1]: class c (0..3) has a bright 7x7 square in one corner, plus noise.
Dataset squares(int64_t n, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> noise(0.f, 0.2f);
    Dataset d{Tensor({n, 1, 28, 28}), Tensor({n})};
    for (int64_t i = 0; i < n; ++i) {
        const int c = static_cast<int>(i % 4);
        d.targets.data()[i] = static_cast<float>(c);
        float* x = d.inputs.data() + i * 784;
        for (int k = 0; k < 784; ++k)
            x[k] = noise(rng);
        const int oy = (c / 2) * 18 + 2, ox = (c % 2) * 18 + 2;
        for (int r = 0; r < 7; ++r)
            for (int q = 0; q < 7; ++q)
                x[(oy + r) * 28 + ox + q] = 1.f;
    }
    return d;
}

Model freshModel()
{
    Model m = loadModel("preset:fmnist-cnn", LoadOptions{"", 5});
    m.removeFinalSoftmax();
    return m;
}

struct Run {
    Model model;
    std::vector<EpochEvent> epochs;
};

Run train(const Dataset& data, int epochs, const std::string& snapshots, const RecordOptions& options,
          const Probes& probes)
{
    Run run{freshModel(), {}};
    Adam adam(run.model.graph, 1e-3);
    SoftmaxCrossEntropy loss;
    Trainer trainer(run.model.graph, loss, adam, TrainConfig{epochs, 16, 3, true});
    std::unique_ptr<SnapshotRecorder> recorder;
    if (!snapshots.empty()) {
        SnapshotHeader h;
        h.model = "fmnist-cnn";
        recorder = std::make_unique<SnapshotRecorder>(run.model, snapshots, probes, h, options);
        recorder->attach(trainer, (data.size() + 15) / 16);
    }
    run.epochs = trainer.fit(data);
    if (recorder)
        recorder->close("model.onnx");
    return run;
}

QString messageOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestRecorder : public QObject {
    Q_OBJECT

private slots:
    void recordingDoesNotChangeTraining();
    void stepInterval();
    void probesAreSpreadOverClasses();
    void unknownNamesAreNamed();
};

void TestRecorder::recordingDoesNotChangeTraining()
{
    const Dataset data = squares(96, 1);
    const Probes probes = chooseProbes(squares(12, 2), 8, "probe set");
    RecordOptions options;
    options.methods = {"attentive-response", "gradient"};
    options.activations = {"relu3"};
    options.weights = true;
    QTemporaryDir dir;
    const std::string path = dir.filePath("s.h5").toStdString();
    Run plain = train(data, 3, {}, options, probes);
    Run recorded = train(data, 3, path, options, probes);
    auto a = plain.model.graph.parameters(), b = recorded.model.graph.parameters();
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i)
        QVERIFY2(maxAbsDiff(a[i].second->value, b[i].second->value) == 0.f, a[i].first.c_str());

    const auto store = SnapshotStore::open(path);
    QCOMPARE(store->frames(), 4); // before training + 3 epochs
    QCOMPARE(store->curves().epoch, (std::vector<int>{0, 1, 2, 3}));
    QCOMPARE(store->curves().step, (std::vector<int64_t>{0, 6, 12, 18}));
    QCOMPARE(store->curves().trainLoss[3], recorded.epochs[2].train.loss);
    QCOMPARE(store->header().modelFile, std::string("model.onnx"));
    QCOMPARE(store->header().probeIndices, probes.indices);
    std::vector<std::string> names;
    for (const SeriesSpec& s : store->series())
        names.push_back(s.name);
    const std::vector<std::string> expected{"attentive-response/conv1/sum", "attentive-response/conv1/filter_index",
                                            "attentive-response/conv2/sum", "attentive-response/conv2/filter_index",
                                            "gradient/map", "activations/relu3"};
    for (size_t i = 0; i < expected.size(); ++i)
        QCOMPARE(names.at(i), expected[i]);
    QCOMPARE(store->seriesSpec("weights/conv1.weight").shape, (Shape{16, 1, 5, 5}));

    // the last frame is what the trained model gives now
    Model& m = recorded.model;
    const Tensor logits = m.graph.run(probes.inputs);
    for (int64_t p = 0; p < 8; ++p) {
        const Tensor stored = store->probabilities(3, p);
        double sum = 0;
        float top = -1e30f;
        for (int64_t c = 0; c < 10; ++c)
            top = std::max(top, logits.data()[p * 10 + c]);
        for (int64_t c = 0; c < 10; ++c)
            sum += std::exp(double(logits.data()[p * 10 + c] - top));
        for (int64_t c = 0; c < 10; ++c)
            QVERIFY(std::abs(stored.data()[c] - std::exp(double(logits.data()[p * 10 + c] - top)) / sum) < 1e-6);
    }
    explain::ExplainRequest ar;
    ar.method = "attentive-response";
    ar.params = {{"n", "4"}, {"layers", "all"}};
    const explain::Explanation e = explain::explain(m, probes.inputs, ar);
    QCOMPARE(maxAbsDiff(store->readFrame("attentive-response/conv2/sum", 3), e.extra.at("conv2/sum")), 0.f);
    QCOMPARE(maxAbsDiff(store->readFrame("attentive-response/conv1/filter_index", 3), e.extra.at("conv1/filter_index")),
             0.f);
    explain::ExplainRequest grad;
    grad.method = "gradient";
    grad.target = explain::Target::index(probes.targets[5]);
    const explain::Explanation g = explain::explain(m, probes.inputs.slice(5, 6), grad);
    QCOMPARE(maxAbsDiff(store->read("gradient/map", 3, 5), g.map.reshaped({1, 28, 28})), 0.f);
    QCOMPARE(maxAbsDiff(store->readWeights("weights/fc2.weight", 3), m.graph.node("fc2").op->parameters().front()->value),
             0.f);
    ForwardOptions fo;
    fo.keepForBackward = true;
    fo.fuse = false;
    const Execution ex = m.graph.forward({{m.graph.inputNames().front(), probes.inputs}}, fo);
    QCOMPARE(maxAbsDiff(store->readFrame("activations/relu3", 3), ex.value("relu3")), 0.f);
    // the frames differ: training moved the maps
    QVERIFY(maxAbsDiff(store->readFrame("attentive-response/conv2/sum", 0),
                       store->readFrame("attentive-response/conv2/sum", 3)) > 0.f);
}

void TestRecorder::stepInterval()
{
    const Dataset data = squares(80, 3); // 5 steps per epoch of 16
    RecordOptions options;
    options.every = "steps";
    options.everySteps = 3;
    options.methods = {};
    options.initial = false;
    QTemporaryDir dir;
    const std::string path = dir.filePath("s.h5").toStdString();
    train(data, 2, path, options, chooseProbes(data, 4, "training set"));
    const auto store = SnapshotStore::open(path);
    // every 3 steps and every epoch's end (5 steps per epoch)
    QCOMPARE(store->curves().step, (std::vector<int64_t>{3, 5, 6, 9, 10}));
    QCOMPARE(store->curves().epoch, (std::vector<int>{0, 1, 1, 1, 2})); // epochs completed at that step
    QVERIFY(store->series().empty());
    QVERIFY(std::isfinite(store->curves().trainLoss[0])); // the batch loss
}

void TestRecorder::probesAreSpreadOverClasses()
{
    const Dataset data = squares(40, 4); // classes 0,1,2,3,0,1,...
    const Probes p = chooseProbes(data, 6, "set");
    QCOMPARE(p.indices, (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
    Dataset skewed = data;
    for (int64_t i = 0; i < 40; ++i)
        skewed.targets.data()[i] = i < 30 ? 0.f : 1.f;
    const Probes q = chooseProbes(skewed, 4, "set");
    QCOMPARE(q.indices, (std::vector<int64_t>{0, 1, 30, 31}));
    QCOMPARE(q.targets, (std::vector<int64_t>{0, 0, 1, 1}));
    QCOMPARE(q.inputs.dim(0), 4);
    QCOMPARE(chooseProbes(data, 100, "set").indices.size(), size_t(40));
}

void TestRecorder::unknownNamesAreNamed()
{
    Model m = freshModel();
    QTemporaryDir dir;
    const Probes probes = chooseProbes(squares(4, 5), 4, "set");
    RecordOptions options;
    options.methods = {"deep-dream"};
    QString msg = messageOf([&] { SnapshotRecorder(m, dir.filePath("a.h5").toStdString(), probes, {}, options); });
    QVERIFY2(msg.contains("deep-dream") && msg.contains("gradient"), qPrintable(msg));
    options.methods = {};
    options.activations = {"attention"};
    msg = messageOf([&] { SnapshotRecorder(m, dir.filePath("b.h5").toStdString(), probes, {}, options); });
    QVERIFY2(msg.contains("'attention'") && msg.contains("relu3"), qPrintable(msg));
}

QTEST_GUILESS_MAIN(TestRecorder)
#include "test_recorder.moc"

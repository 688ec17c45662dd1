// Keras import against real files: the keras2cpp Keras 1 MNIST CNN (Theano th kernels; sample digit and accuracy
// on 10k MNIST digits), the Keras 1.2 architectures of Ziletti et al. 2018 (layer shapes of Table 3.1), the six
// single-layer Keras 2 models of the iNNvestigate reference files (outputs reproduced from genuine Keras 2 model
// files written here), and the error cases (unsupported layers, missing or misshapen weights, bad files).
#include "gradcheck.h"
#include "keras_fixtures.h"

#include "lantern/error.h"
#include "lantern/formats/keras_import.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/idx.h"
#include "lantern/model.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

using namespace lantern;
using namespace keras_fixtures;

namespace {

std::vector<int64_t> argmaxRows(const Tensor& t)
{
    std::vector<int64_t> out;
    const int64_t n = t.dim(0), k = t.size() / t.dim(0);
    for (int64_t i = 0; i < n; ++i) {
        int64_t best = 0;
        for (int64_t j = 1; j < k; ++j)
            if (t[i * k + j] > t[i * k + best])
                best = j;
        out.push_back(best);
    }
    return out;
}

/// keras2cpp sample format: a first line with the shape ("1 28 28"), then rows "[ 0. 0.1 ... ]" that may wrap.
Tensor readKeras2cppSample(const std::string& path)
{
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    std::istringstream dims(first);
    Shape shape{1};
    int64_t d;
    while (dims >> d)
        shape.push_back(d);
    std::stringstream rest;
    rest << in.rdbuf();
    const std::string text = rest.str();
    std::vector<float> values;
    const std::regex number(R"([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != std::sregex_iterator(); ++it)
        values.push_back(std::stof(it->str()));
    return Tensor::fromData(shape, values);
}

std::string readText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
}

bool contains(const std::string& s, const std::string& part)
{
    return s.find(part) != std::string::npos;
}

} // namespace

class TestKerasImport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_data;
    std::string tmp(const std::string& name) const { return m_dir.path().toStdString() + "/" + name; }
    std::string mnistArch() const { return m_data + "/keras/keras2cpp-mnist/my_nn_arch.json"; }
    std::string mnistWeights() const { return m_data + "/keras/keras2cpp-mnist/my_nn_weights.h5"; }

private slots:
    void initTestCase() { m_data = test::sharedDataDir(); }

    void mnistSampleIsFive()
    {
        if (m_data.empty())
            QSKIP("LANTERN_SHARED_DATA not found");
        Model model = formats::importKerasJson(mnistArch(), mnistWeights());
        QCOMPARE(model.format, std::string("keras1"));
        QCOMPARE(model.inputLayout, std::string("NCHW"));
        QCOMPARE(model.graph.inputNames(), std::vector<std::string>{"convolution2d_1_input"});
        QCOMPARE(model.graph.inputShape("convolution2d_1_input"), (Shape{-1, 1, 28, 28}));
        QCOMPARE(model.finalSoftmax, std::string("activation_4"));
        QCOMPARE(model.logits, std::string("dense_2"));
        bool flipped = false;
        for (const auto& n : model.notes)
            flipped = flipped || contains(n, "flipped 2 Theano kernels");
        QVERIFY(flipped);
        const std::vector<std::string> expected = {
            "convolution2d_1", "activation_1", "convolution2d_2", "activation_2", "maxpooling2d_1", "dropout_1",
            "flatten_1",       "dense_1",      "activation_3",    "dropout_2",    "dense_2",        "activation_4"};
        std::vector<std::string> names;
        for (const auto& n : model.graph.nodes())
            names.push_back(n.name);
        QCOMPARE(names, expected);

        const Tensor sample = readKeras2cppSample(m_data + "/keras/keras2cpp-mnist/sample_mnist.dat");
        QCOMPARE(sample.shape(), (Shape{1, 1, 28, 28}));
        const Tensor probs = model.graph.run(sample);
        QCOMPARE(probs.shape(), (Shape{1, 10}));
        QCOMPARE(argmaxRows(probs).front(), int64_t(5));
        float sum = 0;
        for (float p : probs.values())
            sum += p;
        QVERIFY(std::abs(sum - 1.f) < 1e-5f);

        // The final softmax is removable: the graph then returns logits whose softmax is the same.
        model.removeFinalSoftmax();
        QCOMPARE(model.graph.outputNames(), std::vector<std::string>{"dense_2"});
        const Tensor logits = model.graph.run(sample);
        double z = 0;
        for (float v : logits.values())
            z += std::exp(static_cast<double>(v));
        for (int64_t k = 0; k < 10; ++k)
            QVERIFY(std::abs(std::exp(static_cast<double>(logits[k])) / z - probs[k]) < 1e-6);
    }

    void mnistAccuracy()
    {
        if (m_data.empty())
            QSKIP("LANTERN_SHARED_DATA not found");
        // Through loadModel: the JSON is recognised by content and the weights come from LoadOptions.
        Model model = loadModel(mnistArch(), {mnistWeights(), 0});
        QCOMPARE(model.format, std::string("keras1"));
        const Tensor images = io::readIdx(m_data + "/mnist/mnist-10k-images-idx3-ubyte.gz");
        const Tensor labels = io::readIdx(m_data + "/mnist/mnist-10k-labels-idx1-ubyte.gz");
        const int64_t n = images.dim(0);
        QCOMPARE(n, int64_t(10000));
        int64_t correct = 0;
        for (int64_t begin = 0; begin < n; begin += 1000) {
            Tensor batch = images.slice(begin, begin + 1000).clone().reshaped({1000, 1, 28, 28});
            for (float& v : batch.values())
                v /= 255.f; // keras2cpp trained on pixel / 255 (its sample digit lies in [0, 1])
            const auto predicted = argmaxRows(model.graph.run(batch));
            for (int64_t i = 0; i < 1000; ++i)
                correct += predicted[static_cast<size_t>(i)] == static_cast<int64_t>(labels[begin + i]);
        }
        const double accuracy = static_cast<double>(correct) / static_cast<double>(n);
        qInfo("keras2cpp MNIST CNN accuracy on 10k MNIST digits: %.4f", accuracy);
        QVERIFY(accuracy >= 0.85);
        // An independent PyTorch evaluation of the same weights (kernels flipped) gives 0.8768; unflipped 0.287.
        QVERIFY(std::abs(accuracy - 0.8768) <= 0.0015);
    }

    void zilettiRgbShapes()
    {
        if (m_data.empty())
            QSKIP("LANTERN_SHARED_DATA not found");
        Model model = formats::importKerasJson(m_data + "/keras/ai4materials/ziletti_et_2018_rgb.json", {}, 3);
        QCOMPARE(model.format, std::string("keras1"));
        QCOMPARE(model.inputLayout, std::string("NCHW"));
        const std::string input = model.graph.inputNames().front();
        QCOMPARE(model.graph.inputShape(input), (Shape{-1, 3, 64, 64}));
        // Table 3.1 of Ziletti et al. 2018: 7x7 convolutions 32, 32 | pool | 16, 16 | pool | 8, 8 | flatten |
        // dense 128 | batch norm | 7 classes.
        const std::vector<std::pair<std::string, Shape>> expected = {{"convolution2d_1", {1, 32, 64, 64}},
                                                                     {"convolution2d_1_relu", {1, 32, 64, 64}},
                                                                     {"convolution2d_2", {1, 32, 64, 64}},
                                                                     {"convolution2d_2_relu", {1, 32, 64, 64}},
                                                                     {"maxpooling2d_1", {1, 32, 32, 32}},
                                                                     {"convolution2d_3", {1, 16, 32, 32}},
                                                                     {"convolution2d_3_relu", {1, 16, 32, 32}},
                                                                     {"convolution2d_4", {1, 16, 32, 32}},
                                                                     {"convolution2d_4_relu", {1, 16, 32, 32}},
                                                                     {"maxpooling2d_2", {1, 16, 16, 16}},
                                                                     {"convolution2d_5", {1, 8, 16, 16}},
                                                                     {"convolution2d_5_relu", {1, 8, 16, 16}},
                                                                     {"convolution2d_6", {1, 8, 16, 16}},
                                                                     {"convolution2d_6_relu", {1, 8, 16, 16}},
                                                                     {"dropout_1", {1, 8, 16, 16}},
                                                                     {"flatten_1", {1, 2048}},
                                                                     {"dense_1", {1, 128}},
                                                                     {"dense_1_relu", {1, 128}},
                                                                     {"batchnormalization_1", {1, 128}},
                                                                     {"dense_2", {1, 7}},
                                                                     {"activation_1", {1, 7}}};
        const auto shapes = model.graph.inferShapes();
        QCOMPARE(model.graph.nodes().size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(model.graph.nodes()[i].name, expected[i].first);
            QCOMPARE(shapes.at(expected[i].first), expected[i].second);
        }
        QCOMPARE(model.graph.outputNames(), std::vector<std::string>{"activation_1"});
        QCOMPARE(model.finalSoftmax, std::string("activation_1"));
        // 7x7 kernels everywhere, and the parameter count of the paper's network.
        for (auto& [name, param] : model.graph.parameters())
            if (name.starts_with("convolution2d_") && name.ends_with(".weight"))
                QCOMPARE(param->value.shape().back(), int64_t(7));
        const int64_t convs = (3 * 32 + 32 * 32 + 32 * 16 + 16 * 16 + 16 * 8 + 8 * 8) * 49 + 32 + 32 + 16 + 16 + 8 + 8;
        QCOMPARE(model.graph.parameterCount(), convs + 2048 * 128 + 128 + 2 * 128 + 128 * 7 + 7);

        // Random weights are seeded: same seed, same outputs; another seed, other outputs.
        const Tensor x = test::randomTensor({2, 3, 64, 64}, 5, 0.f, 1.f);
        const Tensor y = model.graph.run(x);
        QCOMPARE(y.shape(), (Shape{2, 7}));
        Model same = formats::importKerasJson(m_data + "/keras/ai4materials/ziletti_et_2018_rgb.json", {}, 3);
        QCOMPARE(maxAbsDiff(same.graph.run(x), y), 0.f);
        Model other = formats::importKerasJson(m_data + "/keras/ai4materials/ziletti_et_2018_rgb.json", {}, 4);
        QVERIFY(maxAbsDiff(other.graph.run(x), y) > 1e-4f);
    }

    void zilettiDiff3d()
    {
        if (m_data.empty())
            QSKIP("LANTERN_SHARED_DATA not found");
        // Despite its name this architecture uses only 2-D layers on a (1, 52, 32) input: it imports.
        const std::string path = m_data + "/keras/ai4materials/ziletti_diff3d_temp1.json";
        Model model = formats::importKerasJson(path);
        const auto shapes = model.graph.inferShapes();
        QCOMPARE(model.graph.inputShape(model.graph.inputNames().front()), (Shape{-1, 1, 52, 32}));
        QCOMPARE(shapes.at("convolution2d_6_relu"), (Shape{1, 4, 52, 32}));
        QCOMPARE(shapes.at("flatten_1"), (Shape{1, 6656}));
        QCOMPARE(shapes.at("batchnormalization_1"), (Shape{1, 6656}));
        QCOMPARE(shapes.at("dense_1_relu"), (Shape{1, 64}));
        QCOMPARE(shapes.at("activation_1"), (Shape{1, 5}));
        // The same model with 3-D convolutions is refused with every offending layer named.
        std::string text = readText(path);
        text = std::regex_replace(text, std::regex("Convolution2D"), "Convolution3D");
        text = std::regex_replace(text, std::regex("\"Flatten\""), "\"MaxPooling3D\"");
        writeText(tmp("diff3d_conv3d.json"), text);
        try {
            (void)formats::importKerasJson(tmp("diff3d_conv3d.json"));
            QFAIL("3-D layers were accepted");
        } catch (const UnsupportedError& e) {
            const std::string msg = e.what();
            QVERIFY2(contains(msg, "Convolution3D (convolution2d_1, convolution2d_2, convolution2d_3, "
                                   "convolution2d_4, convolution2d_5, convolution2d_6)"),
                     msg.c_str());
            QVERIFY2(contains(msg, "MaxPooling3D (flatten_1)"), msg.c_str());
            QVERIFY2(contains(msg, "diff3d_conv3d.json"), msg.c_str());
        }
    }

    void innvestigateOutputs_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("model");
        const char* methods[] = {"BoundedDeepTaylor",
                                 "Deconvnet",
                                 "DeepTaylor",
                                 "Gradient",
                                 "GuidedBackprop",
                                 "InputTimesGradient",
                                 "IntegratedGradients",
                                 "LRPAlpha1Beta0",
                                 "LRPAlpha1Beta0IgnoreBias",
                                 "LRPAlpha2Beta1",
                                 "LRPAlpha2Beta1IgnoreBias",
                                 "LRPEpsilon",
                                 "LRPEpsilonIgnoreBias",
                                 "LRPFlat",
                                 "LRPSequentialPresetA",
                                 "LRPSequentialPresetAFlat",
                                 "LRPSequentialPresetB",
                                 "LRPSequentialPresetBFlat",
                                 "LRPWSquare",
                                 "LRPZ",
                                 "LRPZIgnoreBias",
                                 "LRPZPlus",
                                 "LRPZPlusFast",
                                 "LRPZ_Flat_input_layer_rule",
                                 "LRPZ_boxed_input_layer_rule",
                                 "SmoothGrad"};
        const char* models[] = {"Dense", "Dense_relu", "Conv2D", "Conv2D_relu", "AveragePooling2D", "MaxPooling2D"};
        for (const char* method : methods)
            for (const char* model : models)
                QTest::addRow("%s/%s", method, model) << QString(method) << QString(model);
    }

    void innvestigateOutputs()
    {
        QFETCH(QString, method);
        QFETCH(QString, model);
        if (m_data.empty())
            QSKIP("LANTERN_SHARED_DATA not found");
        const std::string ref = m_data + "/innvestigate-refs/" + method.toStdString() + ".hdf5";
        const std::string group = "/" + model.toStdString();
        const Json inputShape = {nullptr, 10, 10, 3};
        std::vector<Json> layers;
        std::vector<LayerWeights> weights;
        std::string first;
        if (model.startsWith("Dense")) {
            first = "dense_1";
            layers.push_back(dense(first, 5, model.endsWith("relu") ? "relu" : "linear", inputShape));
        } else if (model.startsWith("Conv2D")) {
            first = "conv2d_1";
            layers.push_back(conv2d(first, 5, 3, "valid", model.endsWith("relu") ? "relu" : "linear", inputShape));
        } else {
            const bool max = model == "MaxPooling2D";
            first = max ? "max_pooling2d_1" : "average_pooling2d_1";
            layers.push_back(pool2d(max ? "MaxPooling2D" : "AveragePooling2D", first, 2, 2, "valid", inputShape));
        }
        layers.push_back(flatten("flatten_1"));
        LayerWeights w{first, {}};
        if (model.startsWith("Dense") || model.startsWith("Conv2D"))
            w.arrays = {{"kernel:0", io::readHdf5Dataset(ref, group + "/weights/0")},
                        {"bias:0", io::readHdf5Dataset(ref, group + "/weights/1")}};
        weights = {w, {"flatten_1", {}}};
        const std::string file = tmp(method.toStdString() + "_" + model.toStdString() + ".h5");
        writeKeras2Model(file, sequential("sequential_1", layers), weights);

        Model m = formats::importKerasH5(file);
        QCOMPARE(m.format, std::string("keras2"));
        QCOMPARE(m.inputLayout, std::string("NHWC"));
        QCOMPARE(m.name, std::string("sequential_1"));
        QVERIFY(m.graph.hasNode(first));
        QCOMPARE(m.graph.inputShape(first + "_input"), (Shape{-1, 10, 10, 3}));
        const Tensor input = io::readHdf5Dataset(ref, "/input");
        const Tensor expected = io::readHdf5Dataset(ref, group + "/output");
        const Tensor actual = m.graph.run(input);
        QCOMPARE(actual.shape(), expected.shape());
        LANTERN_COMPARE_TENSORS(actual, expected, 1e-6, 1e-5);
        static float worst = 0.f;
        worst = std::max(worst, maxAbsDiff(actual, expected));
        if (method == "SmoothGrad" && model == "MaxPooling2D")
            qInfo("largest |output - iNNvestigate output| over all 156 cases: %.3g", static_cast<double>(worst));
    }

    void unsupportedLayersAreListed()
    {
        Json lstm = layer("LSTM", "lstm_1", {{"units", 4}}, Json{nullptr, 5, 3});
        Json config = sequential("s", {lstm, layer("Conv3D", "conv3d_1", {{"filters", 2}}),
                                       layer("Conv3D", "conv3d_2", {{"filters", 2}}), dense("dense_1", 2, "linear")});
        writeText(tmp("unsupported.json"), config.dump());
        try {
            (void)formats::importKerasJson(tmp("unsupported.json"));
            QFAIL("unsupported layers accepted");
        } catch (const UnsupportedError& e) {
            const std::string msg = e.what();
            QVERIFY2(contains(msg, "Conv3D (conv3d_1, conv3d_2); LSTM (lstm_1)"), msg.c_str());
            QVERIFY2(contains(msg, "unsupported.json"), msg.c_str());
        }
        // Unsupported options and activations name the layer.
        Json bn = layer("BatchNormalization", "bn_1", {{"mode", 2}, {"epsilon", 1e-3}, {"axis", -1}});
        writeText(tmp("bnmode.json"), sequential("s", {dense("dense_1", 3, "linear", Json{nullptr, 4}), bn}).dump());
        QVERIFY_THROWS_EXCEPTION(UnsupportedError, formats::importKerasJson(tmp("bnmode.json")));
        writeText(tmp("act.json"), sequential("s", {dense("dense_1", 3, "hard_sigmoid", Json{nullptr, 4})}).dump());
        try {
            (void)formats::importKerasJson(tmp("act.json"));
            QFAIL("hard_sigmoid accepted");
        } catch (const UnsupportedError& e) {
            QVERIFY2(contains(e.what(), "layer 'dense_1' (Dense): activation 'hard_sigmoid'"), e.what());
        }
    }

    void weightErrors()
    {
        const Json config = sequential("s", {dense("dense_1", 5, "softmax", Json{nullptr, 3})});
        const Tensor kernel = test::randomTensor({3, 5}, 1), bias = test::randomTensor({5}, 2);
        // Good file first: softmax split off as a removable node.
        writeKeras2Model(tmp("good.h5"), config, {{"dense_1", {{"kernel:0", kernel}, {"bias:0", bias}}}});
        Model good = formats::importKerasH5(tmp("good.h5"));
        QCOMPARE(good.finalSoftmax, std::string("dense_1_softmax"));
        QCOMPARE(good.logits, std::string("dense_1"));
        good.removeFinalSoftmax();
        const Tensor x = test::randomTensor({2, 3}, 3);
        const Tensor logits = good.graph.run(x);
        for (int64_t n = 0; n < 2; ++n)
            for (int64_t j = 0; j < 5; ++j) {
                double ref = bias[j];
                for (int64_t i = 0; i < 3; ++i)
                    ref += static_cast<double>(x[n * 3 + i]) * kernel[i * 5 + j];
                QVERIFY(std::abs(logits[n * 5 + j] - ref) < 1e-5);
            }

        writeKeras2Model(tmp("missing.h5"), config, {{"flatten_9", {}}});
        try {
            (void)formats::importKerasH5(tmp("missing.h5"));
            QFAIL("missing weights accepted");
        } catch (const IoError& e) {
            QVERIFY2(contains(e.what(), "layer 'dense_1' (Dense): no weights"), e.what());
        }
        writeKeras2Model(tmp("shape.h5"), config,
                         {{"dense_1", {{"kernel:0", test::randomTensor({3, 4}, 1)}, {"bias:0", bias}}}});
        try {
            (void)formats::importKerasH5(tmp("shape.h5"));
            QFAIL("wrong weight shape accepted");
        } catch (const IoError& e) {
            QVERIFY2(contains(e.what(), "'dense_1/kernel:0' (kernel) has shape (3, 4), expected (3, 5)"), e.what());
        }
        writeKeras2Model(tmp("count.h5"), config, {{"dense_1", {{"kernel:0", kernel}}}});
        QVERIFY_THROWS_EXCEPTION(IoError, formats::importKerasH5(tmp("count.h5")));
    }

    void badFiles()
    {
        writeText(tmp("bad.json"), "{\"class_name\": \"Sequential\", \"config\": [");
        try {
            (void)formats::importKerasJson(tmp("bad.json"));
            QFAIL("malformed JSON accepted");
        } catch (const IoError& e) {
            QVERIFY2(contains(e.what(), "bad.json: malformed JSON"), e.what());
        }
        writeText(tmp("notkeras.json"), "{\"hello\": 1}");
        QVERIFY_THROWS_EXCEPTION(IoError, formats::importKerasJson(tmp("notkeras.json")));
        Json badDense = dense("dense_1", 3, "linear", Json{nullptr, 4});
        badDense["config"]["units"] = "three";
        writeText(tmp("badcfg.json"), sequential("s", {badDense}).dump());
        QVERIFY_THROWS_EXCEPTION(IoError, formats::importKerasJson(tmp("badcfg.json")));
        writeText(tmp("notes.h5"), "not an HDF5 file at all");
        QVERIFY_THROWS_EXCEPTION(IoError, formats::importKerasH5(tmp("notes.h5")));
        QVERIFY_THROWS_EXCEPTION(IoError, formats::importKerasH5(tmp("absent.h5")));
        io::writeHdf5(tmp("plain.h5"), {{"x", Tensor({1}, {1.f})}});
        try {
            (void)formats::importKerasH5(tmp("plain.h5"));
            QFAIL("HDF5 without model_config accepted");
        } catch (const IoError& e) {
            QVERIFY2(contains(e.what(), "no model_config"), e.what());
        }
        // A truncated Keras model file.
        writeKeras2Model(tmp("full.h5"), sequential("s", {dense("dense_1", 5, "linear", Json{nullptr, 3})}),
                         {{"dense_1", {{"kernel:0", test::randomTensor({3, 5}, 1)}, {"bias:0", Tensor({5})}}}});
        std::ifstream in(tmp("full.h5"), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (size_t len : {size_t(600), bytes.size() / 2, bytes.size() - 100}) {
            writeText(tmp("cut.h5"), bytes.substr(0, len));
            QVERIFY_THROWS_EXCEPTION(Error, formats::importKerasH5(tmp("cut.h5")));
        }
        // Weights file for a JSON architecture that is not an HDF5 file.
        if (!m_data.empty())
            QVERIFY_THROWS_EXCEPTION(IoError, formats::importKerasJson(mnistArch(), tmp("notes.h5")));
    }
};

QTEST_GUILESS_MAIN(TestKerasImport)
#include "test_keras_import.moc"

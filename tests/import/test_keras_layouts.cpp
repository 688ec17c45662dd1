// Keras layouts: the same Keras 1 network with dim_ordering tf, th (Theano kernels, flipped) and th written by
// TensorFlow (not flipped) against a plain channels-last reference; and a Keras 2 functional model with every
// layout-sensitive layer (BatchNormalization axis, Add, Concatenate, ZeroPadding2D, pooling, Flatten, Reshape,
// Dense on rank 3) built channels-last and channels-first from the same weights, which must agree.
#include "gradcheck.h"
#include "keras_fixtures.h"

#include "lantern/error.h"
#include "lantern/formats/keras_import.h"
#include "lantern/model.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace lantern;
using namespace keras_fixtures;

namespace {

bool hasNote(const Model& m, const std::string& part)
{
    for (const auto& n : m.notes)
        if (n.find(part) != std::string::npos)
            return true;
    return false;
}

/// Keras 1 Sequential: Convolution2D(3, 3x2, valid, relu) - MaxPooling2D(2) - Flatten - Dense(4) - softmax.
Json keras1Net(const std::string& ordering, const std::string& conv = "convolution2d_1",
               const std::string& fc = "dense_1")
{
    const Json shape = ordering == "th" ? Json{nullptr, 2, 7, 6} : Json{nullptr, 7, 6, 2};
    Json layers = Json::array();
    layers.push_back({{"class_name", "Convolution2D"},
                      {"config",
                       {{"name", conv},
                        {"nb_filter", 3},
                        {"nb_row", 3},
                        {"nb_col", 2},
                        {"subsample", {1, 1}},
                        {"border_mode", "valid"},
                        {"dim_ordering", ordering},
                        {"activation", "relu"},
                        {"bias", true},
                        {"init", "glorot_uniform"},
                        {"W_regularizer", nullptr},
                        {"batch_input_shape", shape},
                        {"input_dtype", "float32"},
                        {"trainable", true}}}});
    layers.push_back({{"class_name", "MaxPooling2D"},
                      {"config",
                       {{"name", "maxpooling2d_1"},
                        {"pool_size", {2, 2}},
                        {"strides", {2, 2}},
                        {"border_mode", "valid"},
                        {"dim_ordering", ordering},
                        {"trainable", true}}}});
    layers.push_back({{"class_name", "Flatten"}, {"config", {{"name", "flatten_1"}, {"trainable", true}}}});
    layers.push_back({{"class_name", "Dense"},
                      {"config",
                       {{"name", fc},
                        {"output_dim", 4},
                        {"activation", "linear"},
                        {"bias", true},
                        {"init", "glorot_uniform"},
                        {"input_dim", nullptr},
                        {"trainable", true}}}});
    layers.push_back({{"class_name", "Activation"},
                      {"config", {{"name", "activation_1"}, {"activation", "softmax"}, {"trainable", true}}}});
    return {{"class_name", "Sequential"}, {"config", layers}};
}

Json inbound(std::initializer_list<const char*> names)
{
    Json node = Json::array();
    for (const char* n : names)
        node.push_back({n, 0, 0, Json::object()});
    return Json::array({node});
}

Json functionalLayer(const Json& layer, const Json& in)
{
    Json l = layer;
    l["name"] = layer["config"]["name"];
    l["inbound_nodes"] = in;
    return l;
}

} // namespace

class TestKerasLayouts : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string tmp(const std::string& name) const { return m_dir.path().toStdString() + "/" + name; }
    void writeText(const std::string& name, const std::string& text) const { std::ofstream(tmp(name)) << text; }

private slots:
    void keras1ThAndTf()
    {
        const int64_t n = 4, h = 7, w = 6, ci = 2, co = 3, kh = 3, kw = 2;
        const Tensor k = test::randomTensor({kh, kw, ci, co}, 11); // cross-correlation kernel, tf layout
        const Tensor kb = test::randomTensor({co}, 12);
        const Tensor d = test::randomTensor({12, 4}, 13); // Dense on the tf (h, w, c) flattening
        const Tensor db = test::randomTensor({4}, 14);
        const Tensor x = test::randomTensor({n, h, w, ci}, 15);

        // Plain reference, channels-last.
        Tensor ref({n, 4});
        for (int64_t s = 0; s < n; ++s) {
            double conv[5][5][3];
            for (int64_t y = 0; y < 5; ++y)
                for (int64_t xx = 0; xx < 5; ++xx)
                    for (int64_t o = 0; o < co; ++o) {
                        double acc = kb[o];
                        for (int64_t r = 0; r < kh; ++r)
                            for (int64_t c = 0; c < kw; ++c)
                                for (int64_t i = 0; i < ci; ++i)
                                    acc += static_cast<double>(x.at({s, y + r, xx + c, i})) * k.at({r, c, i, o});
                        conv[y][xx][o] = std::max(acc, 0.0);
                    }
            double z[4] = {db[0], db[1], db[2], db[3]}, sum = 0;
            for (int64_t y = 0; y < 2; ++y)
                for (int64_t xx = 0; xx < 2; ++xx)
                    for (int64_t o = 0; o < co; ++o) {
                        const double m = std::max({conv[2 * y][2 * xx][o], conv[2 * y + 1][2 * xx][o],
                                                   conv[2 * y][2 * xx + 1][o], conv[2 * y + 1][2 * xx + 1][o]});
                        for (int64_t j = 0; j < 4; ++j)
                            z[j] += m * d[((y * 2 + xx) * co + o) * 4 + j];
                    }
            for (double v : z)
                sum += std::exp(v);
            for (int64_t j = 0; j < 4; ++j)
                ref[s * 4 + j] = static_cast<float>(std::exp(z[j]) / sum);
        }

        // th variants: kernels (out, in, rows, cols), Theano ones flipped; Dense rows in (c, h, w) order.
        Tensor thFlipped({co, ci, kh, kw}), thPlain({co, ci, kh, kw}), dTh({12, 4});
        for (int64_t o = 0; o < co; ++o)
            for (int64_t i = 0; i < ci; ++i)
                for (int64_t r = 0; r < kh; ++r)
                    for (int64_t c = 0; c < kw; ++c) {
                        thFlipped.at({o, i, r, c}) = k.at({kh - 1 - r, kw - 1 - c, i, o});
                        thPlain.at({o, i, r, c}) = k.at({r, c, i, o});
                    }
        for (int64_t y = 0; y < 2; ++y)
            for (int64_t xx = 0; xx < 2; ++xx)
                for (int64_t o = 0; o < co; ++o)
                    for (int64_t j = 0; j < 4; ++j)
                        dTh.at({o * 4 + y * 2 + xx, j}) = d.at({(y * 2 + xx) * co + o, j});
        Tensor xTh({n, ci, h, w});
        for (int64_t s = 0; s < n; ++s)
            for (int64_t i = 0; i < ci; ++i)
                for (int64_t y = 0; y < h; ++y)
                    for (int64_t xx = 0; xx < w; ++xx)
                        xTh.at({s, i, y, xx}) = x.at({s, y, xx, i});

        auto weights = [&](const Tensor& kernel, const Tensor& dense) {
            return std::vector<LayerWeights>{{"convolution2d_1", {{"W", kernel}, {"b", kb}}},
                                             {"maxpooling2d_1", {}},
                                             {"flatten_1", {}},
                                             {"dense_1", {{"W", dense}, {"b", db}}},
                                             {"activation_1", {}}};
        };
        writeText("tf.json", keras1Net("tf").dump());
        writeText("th.json", keras1Net("th").dump());
        writeKeras1Weights(tmp("tf.h5"), weights(k, d));
        writeKeras1Weights(tmp("th.h5"), weights(thFlipped, dTh));
        writeKeras1Weights(tmp("th_tensorflow.h5"), weights(thPlain, dTh), "tensorflow");

        Model tf = formats::importKerasJson(tmp("tf.json"), tmp("tf.h5"));
        QCOMPARE(tf.inputLayout, std::string("NHWC"));
        QVERIFY(!hasNote(tf, "flipped"));
        LANTERN_COMPARE_TENSORS(tf.graph.run(x), ref, 1e-6, 1e-5);

        Model th = formats::importKerasJson(tmp("th.json"), tmp("th.h5"));
        QCOMPARE(th.inputLayout, std::string("NCHW"));
        QVERIFY(hasNote(th, "flipped 1 Theano kernels"));
        QVERIFY(!hasNote(th, "transposes"));
        LANTERN_COMPARE_TENSORS(th.graph.run(xTh), ref, 1e-6, 1e-5);

        // The same as a Keras 1.2 model.save file written by Theano.
        writeKeras2Model(tmp("th_model.h5"), keras1Net("th"), weights(thFlipped, dTh), "theano", "1.2.2");
        Model thModel = formats::importKerasH5(tmp("th_model.h5"));
        QCOMPARE(thModel.format, std::string("keras1"));
        QVERIFY(hasNote(thModel, "flipped 1 Theano kernels"));
        LANTERN_COMPARE_TENSORS(thModel.graph.run(xTh), ref, 1e-6, 1e-5);

        Model thTf = formats::importKerasJson(tmp("th.json"), tmp("th_tensorflow.h5"));
        QVERIFY(!hasNote(thTf, "flipped"));
        LANTERN_COMPARE_TENSORS(thTf.graph.run(xTh), ref, 1e-6, 1e-5);

        // Weights matched by order when the file's layer names differ.
        writeText("renamed.json", keras1Net("tf", "conv_a", "fc_a").dump());
        Model renamed = formats::importKerasJson(tmp("renamed.json"), tmp("tf.h5"));
        QVERIFY(hasNote(renamed, "matched to layers by order"));
        LANTERN_COMPARE_TENSORS(renamed.graph.run(x), ref, 1e-6, 1e-5);

        // tf weights for a th architecture: the kernel shape does not fit, and the message says why.
        try {
            (void)formats::importKerasJson(tmp("th.json"), tmp("tf.h5"));
            QFAIL("tf kernel accepted for a th model");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find("(kernel (dim_ordering th)) has shape (3, 2, 2, 3), expected "
                                                "(3, 2, 3, 2)") != std::string::npos,
                     e.what());
        }
        // One model mixing th and tf layers.
        Json mixed = keras1Net("th");
        mixed["config"][1]["config"]["dim_ordering"] = "tf";
        writeText("mixed.json", mixed.dump());
        QVERIFY_THROWS_EXCEPTION(UnsupportedError, formats::importKerasJson(tmp("mixed.json")));
    }

    void keras2FunctionalChannelsLastVsFirst()
    {
        Model models[2];
        const Tensor xLast = test::randomTensor({3, 8, 8, 3}, 21);
        Tensor xFirst({3, 3, 8, 8});
        for (int64_t s = 0; s < 3; ++s)
            for (int64_t c = 0; c < 3; ++c)
                for (int64_t y = 0; y < 8; ++y)
                    for (int64_t x = 0; x < 8; ++x)
                        xFirst.at({s, c, y, x}) = xLast.at({s, y, x, c});
        const Tensor variance = test::randomTensor({4}, 35, 0.5f, 1.5f);
        for (int f = 0; f < 2; ++f) {
            const bool last = f == 0;
            const std::string df = last ? "channels_last" : "channels_first";
            const int axis = last ? -1 : 1;
            Json input = {{"class_name", "InputLayer"},
                          {"config",
                           {{"name", "input_1"},
                            {"batch_input_shape", last ? Json{nullptr, 8, 8, 3} : Json{nullptr, 3, 8, 8}},
                            {"dtype", "float32"},
                            {"sparse", false}}}};
            const Json bn =
                layer("BatchNormalization", "bn",
                      {{"axis", axis}, {"momentum", 0.99}, {"epsilon", 0.001}, {"center", true}, {"scale", true}});
            const Json layers = {
                functionalLayer(input, Json::array()),
                functionalLayer(conv2d("conv_a", 4, 3, "same", "relu", nullptr, df), inbound({"input_1"})),
                functionalLayer(bn, inbound({"conv_a"})),
                functionalLayer(conv2d("conv_b", 4, 1, "valid", "linear", nullptr, df, false), inbound({"input_1"})),
                functionalLayer(layer("Add", "add", Json::object()), inbound({"bn", "conv_b"})),
                functionalLayer(layer("Concatenate", "cat", {{"axis", axis}}), inbound({"add", "conv_b"})),
                functionalLayer(layer("ZeroPadding2D", "zp", {{"padding", {{1, 0}, {0, 1}}}, {"data_format", df}}),
                                inbound({"cat"})),
                functionalLayer(layer("LeakyReLU", "lrelu", {{"alpha", 0.1}}), inbound({"zp"})),
                functionalLayer(pool2d("MaxPooling2D", "mp", 2, 2, "same", nullptr, df), inbound({"lrelu"})),
                functionalLayer(pool2d("AveragePooling2D", "ap", 2, 1, "valid", nullptr, df), inbound({"mp"})),
                functionalLayer(layer("GlobalAveragePooling2D", "gap", {{"data_format", df}}), inbound({"ap"})),
                functionalLayer(flatten("fl", df), inbound({"ap"})),
                functionalLayer(layer("Reshape", "rs", {{"target_shape", {2, 64}}}), inbound({"fl"})),
                functionalLayer(dense("d0", 3, "relu"), inbound({"rs"})),
                functionalLayer(flatten("fl2"), inbound({"d0"})),
                functionalLayer(dense("d1", 3, "linear"), inbound({"fl2"})),
                functionalLayer(dense("d2", 3, "linear"), inbound({"gap"})),
                functionalLayer(layer("Add", "out_add", Json::object()), inbound({"d1", "d2"})),
                functionalLayer(layer("Activation", "out", {{"activation", "softmax"}}), inbound({"out_add"}))};
            const Json config = {{"class_name", "Model"},
                                 {"config",
                                  {{"name", "model_1"},
                                   {"layers", layers},
                                   {"input_layers", {{"input_1", 0, 0}}},
                                   {"output_layers", {{"out", 0, 0}}}}},
                                 {"keras_version", "2.2.4"},
                                 {"backend", "tensorflow"}};
            std::vector<LayerWeights> weights;
            for (const auto& l : layers)
                weights.push_back({l["name"].get<std::string>(), {}});
            auto set = [&](const std::string& name, std::vector<std::pair<std::string, Tensor>> arrays) {
                for (auto& lw : weights)
                    if (lw.layer == name)
                        lw.arrays = std::move(arrays);
            };
            set("conv_a",
                {{"kernel:0", test::randomTensor({3, 3, 3, 4}, 31)}, {"bias:0", test::randomTensor({4}, 32)}});
            set("bn", {{"gamma:0", test::randomTensor({4}, 33, 0.5f, 1.5f)},
                       {"beta:0", test::randomTensor({4}, 34)},
                       {"moving_mean:0", test::randomTensor({4}, 36)},
                       {"moving_variance:0", variance}});
            set("conv_b", {{"kernel:0", test::randomTensor({1, 1, 3, 4}, 37)}});
            set("d0", {{"kernel:0", test::randomTensor({64, 3}, 38)}, {"bias:0", test::randomTensor({3}, 39)}});
            set("d1", {{"kernel:0", test::randomTensor({6, 3}, 40)}, {"bias:0", test::randomTensor({3}, 41)}});
            set("d2", {{"kernel:0", test::randomTensor({8, 3}, 42)}, {"bias:0", test::randomTensor({3}, 43)}});
            const std::string path = tmp(df + ".h5");
            writeKeras2Model(path, config, weights);
            models[f] = formats::importKerasH5(path);
        }
        Model& last = models[0];
        Model& first = models[1];
        QCOMPARE(last.inputLayout, std::string("NHWC"));
        QCOMPARE(first.inputLayout, std::string("NCHW"));
        QCOMPARE(last.name, std::string("model_1"));
        QVERIFY(hasNote(last, "layout transposes"));
        QVERIFY(!hasNote(first, "layout transposes"));
        QCOMPARE(last.finalSoftmax, std::string("out"));
        const auto shapes = last.graph.inferShapes();
        QCOMPARE(shapes.at("cat"), (Shape{1, 8, 8, 8}));
        QCOMPARE(shapes.at("zp"), (Shape{1, 8, 9, 9}));
        QCOMPARE(shapes.at("mp"), (Shape{1, 8, 5, 5}));
        QCOMPARE(shapes.at("gap_flatten"), (Shape{1, 8}));
        QCOMPARE(shapes.at("fl"), (Shape{1, 128}));
        QCOMPARE(shapes.at("rs"), (Shape{1, 2, 64}));
        QCOMPARE(shapes.at("d0_unrows"), (Shape{1, 2, 3}));
        QCOMPARE(shapes.at("out"), (Shape{1, 3}));
        const Tensor yLast = last.graph.run(xLast);
        const Tensor yFirst = first.graph.run(xFirst);
        QCOMPARE(yLast.shape(), (Shape{3, 3}));
        LANTERN_COMPARE_TENSORS(yLast, yFirst, 1e-6, 1e-5);
        last.removeFinalSoftmax();
        first.removeFinalSoftmax();
        const Tensor zLast = last.graph.run(xLast);
        LANTERN_COMPARE_TENSORS(zLast, first.graph.run(xFirst), 1e-5, 1e-5);
        QVERIFY(maxAbsDiff(zLast, yLast) > 1e-3f); // logits, not probabilities
    }
};

QTEST_GUILESS_MAIN(TestKerasLayouts)
#include "test_keras_layouts.moc"

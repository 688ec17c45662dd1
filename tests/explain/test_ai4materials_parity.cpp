// attentive-response style=ai4materials against ai4materials' own algorithm (../shared/data/ai4materials-refs: a
// float64 line-by-line port of deconv_resp_maps.py, Ziletti et al. 2018, run on the Ziletti CNN of ../torch): for
// two inputs and every conv and max-pool layer as target, the same top-4 filters, the same seed units (position and
// value), maps and sums within 1e-5 of each map's maximum, the ranking scores. The Zeiler–Fergus style must NOT
// match (the two conventions differ), and a max-pool target gives the maps of the conv below it.
#include "gradcheck.h"

#include "lantern/explain/explainer.h"
#include "lantern/io/hdf5.h"
#include "lantern/model.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace lantern;

namespace {

/// The reference's layer names and the ONNX node names of the same layers.
const std::vector<std::pair<std::string, std::string>>& layers()
{
    static const std::vector<std::pair<std::string, std::string>> l = {
        {"conv1", "/conv1/Conv"}, {"conv2", "/conv2/Conv"},    {"pool1", "/pool1/MaxPool"}, {"conv3", "/conv3/Conv"},
        {"conv4", "/conv4/Conv"}, {"pool2", "/pool2/MaxPool"}, {"conv5", "/conv5/Conv"},    {"conv6", "/conv6/Conv"}};
    return l;
}

/// max|a − b| / max|b| over one map of `plane` values starting at the given offsets.
double relativeError(const Tensor& a, int64_t aOffset, const Tensor& b, int64_t bOffset, int64_t plane)
{
    double maxRef = 0, maxErr = 0;
    for (int64_t p = 0; p < plane; ++p) {
        maxRef = std::max(maxRef, double(std::abs(b[bOffset + p])));
        maxErr = std::max(maxErr, double(std::abs(a[aOffset + p] - b[bOffset + p])));
    }
    return maxRef > 0 ? maxErr / maxRef : maxErr;
}

} // namespace

class TestAi4materialsParity : public QObject {
    Q_OBJECT

private:
    std::string m_ref, m_model;

    explain::Explanation run(Model& m, const Tensor& x, const std::string& style)
    {
        std::string list;
        for (const auto& [name, node] : layers())
            list += (list.empty() ? "" : ",") + node;
        explain::ExplainRequest r;
        r.method = "attentive-response";
        r.params = {{"style", style}, {"layers", list}, {"n", "4"}};
        return explain::explain(m, x, r);
    }

private slots:
    void initTestCase()
    {
        const std::string data = test::sharedDataDir();
        if (!data.empty() && std::filesystem::exists(data + "/ai4materials-refs/ziletti_cnn_arm.h5")) {
            m_ref = data + "/ai4materials-refs/ziletti_cnn_arm.h5";
            m_model = data + "/torch/ziletti_cnn.onnx";
        }
    }

    void reference()
    {
        if (m_ref.empty())
            QSKIP("ai4materials-refs not found: set LANTERN_SHARED_DATA to the shared data folder");
        Model m = loadModel(m_model);
        const Tensor inputs = io::readHdf5Dataset(m_ref, "/inputs");
        QCOMPARE(inputs.shape(), (Shape{2, 3, 64, 64}));
        const int64_t plane = 3 * 64 * 64;
        // one call explains both samples (batch 2) and all eight layers
        const explain::Explanation e = run(m, inputs, "ai4materials");
        double worstMap = 0, worstSum = 0;
        for (int64_t i = 0; i < 2; ++i)
            for (const auto& [name, node] : layers()) {
                const std::string g = "/sample" + std::to_string(i) + "/" + name + "/";
                const QString where = QString("sample %1 %2").arg(i).arg(QString::fromStdString(name));
                const Tensor index = io::readHdf5Dataset(m_ref, g + "filter_index");
                const Tensor maps = io::readHdf5Dataset(m_ref, g + "maps");
                const Tensor sum = io::readHdf5Dataset(m_ref, g + "sum");
                const Tensor scores = io::readHdf5Dataset(m_ref, g + "channel_sums");
                const Tensor position = io::readHdf5Dataset(m_ref, g + "seed_position");
                const Tensor value = io::readHdf5Dataset(m_ref, g + "seed_value");
                const Tensor& gotIndex = e.extra.at(node + "/filter_index");
                const Tensor& gotMaps = e.extra.at(node + "/filters");
                const Tensor& gotPos = e.extra.at(node + "/seed_position");
                const Tensor& gotValue = e.extra.at(node + "/seed_value");
                const Tensor& gotScores = e.extra.at(node + "/scores");
                const int64_t channels = scores.size();
                QCOMPARE(gotScores.dim(1), channels);
                for (int64_t c = 0; c < channels; ++c)
                    QVERIFY2(std::abs(gotScores[i * channels + c] - scores[c]) <= 1e-4 * (1 + std::abs(scores[c])),
                             qPrintable(where + QString(" score of channel %1: %2 vs %3")
                                                    .arg(c)
                                                    .arg(gotScores[i * channels + c])
                                                    .arg(scores[c])));
                for (int64_t k = 0; k < 4; ++k) {
                    QVERIFY2(
                        gotIndex[i * 4 + k] == index[k],
                        qPrintable(where +
                                   QString(" rank %1: filter %2 vs %3").arg(k).arg(gotIndex[i * 4 + k]).arg(index[k])));
                    QVERIFY2(gotPos[(i * 4 + k) * 2] == position[k * 2] &&
                                 gotPos[(i * 4 + k) * 2 + 1] == position[k * 2 + 1],
                             qPrintable(where + QString(" rank %1: seed at (%2, %3) vs (%4, %5)")
                                                    .arg(k)
                                                    .arg(gotPos[(i * 4 + k) * 2])
                                                    .arg(gotPos[(i * 4 + k) * 2 + 1])
                                                    .arg(position[k * 2])
                                                    .arg(position[k * 2 + 1])));
                    QVERIFY2(
                        std::abs(gotValue[i * 4 + k] - value[k]) <= 1e-5 * std::abs(value[k]),
                        qPrintable(
                            where +
                            QString(" rank %1: seed value %2 vs %3").arg(k).arg(gotValue[i * 4 + k]).arg(value[k])));
                    const double err = relativeError(gotMaps, (i * 4 + k) * plane, maps, k * plane, plane);
                    worstMap = std::max(worstMap, err);
                    QVERIFY2(err <= 1e-5,
                             qPrintable(where + QString(" rank %1: map error %2 x max|ref|").arg(k).arg(err)));
                }
                const double err = relativeError(e.extra.at(node + "/sum"), i * plane, sum, 0, plane);
                worstSum = std::max(worstSum, err);
                QVERIFY2(err <= 1e-5, qPrintable(where + QString(": sum error %1 x max|ref|").arg(err)));
            }
        qInfo("16 layer groups: worst map %.2g, worst sum %.2g x max|ref| (tolerance 1e-5)", worstMap, worstSum);

        // A max-pool target gives exactly the maps of the conv below it for the same filter (same seed unit).
        for (const auto& [pool, conv] : {std::pair{"/pool1/MaxPool", "/conv2/Conv"}, {"/pool2/MaxPool", "/conv4/Conv"}})
            for (int64_t i = 0; i < 2; ++i)
                for (int64_t k = 0; k < 4; ++k)
                    for (int64_t j = 0; j < 4; ++j)
                        if (e.extra.at(std::string(pool) + "/filter_index")[i * 4 + k] ==
                            e.extra.at(std::string(conv) + "/filter_index")[i * 4 + j])
                            QVERIFY(relativeError(e.extra.at(std::string(pool) + "/filters"), (i * 4 + k) * plane,
                                                  e.extra.at(std::string(conv) + "/filters"), (i * 4 + j) * plane,
                                                  plane) <= 1e-6);

        // The plain Zeiler–Fergus deconvnet is a different convention: its conv3 maps must not match.
        const explain::Explanation zf = run(m, inputs, "zeiler-fergus");
        const Tensor maps = io::readHdf5Dataset(m_ref, "/sample0/conv3/maps");
        QVERIFY(relativeError(zf.extra.at("/conv3/Conv/filters"), 0, maps, 0, plane) > 0.1);
    }
};

QTEST_GUILESS_MAIN(TestAi4materialsParity)
#include "test_ai4materials_parity.moc"

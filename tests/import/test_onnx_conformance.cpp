// ONNX backend conformance: every case of the ONNX test suites in the shared data (node/ and pytorch-converted/,
// each a model.onnx with test_data_set_*/input_*.pb and output_*.pb) is imported and run; every output must match
// within |a - b| <= 1e-5 + 1e-4 |b|. A case may be skipped only when it uses an op outside supportedOnnxOps():
// a skipped case whose ops are all supported fails.
//
// The node tests pass weights (Conv W, Gemm B/C, BatchNorm statistics) and Reshape's target shape as graph
// inputs. Lantern needs those at load time, so when a case is rejected as-is, its inputs after the first are bound
// as initializers from the test data (the way exporters store weights) and the case is imported again.

#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_import.h"
#include "lantern/io/npy.h"

#include <onnx/onnx_pb.h>

#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <set>

using namespace lantern;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> sortedEntries(const fs::path& dir, const std::string& prefix)
{
    std::vector<fs::path> out;
    if (!fs::is_directory(dir))
        return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind(prefix, 0) == 0)
            out.push_back(e.path());
    // input_10.pb after input_9.pb
    std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
        const auto na = a.filename().string(), nb = b.filename().string();
        return na.size() != nb.size() ? na.size() < nb.size() : na < nb;
    });
    return out;
}

std::string bytesOf(const fs::path& p)
{
    const auto v = io::readFileBytes(p.string());
    return std::string(v.begin(), v.end());
}

/// Largest |a - b| / (1e-5 + 1e-4 |b|): <= 1 means within tolerance.
double worstRatio(const Tensor& a, const Tensor& b, double* maxAbs)
{
    double worst = 0;
    *maxAbs = 0;
    for (int64_t k = 0; k < a.size(); ++k) {
        const double d = std::fabs(double(a[k]) - double(b[k]));
        if (std::isnan(a[k]) != std::isnan(b[k]))
            return 1e30;
        *maxAbs = std::max(*maxAbs, d);
        worst = std::max(worst, d / (1e-5 + 1e-4 * std::fabs(double(b[k]))));
    }
    return worst;
}

} // namespace

class TestOnnxConformance : public QObject {
    Q_OBJECT

private slots:
    void conformance_data();
    void conformance();
    void cleanupTestCase();

private:
    QStringList m_passed, m_skipped;
    double m_maxAbs = 0;
};

void TestOnnxConformance::conformance_data()
{
    QTest::addColumn<QString>("dir");
    const std::string root = test::sharedDataDir();
    const fs::path suites = fs::path(root) / "onnx-tests";
    int rows = 0;
    for (const char* suite : {"node", "pytorch-converted"})
        for (const auto& c : sortedEntries(suites / suite, "test_")) {
            const std::string row = std::string(suite) + "/" + c.filename().string();
            QTest::newRow(row.c_str()) << QString::fromStdString(c.string());
            ++rows;
        }
    if (rows == 0)
        QTest::newRow("no-data") << QString();
}

void TestOnnxConformance::conformance()
{
    QFETCH(QString, dir);
    if (dir.isEmpty())
        QSKIP("ONNX backend test data not found (LANTERN_SHARED_DATA/onnx-tests)");
    const fs::path caseDir = dir.toStdString();
    const std::string caseName = caseDir.parent_path().filename().string() + "/" + caseDir.filename().string();
    const fs::path modelPath = caseDir / "model.onnx";
    const std::string bytes = bytesOf(modelPath);
    onnx::ModelProto proto;
    QVERIFY(proto.ParseFromString(bytes));

    // Which of its op types Lantern does not claim to support.
    const auto supportedList = formats::supportedOnnxOps();
    const std::set<std::string> supported(supportedList.begin(), supportedList.end());
    std::set<std::string> missing;
    for (const auto& n : proto.graph().node()) {
        const std::string type =
            n.domain().empty() || n.domain() == "ai.onnx" ? n.op_type() : n.domain() + "." + n.op_type();
        if (!supported.count(type))
            missing.insert(type);
    }
    std::set<std::string> initNames;
    for (const auto& t : proto.graph().initializer())
        initNames.insert(t.name());
    std::vector<std::string> runtimeInputs;
    for (const auto& vi : proto.graph().input())
        if (!initNames.count(vi.name()))
            runtimeInputs.push_back(vi.name());

    const auto dataSets = sortedEntries(caseDir, "test_data_set_");
    QVERIFY2(!dataSets.empty(), "case without test data");
    for (const auto& ds : dataSets) {
        const auto inputFiles = sortedEntries(ds, "input_");
        const auto outputFiles = sortedEntries(ds, "output_");
        QCOMPARE(inputFiles.size(), runtimeInputs.size());
        QCOMPARE(outputFiles.size(), static_cast<size_t>(proto.graph().output_size()));

        Model model;
        bool bound = false;
        std::string rejection;
        try {
            model = formats::importOnnx(modelPath.string());
        } catch (const UnsupportedError& e) {
            rejection = e.what();
        }
        if (!rejection.empty() && runtimeInputs.size() > 1) {
            onnx::ModelProto withWeights = proto;
            for (size_t k = 1; k < inputFiles.size(); ++k) {
                onnx::TensorProto t;
                QVERIFY(t.ParseFromString(bytesOf(inputFiles[k])));
                t.set_name(runtimeInputs[k]);
                *withWeights.mutable_graph()->add_initializer() = t;
            }
            std::string boundBytes;
            QVERIFY(withWeights.SerializeToString(&boundBytes));
            try {
                model = formats::importOnnxBytes(boundBytes, caseName + " (weights bound)");
                bound = true;
                rejection.clear();
            } catch (const UnsupportedError& e) {
                rejection = e.what();
            }
        }
        if (!rejection.empty()) {
            if (missing.empty())
                QFAIL(qPrintable("rejected although all its ops are supported: " + QString::fromStdString(rejection)));
            m_skipped << QString::fromStdString(caseName + ": " + rejection);
            qInfo("skipped %s: %s", caseName.c_str(), rejection.c_str());
            QSKIP(qPrintable(QString::fromStdString(rejection)));
        }
        if (!missing.empty())
            QFAIL(qPrintable("imported although it uses ops outside supportedOnnxOps(): " +
                             QString::fromStdString(*missing.begin())));
        QCOMPARE(model.format, std::string("onnx"));

        std::map<std::string, Tensor> feeds;
        const size_t fed = bound ? 1 : runtimeInputs.size();
        for (size_t k = 0; k < fed; ++k)
            feeds[runtimeInputs[k]] = formats::readOnnxTensor(inputFiles[k].string()).value;
        QCOMPARE(model.graph.inputNames().size(), fed);
        Execution ex = model.graph.forward(feeds);
        const auto& outputs = model.graph.outputNames();
        QCOMPARE(outputs.size(), outputFiles.size());
        double caseMax = 0;
        for (size_t k = 0; k < outputs.size(); ++k) {
            const auto expected = formats::readOnnxTensor(outputFiles[k].string());
            const Tensor& actual = ex.value(outputs[k]);
            QVERIFY2(actual.shape() == expected.value.shape(),
                     qPrintable(QString::fromStdString(caseName + " output " + std::to_string(k) + ": shape " +
                                                       shapeToString(actual.shape()) + ", expected " +
                                                       shapeToString(expected.value.shape()))));
            double maxAbs = 0;
            const double ratio = worstRatio(actual, expected.value, &maxAbs);
            caseMax = std::max(caseMax, maxAbs);
            std::string msg;
            QVERIFY2(ratio <= 1.0 && test::allClose(actual, expected.value, 1e-5, 1e-4, &msg),
                     qPrintable(QString::fromStdString(caseName + " output " + std::to_string(k) + " (" +
                                                       expected.elementType + "): " + msg)));
        }
        m_maxAbs = std::max(m_maxAbs, caseMax);
        m_passed << QString::fromStdString(caseName + (bound ? " (weights bound)" : "")) +
                        " max|err|=" + QString::number(caseMax, 'g', 3);
    }
}

void TestOnnxConformance::cleanupTestCase()
{
    qInfo("ONNX conformance: %d case(s) passed (largest |error| %.3g), %d skipped", int(m_passed.size()), m_maxAbs,
          int(m_skipped.size()));
    for (const auto& s : m_skipped)
        qInfo("  skipped %s", qPrintable(s));
    if (qEnvironmentVariableIsSet("LANTERN_VERBOSE"))
        for (const auto& s : m_passed)
            qInfo("  passed %s", qPrintable(s));
}

QTEST_GUILESS_MAIN(TestOnnxConformance)
#include "test_onnx_conformance.moc"

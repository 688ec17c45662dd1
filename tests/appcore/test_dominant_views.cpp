// One truth for dominant filters and classes: on an RGB model (the Ziletti CNN, inputs 3x64x64) the categorical
// images the GUI draws (app::dominantFilters / dominantClasses) and the panels the figure job exports colour every
// pixel by exactly the engine's own `dominant`/`level` result (channels=sum), transparent where the engine says no
// filter or class responds positively (-1).
#include "gradcheck.h"

#include "common/explanation_views.h"
#include "common/figure_job.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace lantern;

namespace {

QString shared(const QString& rel)
{
    return QString::fromStdString(test::sharedDataDir()) + "/" + rel;
}

/// Every pixel of `image` has the colour of the engine's dominant id (its position in `ids`) or is transparent
/// where the engine has -1. Returns how many pixels are coloured.
int checkAgainstEngine(const app::Categorical& c, const Tensor& dominant, int64_t sample, const QString& what)
{
    const int w = c.image.width(), h = c.image.height();
    const int64_t plane = static_cast<int64_t>(w) * h;
    if (dominant.size() / dominant.dim(0) != plane) {
        QTest::qFail(qPrintable(what + ": image and engine result differ in size"), __FILE__, __LINE__);
        return -1;
    }
    int coloured = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int id = static_cast<int>(dominant[sample * plane + y * w + x]);
            const QColor got = c.image.pixelColor(x, y);
            if (id < 0) {
                if (got.alpha() != 0) {
                    QTest::qFail(qPrintable(what + QString(": pixel (%1, %2) coloured where the engine has no "
                                                           "dominant entry")
                                                       .arg(x)
                                                       .arg(y)),
                                 __FILE__, __LINE__);
                    return -1;
                }
                continue;
            }
            const auto at = std::find(c.ids.begin(), c.ids.end(), id);
            const QColor want = c.colors.at(static_cast<size_t>(at - c.ids.begin()));
            if (at == c.ids.end() || got.alpha() == 0 || got.red() != want.red() || got.green() != want.green() ||
                got.blue() != want.blue()) {
                QTest::qFail(
                    qPrintable(what +
                               QString(": pixel (%1, %2) does not show the engine's id %3").arg(x).arg(y).arg(id)),
                    __FILE__, __LINE__);
                return -1;
            }
            ++coloured;
        }
    return coloured;
}

} // namespace

class TestDominantViews : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model, m_samples;
    Tensor m_x;

private slots:
    void initTestCase()
    {
        if (test::sharedDataDir().empty() || !QFile::exists(shared("torch/ziletti_cnn.onnx")))
            QSKIP("shared data not found (set LANTERN_SHARED_DATA): needs torch/ziletti_cnn.onnx");
        m_model = shared("torch/ziletti_cnn.onnx");
        m_x = test::randomTensor({2, 3, 64, 64}, 17, 0.f, 1.f);
        m_samples = m_tmp.filePath("x.npy");
        io::writeNpy(m_samples.toStdString(), m_x);
    }

    void dominantFilter_data()
    {
        QTest::addColumn<QString>("style");
        QTest::newRow("ai4materials") << "ai4materials";
        QTest::newRow("zeiler-fergus") << "zeiler-fergus";
    }

    void dominantFilter()
    {
        QFETCH(QString, style);
        Model m = loadModel(m_model.toStdString());
        const std::string layer = "/conv6/Conv";
        explain::ExplainRequest r;
        r.method = "attentive-response";
        r.layer = layer;
        r.params = app::withChannelSums({{"style", style.toStdString()}});
        const explain::Explanation e = explain::explain(m, m_x, r);
        const Tensor& dom = e.extra.at(layer + "/dominant");
        QCOMPARE(dom.shape(), (Shape{2, 1, 64, 64}));
        for (int64_t i = 0; i < 2; ++i) {
            const app::Categorical screen = app::dominantFilters(e, layer, i, m.inputLayout);
            const int coloured = checkAgainstEngine(screen, dom, i, "screen");
            QVERIFY(coloured > 0);
        }

        // the figure job draws the same panels
        app::FigureSpec spec;
        spec.modelPath = m_model.toStdString();
        spec.sampleSpec = m_samples.toStdString();
        spec.sampleIndices = {0, 1};
        app::FigureColumn col;
        col.method.method = "attentive-response";
        col.method.layer = layer;
        col.method.params = {{"style", style.toStdString()}};
        col.view = "dominant";
        spec.columns = {col};
        const render::Figure fig = app::buildFigure(spec);
        for (int64_t i = 0; i < 2; ++i) {
            const QImage& panel = fig.panels[static_cast<size_t>(i)].categorical;
            const app::Categorical screen = app::dominantFilters(e, layer, i, m.inputLayout);
            QCOMPARE(panel.size(), screen.image.size());
            QVERIFY2(panel == screen.image, "figure panel differs from the screen image");
        }
    }

    void dominantClass()
    {
        Model m = loadModel(m_model.toStdString());
        explain::ExplainRequest r;
        r.method = "clear";
        r.params = app::withChannelSums({});
        const explain::Explanation e = explain::explain(m, m_x, r);
        const Tensor& dom = e.extra.at("dominant_class");
        QCOMPARE(dom.shape(), (Shape{2, 1, 64, 64}));
        // a class with a non-positive score never dominates
        for (int64_t i = 0; i < 2; ++i)
            for (int64_t p = 0; p < 64 * 64; ++p) {
                const int id = static_cast<int>(dom[i * 4096 + p]);
                if (id >= 0)
                    QVERIFY(e.logits[i * e.logits.dim(1) + id] > 0.f);
            }
        app::FigureSpec spec;
        spec.modelPath = m_model.toStdString();
        spec.sampleSpec = m_samples.toStdString();
        spec.sampleIndices = {0, 1};
        app::FigureColumn col;
        col.method.method = "clear";
        col.view = "clear";
        spec.columns = {col};
        const render::Figure fig = app::buildFigure(spec);
        for (int64_t i = 0; i < 2; ++i) {
            const app::Categorical screen = app::dominantClasses(e, i, m.inputLayout);
            checkAgainstEngine(screen, dom, i, "CLEAR screen");
            QVERIFY2(fig.panels[static_cast<size_t>(i)].categorical == screen.image,
                     "CLEAR figure panel differs from the screen image");
        }
        // a result computed per input channel cannot be drawn as one answer per pixel: a clear error, no guess
        r.params = {{"channels", "each"}};
        const explain::Explanation each = explain::explain(m, m_x.slice(0, 1).clone(), r);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, app::dominantClasses(each, 0, m.inputLayout));
    }
};

QTEST_MAIN(TestDominantViews)
#include "test_dominant_views.moc"

// Sample browser: filter proxy (class / correctness / confidence / name), keyboard navigation in the icon view,
// wrapping selectNext / selectPrevious, the count label, and a screenshot of the delegate.
#include "lantern/error.h"
#include "lantern/widgets/sample_browser.h"
#include "lantern/widgets/sample_delegate.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using lantern::widgets::SampleBrowser;
using lantern::widgets::SampleFilterProxy;
using lantern::widgets::SampleInfo;
using lantern::widgets::SampleListModel;
using Correctness = SampleFilterProxy::Correctness;

Q_DECLARE_METATYPE(Correctness)

namespace {

// 12 samples, 3 classes. Samples 0..9 are labelled i % 3; every 4th is misclassified as (label + 1) % 3.
// 10 and 11 are unlabelled (predicted 1 and 2). Confidence 0.05 + 0.08 i. Names img00..img11.
//   correct: 1 2 3 5 6 7 9   misclassified: 0 4 8
QImage thumbnail(int i)
{
    QImage img(28, 28, QImage::Format_Grayscale8);
    for (int y = 0; y < 28; ++y) {
        for (int x = 0; x < 28; ++x) {
            const double r = std::hypot(x - 13.5, y - 13.5);
            const bool ring = std::abs(r - (4 + i % 6)) < 2.0;
            const bool bar = (i % 3 == 1) && std::abs(x - y) < 2;
            const int v = (ring || bar) ? 0xff : 0x10;
            img.setPixel(x, y, qRgb(v, v, v));
        }
    }
    return img;
}

std::vector<SampleInfo> makeSamples()
{
    std::vector<SampleInfo> samples;
    for (int i = 0; i < 12; ++i) {
        SampleInfo s;
        s.name = QStringLiteral("img%1").arg(i, 2, 10, QLatin1Char('0'));
        s.thumbnail = thumbnail(i);
        s.label = i < 10 ? i % 3 : -1;
        samples.push_back(s);
    }
    return samples;
}

void predictions(std::vector<int>& predicted, std::vector<float>& confidence)
{
    predicted.clear();
    confidence.clear();
    for (int i = 0; i < 12; ++i) {
        const int label = i < 10 ? i % 3 : -1;
        predicted.push_back(label < 0 ? i % 3 : (i % 4 == 0 ? (label + 1) % 3 : label));
        confidence.push_back(0.05f + 0.08f * static_cast<float>(i));
    }
}

const QStringList kClasses{QStringLiteral("circle"), QStringLiteral("slash"), QStringLiteral("ring")};

} // namespace

class TestSampleBrowser : public QObject {
    Q_OBJECT
private slots:
    void proxyFilters_data();
    void proxyFilters();
    void unknownConfidence();
    void setPredictionsEmitsDataChanged();
    void modelRoles();
    void keyboardNavigation_data();
    void keyboardNavigation();
    void pageKeysInSmallView();
    void selectNextWraps();
    void filterBarAndCountLabel();
    void manySamples();
    void screenshot();
};

void TestSampleBrowser::proxyFilters_data()
{
    QTest::addColumn<int>("cls");
    QTest::addColumn<Correctness>("correctness");
    QTest::addColumn<float>("lo");
    QTest::addColumn<float>("hi");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QList<int>>("rows");

    const QList<int> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    QTest::newRow("none") << -1 << Correctness::All << 0.f << 1.f << QString() << all;
    QTest::newRow("class 0") << 0 << Correctness::All << 0.f << 1.f << QString() << QList<int>{0, 3, 6, 9};
    QTest::newRow("class 1 (+ unlabelled predicted 1)")
        << 1 << Correctness::All << 0.f << 1.f << QString() << QList<int>{1, 4, 7, 10};
    QTest::newRow("class 2 (+ unlabelled predicted 2)")
        << 2 << Correctness::All << 0.f << 1.f << QString() << QList<int>{2, 5, 8, 11};
    QTest::newRow("class 5 (none)") << 5 << Correctness::All << 0.f << 1.f << QString() << QList<int>{};
    QTest::newRow("correct") << -1 << Correctness::Correct << 0.f << 1.f << QString()
                             << QList<int>{1, 2, 3, 5, 6, 7, 9};
    QTest::newRow("misclassified") << -1 << Correctness::Misclassified << 0.f << 1.f << QString()
                                   << QList<int>{0, 4, 8};
    QTest::newRow("confidence >= 50 %") << -1 << Correctness::All << 0.5f << 1.f << QString()
                                        << QList<int>{6, 7, 8, 9, 10, 11};
    QTest::newRow("confidence <= 30 %") << -1 << Correctness::All << 0.f << 0.3f << QString() << QList<int>{0, 1, 2, 3};
    QTest::newRow("confidence swapped bounds")
        << -1 << Correctness::All << 0.3f << 0.f << QString() << QList<int>{0, 1, 2, 3};
    QTest::newRow("name '1'") << -1 << Correctness::All << 0.f << 1.f << QStringLiteral("1") << QList<int>{1, 10, 11};
    QTest::newRow("name case-insensitive")
        << -1 << Correctness::All << 0.f << 1.f << QStringLiteral("IMG0") << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    QTest::newRow("name no match") << -1 << Correctness::All << 0.f << 1.f << QStringLiteral("cat") << QList<int>{};
    QTest::newRow("class 0 + correct") << 0 << Correctness::Correct << 0.f << 1.f << QString() << QList<int>{3, 6, 9};
    QTest::newRow("misclassified + confident")
        << -1 << Correctness::Misclassified << 0.5f << 1.f << QString() << QList<int>{8};
    QTest::newRow("class 2 + correct + name")
        << 2 << Correctness::Correct << 0.f << 1.f << QStringLiteral("05") << QList<int>{5};
}

void TestSampleBrowser::proxyFilters()
{
    QFETCH(int, cls);
    QFETCH(Correctness, correctness);
    QFETCH(float, lo);
    QFETCH(float, hi);
    QFETCH(QString, name);
    QFETCH(QList<int>, rows);

    SampleListModel model;
    model.setSamples(makeSamples());
    std::vector<int> pred;
    std::vector<float> conf;
    predictions(pred, conf);
    model.setPredictions(pred, conf);
    SampleFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setClassFilter(cls);
    proxy.setCorrectness(correctness);
    proxy.setConfidenceRange(lo, hi);
    proxy.setNameFilter(name);

    QList<int> got;
    for (int r = 0; r < proxy.rowCount(); ++r) {
        got << proxy.mapToSource(proxy.index(r, 0)).row();
    }
    QCOMPARE(got, rows);

    // Filters are reversible: back to everything.
    proxy.setClassFilter(-1);
    proxy.setCorrectness(Correctness::All);
    proxy.setConfidenceRange(0, 1);
    proxy.setNameFilter(QString());
    QCOMPARE(proxy.rowCount(), 12);
}

void TestSampleBrowser::unknownConfidence()
{
    SampleListModel model;
    model.setSamples(makeSamples()); // no predictions: confidence -1, predicted -1
    SampleFilterProxy proxy;
    proxy.setSourceModel(&model);
    QCOMPARE(proxy.rowCount(), 12);
    proxy.setConfidenceRange(0.0f, 0.99f); // any restriction drops samples without a confidence
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setConfidenceRange(0.0f, 1.0f);
    proxy.setCorrectness(Correctness::Correct); // correctness needs a prediction
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setCorrectness(Correctness::All);
    proxy.setClassFilter(1); // labelled 1: 1, 4, 7 (10 and 11 have neither label nor prediction)
    QCOMPARE(proxy.rowCount(), 3);
}

void TestSampleBrowser::setPredictionsEmitsDataChanged()
{
    SampleListModel model;
    model.setSamples(makeSamples());
    QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
    std::vector<int> pred;
    std::vector<float> conf;
    predictions(pred, conf);
    model.setPredictions(pred, conf);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(spy.at(0).at(1).toModelIndex().row(), 11);
    QCOMPARE(model.sample(4).predicted, 2);
    QCOMPARE(model.sample(4).confidence, 0.05f + 0.08f * 4);
    const std::vector<int> twoPred{1, 2};
    const std::vector<float> twoConf{0.5f, 0.5f};
    QVERIFY_THROWS_EXCEPTION(lantern::Error, model.setPredictions(twoPred, twoConf));
}

void TestSampleBrowser::modelRoles()
{
    SampleListModel model;
    model.setSamples(makeSamples());
    std::vector<int> pred;
    std::vector<float> conf;
    predictions(pred, conf);
    model.setPredictions(pred, conf);
    model.setClassNames(kClasses);
    QCOMPARE(model.count(), 12);
    const QModelIndex i0 = model.index(0), i1 = model.index(1), i10 = model.index(10);
    QCOMPARE(i0.data(Qt::DisplayRole).toString(), QStringLiteral("img00"));
    QCOMPARE(qvariant_cast<QImage>(i0.data(Qt::DecorationRole)).size(), QSize(28, 28));
    QCOMPARE(i0.data(SampleListModel::LabelRole).toInt(), 0);
    QCOMPARE(i0.data(SampleListModel::PredictedRole).toInt(), 1);
    QCOMPARE(i0.data(SampleListModel::CorrectRole).toBool(), false);
    QCOMPARE(i1.data(SampleListModel::CorrectRole).toBool(), true);
    QVERIFY(!i10.data(SampleListModel::CorrectRole).isValid());
    QCOMPARE(i0.data(SampleListModel::PredictedNameRole).toString(), QStringLiteral("slash"));
    QCOMPARE(i10.data(SampleListModel::LabelNameRole).toString(), QString());
}

void TestSampleBrowser::keyboardNavigation_data()
{
    QTest::addColumn<int>("correctness"); // index in the correctness combo
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("expected");

    QTest::newRow("right from 0") << 0 << 0 << int(Qt::Key_Right) << 1;
    QTest::newRow("right from 4") << 0 << 4 << int(Qt::Key_Right) << 5;
    QTest::newRow("left from 5") << 0 << 5 << int(Qt::Key_Left) << 4;
    QTest::newRow("end") << 0 << 0 << int(Qt::Key_End) << 11;
    QTest::newRow("home") << 0 << 7 << int(Qt::Key_Home) << 0;
    QTest::newRow("misclassified: right from 0") << 2 << 0 << int(Qt::Key_Right) << 4;
    QTest::newRow("misclassified: end") << 2 << 0 << int(Qt::Key_End) << 8;
    QTest::newRow("misclassified: home") << 2 << 8 << int(Qt::Key_Home) << 0;
    QTest::newRow("correct: right from 3") << 1 << 3 << int(Qt::Key_Right) << 5;
    QTest::newRow("correct: page down") << 1 << 1 << int(Qt::Key_PageDown) << 9;
}

void TestSampleBrowser::keyboardNavigation()
{
    QFETCH(int, correctness);
    QFETCH(int, start);
    QFETCH(int, key);
    QFETCH(int, expected);

    SampleBrowser browser;
    browser.resize(1200, 700); // room for all 12 tiles in one row... or two; Right/Left follow display order
    browser.setSamples(makeSamples());
    browser.setClassNames(kClasses);
    std::vector<int> pred;
    std::vector<float> conf;
    predictions(pred, conf);
    browser.setPredictions(pred, conf);
    browser.findChildren<QComboBox*>().at(1)->setCurrentIndex(correctness);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));

    browser.setCurrentSample(start);
    QCOMPARE(browser.currentSample(), start);
    QSignalSpy spy(&browser, &SampleBrowser::currentSampleChanged);
    browser.view()->setFocus();
    QTest::keyClick(browser.view(), static_cast<Qt::Key>(key));
    QCOMPARE(browser.currentSample(), expected);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), expected);
}

void TestSampleBrowser::pageKeysInSmallView()
{
    SampleBrowser browser;
    browser.resize(420, 330); // a few tiles per screen: paging moves by whole screenfuls, clamped
    browser.setTileSize(128);
    browser.setSamples(makeSamples());
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QListView* view = browser.view();
    const QRect item = view->visualRect(view->model()->index(0, 0));
    const int columns = view->viewport()->width() / (item.width() + 2 * view->spacing());
    const int rows = view->viewport()->height() / (item.height() + 2 * view->spacing());
    QVERIFY2(columns >= 1 && rows >= 1 && columns * rows < 6, qPrintable(QStringLiteral("%1 x %2 tiles in %3 x %4")
                                                                             .arg(columns)
                                                                             .arg(rows)
                                                                             .arg(view->viewport()->width())
                                                                             .arg(view->viewport()->height())));
    browser.setCurrentSample(0);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_PageDown);
    QCOMPARE(browser.currentSample(), columns * rows);
    QTest::keyClick(view, Qt::Key_PageDown);
    QTest::keyClick(view, Qt::Key_PageDown);
    QTest::keyClick(view, Qt::Key_PageDown);
    QTest::keyClick(view, Qt::Key_PageDown);
    QCOMPARE(browser.currentSample(), 11);
    QTest::keyClick(view, Qt::Key_PageUp);
    QCOMPARE(browser.currentSample(), 11 - columns * rows);
}

void TestSampleBrowser::selectNextWraps()
{
    SampleBrowser browser;
    browser.setSamples(makeSamples());
    std::vector<int> pred;
    std::vector<float> conf;
    predictions(pred, conf);
    browser.setPredictions(pred, conf);
    QCOMPARE(browser.currentSample(), -1);
    QSignalSpy spy(&browser, &SampleBrowser::currentSampleChanged);
    browser.selectNext(); // none current: the first
    QCOMPARE(browser.currentSample(), 0);
    browser.proxy()->setCorrectness(Correctness::Misclassified); // 0 4 8; 0 stays current
    QCOMPARE(browser.currentSample(), 0);
    browser.selectNext();
    browser.selectNext();
    QCOMPARE(browser.currentSample(), 8);
    browser.selectNext(); // wraps
    QCOMPARE(browser.currentSample(), 0);
    browser.selectPrevious(); // wraps back
    QCOMPARE(browser.currentSample(), 8);
    QList<int> emitted;
    for (const auto& args : spy) {
        emitted << args.at(0).toInt();
    }
    QCOMPARE(emitted, (QList<int>{0, 4, 8, 0, 8}));

    // A filtered-out sample made current drops the filters.
    browser.setCurrentSample(5);
    QCOMPARE(browser.currentSample(), 5);
    QCOMPARE(browser.visibleCount(), 12);
    browser.setCurrentSample(-1);
    QCOMPARE(browser.currentSample(), -1);
    QCOMPARE(spy.last().at(0).toInt(), -1);
}

void TestSampleBrowser::filterBarAndCountLabel()
{
    SampleBrowser browser;
    browser.setSamples(makeSamples());
    browser.setClassNames(kClasses);
    std::vector<int> pred;
    std::vector<float> conf;
    predictions(pred, conf);
    browser.setPredictions(pred, conf);

    const auto combos = browser.findChildren<QComboBox*>();
    QCOMPARE(combos.size(), 2);
    QComboBox* classCombo = combos.at(0);
    QCOMPARE(classCombo->count(), 4); // All classes + 3
    QCOMPARE(classCombo->itemText(0), QStringLiteral("All classes"));
    QCOMPARE(classCombo->itemText(3), QStringLiteral("ring"));

    auto countText = [&] {
        for (QLabel* l : browser.findChildren<QLabel*>()) {
            if (l->text().contains(QStringLiteral("samples"))) {
                return l->text();
            }
        }
        return QString();
    };
    QCOMPARE(countText(), QStringLiteral("12 of 12 samples"));
    classCombo->setCurrentIndex(2); // class 1
    QCOMPARE(browser.visibleCount(), 4);
    QCOMPARE(countText(), QStringLiteral("4 of 12 samples"));
    combos.at(1)->setCurrentIndex(1);    // correct
    QCOMPARE(browser.visibleCount(), 2); // 1 and 7
    QCOMPARE(countText(), QStringLiteral("2 of 12 samples"));
}

void TestSampleBrowser::manySamples()
{
    // A Fashion-MNIST-sized set: loading, predicting and filtering stay interactive.
    const int n = 60000;
    const QImage thumb = thumbnail(3); // implicitly shared
    std::vector<SampleInfo> samples(static_cast<size_t>(n));
    std::vector<int> pred(static_cast<size_t>(n));
    std::vector<float> conf(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        auto& s = samples[static_cast<size_t>(i)];
        s.name = QString::number(i);
        s.thumbnail = thumb;
        s.label = i % 10;
        pred[static_cast<size_t>(i)] = i % 7 == 0 ? (i + 1) % 10 : i % 10;
        conf[static_cast<size_t>(i)] = static_cast<float>(i % 100) / 100.0f;
    }
    SampleBrowser browser;
    browser.resize(800, 600);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QElapsedTimer timer;
    timer.start();
    browser.setSamples(std::move(samples));
    browser.setPredictions(pred, conf);
    browser.proxy()->setCorrectness(Correctness::Misclassified);
    browser.setCurrentSample(7);
    QCoreApplication::processEvents();
    browser.grab();
    const qint64 ms = timer.elapsed();
    qInfo() << n << "samples: load, predict, filter, paint" << ms << "ms";
    QCOMPARE(browser.visibleCount(), (n + 6) / 7); // multiples of 7
    QCOMPARE(browser.currentSample(), 7);
    browser.selectNext();
    QCOMPARE(browser.currentSample(), 14);
    QVERIFY2(ms < 3000, qPrintable(QStringLiteral("%1 ms").arg(ms)));
}

void TestSampleBrowser::screenshot()
{
    SampleBrowser browser;
    browser.resize(760, 420);
    browser.setSamples(makeSamples());
    browser.setClassNames(kClasses);
    std::vector<int> pred;
    std::vector<float> conf;
    predictions(pred, conf);
    pred[11] = -1; // one sample still without a prediction
    conf[11] = -1;
    browser.setPredictions(pred, conf);
    browser.setTileSize(72);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    browser.setCurrentSample(4);
    QApplication::processEvents();
    const QImage img = browser.grab().toImage();
    QVERIFY(img.save(QStringLiteral("/tmp/widgets2-sample-browser.png")));

    // The badges carry the correctness colours: find the green and red in the grab.
    bool green = false, red = false;
    for (int y = 0; y < img.height(); ++y) {
        for (int x = 0; x < img.width(); ++x) {
            const QRgb c = img.pixel(x, y) & 0xffffff;
            green = green || c == (lantern::widgets::SampleDelegate::correctColor().rgb() & 0xffffff);
            red = red || c == (lantern::widgets::SampleDelegate::wrongColor().rgb() & 0xffffff);
        }
    }
    QVERIFY(green);
    QVERIFY(red);
}

QTEST_MAIN(TestSampleBrowser)
#include "test_sample_browser.moc"

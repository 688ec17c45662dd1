// The export and preferences dialogs: sample lists ("0-5, 9") are parsed and validated, OK follows the
// validity of the path and the rows, suffix and format combo stay in step, the grid spec keeps the on-screen
// method's parameters, and the preferences round-trip the preprocessing options.
#include "export_dialog.h"
#include "preferences_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTest>

using namespace lantern;
using gui::ExportDialog;
using gui::PreferencesDialog;

namespace {

app::FigureSpec baseSpec()
{
    app::FigureSpec s;
    s.modelPath = "/data/model.onnx";
    s.sampleSpec = "/data/t10k-images-idx3-ubyte.gz";
    s.sampleIndices = {4};
    s.classNames = {"T-shirt", "Trouser", "Ankle boot"};
    app::FigureColumn input;
    input.kind = "input";
    app::FigureColumn method;
    method.method.method = "lrp-epsilon";
    method.method.params = {{"epsilon", "0.1"}};
    method.method.target = 2;
    s.columns = {input, method};
    return s;
}

template <typename T> T* child(QWidget* dialog, const char* name)
{
    T* w = dialog->findChild<T*>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

QPushButton* okButton(QDialog* dialog)
{
    return dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

} // namespace

class TestDialogs : public QObject {
    Q_OBJECT

private slots:
    void sampleList_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("count");
        QTest::addColumn<QList<qlonglong>>("expected"); // empty: invalid
        QTest::newRow("ranges") << "0-5, 9" << 10 << QList<qlonglong>{0, 1, 2, 3, 4, 5, 9};
        QTest::newRow("single") << "3" << 4 << QList<qlonglong>{3};
        QTest::newRow("spaces") << " 7 2 ,1" << 8 << QList<qlonglong>{7, 2, 1};
        QTest::newRow("spaced range") << "2 - 4" << 8 << QList<qlonglong>{2, 3, 4};
        QTest::newRow("last") << "9" << 10 << QList<qlonglong>{9};
        QTest::newRow("out of range") << "0-10" << 10 << QList<qlonglong>{};
        QTest::newRow("backwards") << "5-3" << 10 << QList<qlonglong>{};
        QTest::newRow("word") << "all" << 10 << QList<qlonglong>{};
        QTest::newRow("negative") << "-1" << 10 << QList<qlonglong>{};
        QTest::newRow("empty") << " , " << 10 << QList<qlonglong>{};
        QTest::newRow("too many") << "0-999" << 5000 << QList<qlonglong>{};
    }

    void sampleList()
    {
        QFETCH(QString, text);
        QFETCH(int, count);
        QFETCH(QList<qlonglong>, expected);
        QString error;
        const auto parsed = ExportDialog::parseSampleList(text, count, &error);
        if (expected.isEmpty()) {
            QVERIFY(!parsed);
            QVERIFY(!error.isEmpty());
            return;
        }
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(QList<qlonglong>(parsed->begin(), parsed->end()), expected);
    }

    void exportCurrentView()
    {
        ExportDialog d(baseSpec(), 10);
        auto* path = child<QLineEdit>(&d, "path");
        auto* format = child<QComboBox>(&d, "format");
        QVERIFY(!okButton(&d)->isEnabled());
        QTest::keyClicks(path, "/tmp/fig.svg");
        QCOMPARE(format->currentData().toString(), QString("svg"));
        QVERIFY(okButton(&d)->isEnabled());
        QVERIFY(!child<QSpinBox>(&d, "dpi")->isEnabled());
        format->setCurrentIndex(format->findData("pdf"));
        QCOMPARE(path->text(), QString("/tmp/fig.pdf"));
        format->setCurrentIndex(format->findData("png"));
        QCOMPARE(d.outputPath(), QString("/tmp/fig.png"));
        QVERIFY(child<QLabel>(&d, "size")->text().contains("pixels"));
        path->setText("/tmp/noext");
        QCOMPARE(d.outputPath(), QString("/tmp/noext.png"));

        child<QSpinBox>(&d, "dpi")->setValue(150);
        child<QLineEdit>(&d, "title")->setText("My figure");
        const app::FigureSpec s = d.spec();
        QCOMPARE(s.dpi, 150);
        QCOMPARE(s.title, std::string("My figure"));
        QCOMPARE(s.sampleIndices, (std::vector<int64_t>{4}));
        QCOMPARE(s.columns.size(), size_t(2));
        QCOMPARE(s.columns[1].method.params.at("epsilon"), std::string("0.1"));
    }

    void exportGrid()
    {
        ExportDialog d(baseSpec(), 10);
        d.resize(460, 720);
        child<QLineEdit>(&d, "path")->setText("/tmp/grid.png");
        child<QRadioButton>(&d, "grid")->setChecked(true);
        auto* rows = child<QLineEdit>(&d, "rows");
        QCOMPARE(rows->text(), QString("4")); // the current sample
        auto* methods = child<QListWidget>(&d, "methods");
        const auto current = methods->findItems("lrp-epsilon", Qt::MatchExactly);
        QCOMPARE(current.size(), 1);
        QCOMPARE(current.front()->checkState(), Qt::Checked);
        methods->findItems("gradient", Qt::MatchExactly).front()->setCheckState(Qt::Checked);
        rows->setText("0-2, 7");
        QVERIFY(okButton(&d)->isEnabled());
        const QString pixelsBefore = child<QLabel>(&d, "size")->text();

        const app::FigureSpec s = d.spec();
        QCOMPARE(s.sampleIndices, (std::vector<int64_t>{0, 1, 2, 7}));
        QCOMPARE(s.columns.size(), size_t(3));
        QCOMPARE(s.columns[0].kind, std::string("input"));
        // methods in list order; the on-screen one keeps its parameters, the others its target
        QCOMPARE(s.columns[1].method.method, std::string("gradient"));
        QCOMPARE(s.columns[1].method.target, int64_t(2));
        QVERIFY(s.columns[1].method.params.empty());
        QCOMPARE(s.columns[2].method.method, std::string("lrp-epsilon"));
        QCOMPARE(s.columns[2].method.params.at("epsilon"), std::string("0.1"));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.grab().save("/tmp/lantern_export_dialog.png");

        child<QCheckBox>(&d, "includeInput")->setChecked(false);
        QCOMPARE(d.spec().columns.size(), size_t(2));
        QVERIFY(child<QLabel>(&d, "size")->text() != pixelsBefore); // one column less

        rows->setText("0-10");
        QVERIFY(!okButton(&d)->isEnabled());
        QVERIFY(child<QLabel>(&d, "message")->text().contains("9"));
        rows->setText("1");
        QVERIFY(okButton(&d)->isEnabled());
        for (int i = 0; i < methods->count(); ++i)
            methods->item(i)->setCheckState(Qt::Unchecked);
        QVERIFY(!okButton(&d)->isEnabled());
        child<QRadioButton>(&d, "currentView")->setChecked(true);
        QVERIFY(okButton(&d)->isEnabled());
        QCOMPARE(d.spec().columns.size(), size_t(2));
    }

    void numberList()
    {
        QCOMPARE(PreferencesDialog::parseNumberList("0.485, 0.456,0.406"),
                 (std::vector<float>{0.485f, 0.456f, 0.406f}));
        QCOMPARE(PreferencesDialog::parseNumberList(" 0.5 "), (std::vector<float>{0.5f}));
        QCOMPARE(PreferencesDialog::parseNumberList(""), std::vector<float>{});
        QVERIFY(!PreferencesDialog::parseNumberList("0.5, x"));
        QVERIFY(!PreferencesDialog::parseNumberList("nan"));
        QCOMPARE(PreferencesDialog::formatNumberList({0.485f, 0.5f}), QString("0.485, 0.5"));
    }

    void preferencesRoundTrip()
    {
        app::SampleOptions o;
        o.scale = 0.5f;
        o.limit = 12;
        o.mean = {0.485f, 0.456f, 0.406f};
        o.std = {0.229f, 0.224f, 0.225f};
        o.bgr = true;
        o.resize = app::ResizeMode::Fit;
        PreferencesDialog d(o, "de");
        QCOMPARE(d.language(), QString("de"));
        const app::SampleOptions back = d.preprocessing();
        QCOMPARE(back.scale, o.scale);
        QCOMPARE(back.limit, 12);
        QCOMPARE(back.mean, o.mean);
        QCOMPARE(back.std, o.std);
        QVERIFY(back.bgr);
        QCOMPARE(back.resize, app::ResizeMode::Fit);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.grab().save("/tmp/lantern_preferences_dialog.png");

        child<QCheckBox>(&d, "customScale")->setChecked(false);
        QVERIFY(!d.preprocessing().scale);
        auto* mean = child<QLineEdit>(&d, "mean");
        mean->setText("0.5, abc");
        QVERIFY(!okButton(&d)->isEnabled());
        QVERIFY(child<QLabel>(&d, "message")->text().contains("Mean"));
        mean->setText("0.5");
        QVERIFY(okButton(&d)->isEnabled());
        child<QLineEdit>(&d, "std")->setText("0.5, 0");
        QVERIFY(!okButton(&d)->isEnabled());
        child<QLineEdit>(&d, "std")->setText("");
        QVERIFY(okButton(&d)->isEnabled());
        auto* resize = child<QComboBox>(&d, "resize");
        resize->setCurrentIndex(resize->findData(static_cast<int>(app::ResizeMode::Crop)));
        auto* language = child<QComboBox>(&d, "language");
        language->setCurrentIndex(0);
        const app::SampleOptions changed = d.preprocessing();
        QCOMPARE(changed.mean, std::vector<float>{0.5f});
        QVERIFY(changed.std.empty());
        QCOMPARE(changed.resize, app::ResizeMode::Crop);
        QCOMPARE(d.language(), QString());

        PreferencesDialog unknown(app::SampleOptions{}, "fr");
        QCOMPARE(unknown.language(), QString()); // unknown → system default
        QVERIFY(!unknown.preprocessing().scale);
    }
};

QTEST_MAIN(TestDialogs)
#include "test_dialogs.moc"

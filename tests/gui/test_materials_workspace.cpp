// The materials workspace end to end on the bundled demo (needs a real GL context for the crystal view: runs under
// xvfb-run, see tests/CMakeLists.txt): structures and model load, the chain's results match the engine's, the
// sliders regenerate structure, fingerprint, prediction and maps without stalling the window, the ai4materials
// figure exports, bad files give errors naming them; the crystal view's golden images and its camera.
#include "golden.h"

#include "main_window.h"
#include "workspaces/materials/defect_panel.h"
#include "workspaces/materials/materials_workspace.h"
#include "workspaces/materials/response_gallery.h"

#include "lantern/materials/fingerprint.h"
#include "lantern/materials/prototypes.h"
#include "lantern/materials/readers.h"
#include "lantern/widgets/crystal_view.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QImage>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace lantern;

namespace {
const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);
const QString kBaselines = QStringLiteral(LANTERN_BASELINE_DIR);

/// Darkness of the image: the share of pixels that are not the (light) background.
double coverage(const QImage& img)
{
    int64_t dark = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            dark += qGray(img.pixel(x, y)) < 200;
    return double(dark) / double(img.width() * img.height());
}
} // namespace

class TestMaterialsWorkspace : public QObject {
    Q_OBJECT

private slots:
    void demoChain()
    {
        gui::MainWindow window;
        window.setQuietErrors(true);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openDemo(QStringLiteral("materials"));
        QVERIFY(window.materialsShown());
        gui::MaterialsWorkspace* m = window.materialsWorkspace();
        QTRY_COMPARE_WITH_TIMEOUT(m->structureCount(), 4, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m->hasModel() && m->analysis() && !m->pending(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(m->analysis()->predicted >= 0 && !m->pending(), 30000);
        QCOMPARE(m->classNames(), (QStringList{"bct139", "bct141", "hex/rh", "sc", "fcc", "diam", "bcc"}));
        // the four structures are the classes the demo's CNN was trained on
        const QStringList expected{"fcc", "bcc", "diam", "hex/rh"};
        for (int i = 0; i < 4; ++i) {
            m->setCurrentStructure(i);
            QTRY_VERIFY_WITH_TIMEOUT(!m->pending() && m->analysis()->structure.size() > 90, 30000);
            QCOMPARE(m->classNames()[m->analysis()->predicted], expected[i]);
        }
        // what the workspace shows is the engine's chain: the 108-atom aluminium block and its fingerprint
        m->setCurrentStructure(0);
        QTRY_VERIFY_WITH_TIMEOUT(!m->pending() && m->analysis()->structure.numbers.front() == 13, 30000);
        const materials::Structure al = materials::fingerprintCluster(materials::readStructure((kDemo + "/materials/Al_fcc.xyz").toStdString()));
        QCOMPARE(m->analysis()->structure.size(), al.size());
        const Tensor fp = materials::diffractionFingerprint(al);
        QCOMPARE(maxAbsDiff(fp, m->analysis()->fingerprint), 0.f);
        // the chain back-projects the layer on show (the last conv layer first); choosing another re-runs it
        QCOMPARE(m->layerChoice()->count(), 6);
        QCOMPARE(int(m->analysis()->layers.size()), 1);
        QCOMPARE(m->analysis()->layers[0].layer, std::string("conv6"));
        m->layerChoice()->setCurrentText(QStringLiteral("conv2"));
        QTRY_VERIFY_WITH_TIMEOUT(!m->pending() && m->analysis()->layers[0].layer == "conv2", 30000);
        QCOMPARE(int(m->analysis()->layers[0].maps.size()), 4);
        QCOMPARE(m->crystalView()->structure().size(), al.size());

        // sliders: 25 % vacancies and 0.04 Å displacements; the CNN still says fcc, spglib does not
        QSlider* vacancies = m->defectPanel()->vacancySlider();
        QElapsedTimer timer;
        qint64 worst = 0;
        for (int v = 0; v <= 50; v += 2) { // a drag: many values in a row, each answered at once
            timer.start();
            vacancies->setValue(v);
            QCoreApplication::processEvents();
            worst = std::max(worst, timer.elapsed());
        }
        QVERIFY2(worst < 100, qPrintable(QString("the window stalled %1 ms on a slider step").arg(worst)));
        m->defectPanel()->displacementSlider()->setValue(20);
        QTRY_VERIFY_WITH_TIMEOUT(!m->pending(), 30000);
        const auto a = m->analysis();
        QCOMPARE(int(a->structure.size()), 108 - int(108 * 0.25));
        QCOMPARE(m->crystalView()->structure().size(), a->structure.size());
        QCOMPARE(m->classNames()[a->predicted], QStringLiteral("fcc"));
        QVERIFY(!a->spaceGroup || a->spaceGroup->number != 225);

        // the ai4materials figure
        QTemporaryDir dir;
        for (const char* ext : {"png", "svg", "pdf"})
            QVERIFY(m->exportFigure(dir.filePath(QStringLiteral("arm.%1").arg(ext))));
        const QImage figure(dir.filePath("arm.png"));
        QVERIFY(figure.width() > 4 * figure.height()); // input, 6 layers x 4 maps, the sum

        // a broken file: an error naming it, the workspace keeps its structures
        const QString bad = dir.filePath("broken.cif");
        std::ofstream(bad.toStdString()) << "data_x\n_cell_length_a 4\n";
        window.openPaths({bad});
        QTRY_VERIFY_WITH_TIMEOUT(window.lastError().contains("broken.cif"), 20000);
        QCOMPARE(m->structureCount(), 4);
        // a structure by drag and drop (openPaths) and a prototype from the list
        window.openPaths({kDemo + "/materials/Mg_hcp.xyz"});
        QTRY_COMPARE_WITH_TIMEOUT(m->structureCount(), 5, 20000);
        QCOMPARE(m->currentStructure(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(!m->pending() && m->analysis()->structure.numbers.front() == 12, 30000);
        QImage shot = window.grab().toImage();
        QVERIFY(!shot.isNull());
    }

    void crystalViewGolden_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("repeat");
        QTest::newRow("fcc-Al") << "fcc:Al" << 2;
        QTest::newRow("hcp-Mg") << "hcp:Mg" << 2;
    }
    void crystalViewGolden()
    {
        QFETCH(QString, spec);
        QFETCH(int, repeat);
        widgets::CrystalView view;
        view.resize(420, 360);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const materials::Structure s = materials::supercell(materials::prototypeFromSpec(spec.toStdString()), {repeat, repeat, repeat});
        view.setStructure(s, true);
        QCOMPARE(view.azimuth(), 30.0);
        QImage img = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        // the atoms fill a real part of the view, and zooming in fills more
        const double before = coverage(img);
        QVERIFY2(before > 0.04 && before < 0.8, qPrintable(QString::number(before)));
        view.setCamera(30, 20, 2.0);
        QVERIFY(coverage(view.grabFramebuffer().convertToFormat(QImage::Format_RGB32)) > before * 1.5);
        view.resetView();
        QCOMPARE(view.zoom(), 1.0);
        test::checkGolden(QStringLiteral("crystal-") + QString(QTest::currentDataTag()), view.grabFramebuffer().convertToFormat(QImage::Format_RGB32),
                          kBaselines);
    }
};

QTEST_MAIN(TestMaterialsWorkspace)
#include "test_materials_workspace.moc"

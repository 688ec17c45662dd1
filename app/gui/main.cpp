// lantern: the desktop explorer. Parses the command line, installs the translation chosen in the preferences and
// opens the main window (optionally on the bundled demo, a session, or model and sample files).
#include "demos.h"
#include "geo_overlay_page.h"
#include "main_window.h"
#include "workspaces/attention/attention_workspace.h"
#include "workspaces/materials/materials_workspace.h"
#include "workspaces/snapshots/snapshots_workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>

#include <memory>
#include <QTranslator>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Lantern"));
    QApplication::setApplicationName(QStringLiteral("Lantern"));
    QApplication::setApplicationVersion(QStringLiteral(LANTERN_VERSION_STRING));

    const QString language = QSettings().value(QStringLiteral("language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    QTranslator qtTranslator, appTranslator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (appTranslator.load(locale, QStringLiteral("lantern"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&appTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Lantern: see why a neural network decided"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"),
                            QApplication::translate("main", "Open the bundled demo model and samples"));
    QCommandLineOption weights(QStringLiteral("weights"),
                               QApplication::translate("main", "HDF5 weights for a Keras 1 JSON architecture"),
                               QStringLiteral("file"));
    QCommandLineOption present(QStringLiteral("present"),
                               QApplication::translate("main", "Start in presentation mode"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a PNG of the window once the first map is shown, then quit"),
        QStringLiteral("file"));
    QCommandLineOption view(QStringLiteral("view"),
                            QApplication::translate("main", "Start in a view: overlay, summary, dominant or clear"),
                            QStringLiteral("name"));
    QCommandLineOption method(QStringLiteral("method"), QApplication::translate("main", "Start with this method"),
                              QStringLiteral("name"));
    QCommandLineOption sample(QStringLiteral("sample"), QApplication::translate("main", "Start at this sample index"),
                              QStringLiteral("index"));
    QCommandLineOption globe(QStringLiteral("globe"),
                             QApplication::translate("main", "Gridded samples: start on the 3-D globe instead of the map"));
    QCommandLineOption demoId(QStringLiteral("open-demo"),
                              QApplication::translate("main", "Open a bundled demo by name (fmnist, enso)"),
                              QStringLiteral("name"));
    QCommandLineOption frame(QStringLiteral("frame"),
                             QApplication::translate("main", "Snapshot files: show this frame (default: the last)"),
                             QStringLiteral("index"));
    parser.addOptions({demo, demoId, weights, present, screenshot, view, method, sample, globe, frame});
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QApplication::translate("main", "A session (.lantern), a model, then samples"));
    parser.process(app);

    lantern::gui::MainWindow window;
    window.show();
    QStringList files = parser.positionalArguments();
    if (parser.isSet(demo) || parser.isSet(demoId)) {
        const QString wanted = parser.isSet(demoId) ? parser.value(demoId) : QStringLiteral("fmnist");
        for (const lantern::gui::Demo& d : lantern::gui::demos())
            if (d.id == wanted)
                files = d.files;
        if (files.isEmpty()) {
            qCritical("%s", qPrintable(QApplication::translate("main", "no bundled demo named '%1'").arg(wanted)));
            return 2;
        }
    }
    if (parser.isSet(globe))
        QObject::connect(
            &window, &lantern::gui::MainWindow::predictionsReady, &window,
            [&window] {
                if (window.view()->showsMap())
                    window.view()->geoPage()->setGlobe(true);
            },
            Qt::SingleShotConnection);
    if (!files.isEmpty()) {
        if (parser.isSet(weights))
            window.openModel(files.takeFirst(), parser.value(weights));
        window.openPaths(files);
    }
    if (parser.isSet(present))
        QTimer::singleShot(0, &window, [&window] { window.setPresentationMode(true); });
    if (parser.isSet(view) || parser.isSet(method) || parser.isSet(sample)) {
        QObject::connect(
            &window, &lantern::gui::MainWindow::predictionsReady, &window,
            [&] {
                if (parser.isSet(sample))
                    window.setCurrentSample(parser.value(sample).toLongLong());
                if (parser.isSet(method)) {
                    lantern::app::MethodChoice c;
                    c.method = parser.value(method).toStdString();
                    window.applyMethodChoice(c);
                }
                if (parser.isSet(view))
                    window.view()->setMode(lantern::gui::ExplanationView::modeFromName(parser.value(view)));
            },
            Qt::SingleShotConnection);
    }
    if (window.materialsShown()) { // structure files: the materials workspace
        lantern::gui::MaterialsWorkspace* materials = window.materialsWorkspace();
        const int row = parser.isSet(sample) ? parser.value(sample).toInt() : 0;
        QObject::connect(materials, &lantern::gui::MaterialsWorkspace::structuresLoaded, materials,
                         [materials, row] { materials->setCurrentStructure(row); });
        if (parser.isSet(screenshot)) {
            const QString file = parser.value(screenshot);
            auto taken = std::make_shared<bool>(false);
            QObject::connect(materials, &lantern::gui::MaterialsWorkspace::analysisShown, &window, [&window, materials, file, row, taken] {
                if (*taken || materials->currentStructure() != row || !materials->hasModel() || materials->pending())
                    return;
                *taken = true;
                QTimer::singleShot(800, &window, [&window, file] {
                    window.grab().save(file);
                    QApplication::quit();
                });
            });
        }
    } else if (window.snapshotsShown()) { // a snapshot file: the scrubber
        lantern::gui::SnapshotsWorkspace* scrubber = window.snapshotsWorkspace();
        const int probe = parser.isSet(sample) ? parser.value(sample).toInt() : 0;
        const int wantedFrame = parser.isSet(frame) ? parser.value(frame).toInt() : -1;
        const QString series = parser.isSet(method) ? parser.value(method) : QString(); // e.g. "conv1"
        QObject::connect(scrubber, &lantern::gui::SnapshotsWorkspace::storeOpened, scrubber, [scrubber, probe, series] {
            for (int i = 0; !series.isEmpty() && i < scrubber->seriesChoice()->count(); ++i)
                if (scrubber->seriesChoice()->itemData(i).toString().contains(series)) {
                    scrubber->setMapSeries(i);
                    break;
                }
            scrubber->setProbe(probe);
        });
        auto taken = std::make_shared<bool>(false);
        const QString file = parser.isSet(screenshot) ? parser.value(screenshot) : QString();
        QObject::connect(scrubber, &lantern::gui::SnapshotsWorkspace::frameShown, &window,
                         [&window, scrubber, probe, wantedFrame, file, taken](int shown) {
                             if (*taken || scrubber->probe() != probe || scrubber->pending())
                                 return;
                             if (wantedFrame >= 0 && shown != wantedFrame) {
                                 scrubber->setFrame(wantedFrame);
                                 return;
                             }
                             *taken = true;
                             if (!file.isEmpty())
                                 QTimer::singleShot(500, &window, [&window, file] {
                                     window.grab().save(file);
                                     QApplication::quit();
                                 });
                         });
    } else if (parser.isSet(screenshot) && window.attentionShown()) { // a CrabNet store
        const QString file = parser.value(screenshot);
        QObject::connect(window.attentionWorkspace(), &lantern::gui::AttentionWorkspace::storeOpened, &window,
                         [&window, file] {
                             QTimer::singleShot(1500, &window, [&window, file] {
                                 window.grab().save(file);
                                 QApplication::quit();
                             });
                         });
    } else if (parser.isSet(screenshot) && files.isEmpty()) { // the start page
        const QString file = parser.value(screenshot);
        QTimer::singleShot(500, &window, [&window, file] {
            window.grab().save(file);
            QApplication::quit();
        });
    } else if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        const auto wanted = parser.isSet(view) ? lantern::gui::ExplanationView::modeFromName(parser.value(view))
                                               : lantern::gui::ExplanationView::Mode::Overlay;
        QObject::connect(&window, &lantern::gui::MainWindow::explanationShown, &window,
                         [&window, file, wanted](lantern::gui::ExplanationView::Mode mode) {
                             if (mode != wanted)
                                 return;
                             QTimer::singleShot(300, &window, [&window, file] {
                                 window.grab().save(file);
                                 QApplication::quit();
                             });
                         });
        QObject::connect(&window, &lantern::gui::MainWindow::errorShown, &window, [](const QString& message) {
            qCritical("%s", qPrintable(message));
            QApplication::exit(1);
        });
    }
    return QApplication::exec();
}

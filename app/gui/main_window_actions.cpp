// Menus and actions of the main window.
#include "main_window.h"

#include "explanation_panel.h"
#include "presentation_mode.h"
#include "start_page.h"
#include "workspace.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>

namespace lantern::gui {

namespace {

template <typename F> QAction* addMenuAction(QMenu* menu, const QString& text, F&& slot, const QKeySequence& key = {})
{
    QAction* a = menu->addAction(text);
    a->setShortcut(key);
    QObject::connect(a, &QAction::triggered, menu, std::forward<F>(slot));
    return a;
}

} // namespace

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openModel = addMenuAction(file, tr("Open &Model…"), [this] { chooseModel(); });
    openModel->setShortcut(QKeySequence::Open);
    addMenuAction(
        file, tr("Open &Samples…"), [this] { chooseSamples(); }, QKeySequence(tr("Ctrl+Shift+O")));
    addMenuAction(file, tr("Open Sample &Folder…"), [this] { chooseSampleFolder(); });
    addMenuAction(file, tr("Open S&tructure…"), [this] { chooseStructures(); })
        ->setToolTip(tr("Crystal structures (CIF, POSCAR, XYZ, pymatgen JSON, Open Babel formats) in the materials workspace"));
    addMenuAction(file, tr("Open Snaps&hots…"), [this] { chooseSnapshots(); })
        ->setToolTip(tr("A file recorded while training (lantern-cli train --snapshots, or the Train dialog)"));
    addMenuAction(file, tr("Open &Attention Recording…"), [this] { chooseAttention(); })
        ->setToolTip(tr("CrabNet's Zarr attention store (.zip; drop a directory store on the window)"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    addMenuAction(file, tr("Open Sessio&n…"), [this] { chooseSession(); });
    const auto sessionTarget = [this] {
        return m_sessionPath.isEmpty()
                   ? dialogDirectory(QStringLiteral("session"), modelDirectory()) + QStringLiteral("/session.lantern")
                   : m_sessionPath;
    };
    addMenuAction(
        file, tr("Save Session"),
        [this, sessionTarget] {
            QString path = m_sessionPath;
            if (path.isEmpty())
                path = QFileDialog::getSaveFileName(this, tr("Save session"), sessionTarget(),
                                                    tr("Lantern sessions (*.lantern)"));
            if (!path.isEmpty())
                saveSession(path);
        },
        QKeySequence::Save);
    addMenuAction(
        file, tr("Save Session &As…"),
        [this, sessionTarget] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Save session"), sessionTarget(),
                                                              tr("Lantern sessions (*.lantern)"));
            if (!path.isEmpty())
                saveSession(path);
        },
        QKeySequence::SaveAs);
    file->addSeparator();
    addMenuAction(
        file, tr("&Export Figure…"), [this] { exportFigure(); }, QKeySequence(tr("Ctrl+E")));
    addMenuAction(
        file, tr("&Copy View"), [this] { copyImage(); }, QKeySequence::Copy);
    file->addSeparator();
    addMenuAction(
        file, tr("&Preferences…"), [this] { showPreferences(); }, QKeySequence::Preferences);
    file->addSeparator();
    addMenuAction(
        file, tr("&Quit"), [this] { close(); }, QKeySequence::Quit);

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    addMenuAction(
        training, tr("&Train Model…"), [this] { showTrainDialog(); }, QKeySequence(tr("Ctrl+T")));
    addMenuAction(training, tr("Export &Video…"), [this] { exportSnapshotVideo(); })
        ->setToolTip(tr("MP4 or GIF of the snapshot scrubber's probe or the attention workspace's sample over training"));

    QMenu* nav = menuBar()->addMenu(tr("&Navigate"));
    addMenuAction(
        nav, tr("Next Sample"), [this] { stepSample(1); }, QKeySequence(tr("Alt+Right")));
    addMenuAction(
        nav, tr("Previous Sample"), [this] { stepSample(-1); }, QKeySequence(tr("Alt+Left")));
    addMenuAction(
        nav, tr("Next Layer"), [this] { stepLayer(1); }, QKeySequence(tr("Alt+Down")));
    addMenuAction(
        nav, tr("Previous Layer"), [this] { stepLayer(-1); }, QKeySequence(tr("Alt+Up")));
    addMenuAction(
        nav, tr("Next Method"), [this] { stepMethod(1); }, QKeySequence(tr("Ctrl+]")));
    addMenuAction(
        nav, tr("Previous Method"), [this] { stepMethod(-1); }, QKeySequence(tr("Ctrl+[")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QStringList modes = {tr("Overlay"), tr("Summary"), tr("Dominant Filter"), tr("CLEAR Classes"), tr("Filter")};
    for (int i = 0; i < modes.size(); ++i)
        addMenuAction(
            view, modes[i], [this, i] { m_view->setMode(static_cast<ExplanationView::Mode>(i)); },
            QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
    view->addSeparator();
    for (QDockWidget* d : m_docks)
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QAction* present = view->addAction(tr("&Presentation Mode"));
    present->setCheckable(true);
    present->setShortcut(QKeySequence(tr("F5")));
    present->setToolTip(tr("Full screen, large fonts, keyboard stepping (Esc leaves)"));
    connect(present, &QAction::toggled, this, &MainWindow::setPresentationMode);
    connect(m_presentation, &PresentationMode::enabledChanged, present, &QAction::setChecked);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    addMenuAction(help, tr("&Demos…"), [this] { showDemos(); });
    addMenuAction(
        help, tr("&Keyboard Shortcuts"), [this] { m_presentation->showHelp(); }, QKeySequence::HelpContents);
    addMenuAction(help, tr("&About Lantern"), [this] { showAbout(); });
}

void MainWindow::chooseModel()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open model"), dialogDirectory(QStringLiteral("model")),
        tr("Models (*.onnx *.h5 *.hdf5 *.keras *.json);;ONNX (*.onnx);;Keras (*.h5 *.hdf5 *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(QStringLiteral("model"), path);
    QString weights;
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) // the weights usually lie beside the JSON
        weights = QFileDialog::getOpenFileName(this, tr("Weights for %1").arg(QFileInfo(path).fileName()),
                                               QFileInfo(path).absolutePath(),
                                               tr("HDF5 weights (*.h5 *.hdf5);;All files (*)"));
    openModel(path, weights);
}

void MainWindow::chooseSamples()
{
    if (!m_workspace->hasModel()) {
        showError(tr("Open samples"), tr("Open a model first: samples are fitted to the model's input."));
        return;
    }
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open samples"), dialogDirectory(QStringLiteral("samples"), modelDirectory()),
        tr("Samples (*.png *.jpg *.jpeg *.bmp *.npy *.npz *.h5 *.hdf5 *-ubyte *-ubyte.gz *.idx);;All files (*)"));
    if (paths.isEmpty())
        return;
    rememberDirectory(QStringLiteral("samples"), paths.front());
    openSamples(paths);
}

void MainWindow::chooseSampleFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of images"),
                                                          dialogDirectory(QStringLiteral("samples"), modelDirectory()));
    if (dir.isEmpty())
        return;
    rememberDirectory(QStringLiteral("samples"), dir + QStringLiteral("/."));
    openSamples({dir});
}

void MainWindow::chooseSession()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open session"), dialogDirectory(QStringLiteral("session")), tr("Lantern sessions (*.lantern)"));
    if (!path.isEmpty())
        openSession(path);
}

QString MainWindow::dialogDirectory(const QString& kind, const QString& fallback)
{
    const QString dir = QSettings().value(QStringLiteral("dialogs/") + kind).toString();
    if (!dir.isEmpty() && QFileInfo(dir).isDir())
        return dir;
    if (!fallback.isEmpty() && QFileInfo(fallback).isDir())
        return fallback;
    return QDir::currentPath();
}

void MainWindow::rememberDirectory(const QString& kind, const QString& file)
{
    QSettings().setValue(QStringLiteral("dialogs/") + kind, QFileInfo(file).absolutePath());
}

QString MainWindow::modelDirectory() const
{
    return m_workspace->hasModel() ? QFileInfo(m_workspace->modelInfo().path).absolutePath() : QString();
}

void MainWindow::addRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent)
        addMenuAction(m_recentMenu, QFileInfo(path).fileName(), [this, path] { openPaths({path}); })->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
    if (m_start)
        m_start->setRecentFiles(recent);
}

} // namespace lantern::gui

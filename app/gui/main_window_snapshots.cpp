// The main window's side of the snapshot scrubber: creating it on first use, showing it instead of the explorer, and
// routing snapshot files (HDF5 written by a recorder; other .h5 files stay Keras models or sample arrays) to it.
#include "main_window.h"

#include "common/attention_frames.h"
#include "dialogs/video_export_dialog.h"
#include "task_runner.h"
#include "workspaces/attention/attention_data.h"
#include "workspaces/attention/attention_workspace.h"
#include "workspaces/snapshots/snapshots_workspace.h"

#include "lantern/snapshots/store.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QStackedWidget>

namespace lantern::gui {

namespace {

bool isHdf5Path(const QString& path)
{
    const QString s = QFileInfo(path).suffix().toLower();
    return s == QLatin1String("h5") || s == QLatin1String("hdf5") || s == QLatin1String("he5");
}

} // namespace

SnapshotsWorkspace* MainWindow::snapshotsWorkspace()
{
    if (!m_snapshots) {
        m_snapshots = new SnapshotsWorkspace(m_runner, m_stack);
        m_stack->addWidget(m_snapshots);
        connect(m_snapshots, &SnapshotsWorkspace::errorOccurred, this, &MainWindow::showError);
        connect(m_snapshots, &SnapshotsWorkspace::statusMessage, this,
                [this](const QString& m) { m_statusLabel->setText(m); });
        connect(m_snapshots, &SnapshotsWorkspace::storeOpened, this, [this] {
            setWindowTitle(tr("%1 — Snapshots — Lantern").arg(QFileInfo(m_snapshots->path()).fileName()));
        });
        connect(m_snapshots, &SnapshotsWorkspace::exportVideoRequested, this, &MainWindow::exportSnapshotVideo);
    }
    return m_snapshots;
}

void MainWindow::showSnapshots()
{
    showPage(snapshotsWorkspace());
}

bool MainWindow::snapshotsShown() const
{
    return m_snapshots && m_stack->currentWidget() == m_snapshots;
}

void MainWindow::openSnapshots(const QString& path)
{
    showSnapshots();
    m_snapshots->openStore(path);
    if (QFileInfo::exists(path))
        addRecent(path);
}

bool MainWindow::openSnapshotPaths(const QStringList& paths)
{
    for (const QString& p : paths)
        if (isHdf5Path(p) && snapshots::SnapshotStore::isSnapshotFile(p.toStdString())) {
            openSnapshots(p);
            return true;
        }
    for (const QString& p : paths)
        if (AttentionWorkspace::isCrabNetStore(p)) {
            QString csv;
            for (const QString& other : paths)
                if (other.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
                    csv = other;
            openAttention(p, csv);
            return true;
        }
    return false;
}

AttentionWorkspace* MainWindow::attentionWorkspace()
{
    if (!m_attention) {
        m_attention = new AttentionWorkspace(m_runner, m_stack);
        m_stack->addWidget(m_attention);
        connect(m_attention, &AttentionWorkspace::errorOccurred, this, &MainWindow::showError);
        connect(m_attention, &AttentionWorkspace::statusMessage, this,
                [this](const QString& m) { m_statusLabel->setText(m); });
        connect(m_attention, &AttentionWorkspace::storeOpened, this, [this] {
            setWindowTitle(tr("%1 — Attention — Lantern").arg(QFileInfo(m_attention->storePath()).fileName()));
        });
    }
    return m_attention;
}

void MainWindow::showAttention()
{
    showPage(attentionWorkspace());
}

bool MainWindow::attentionShown() const
{
    return m_attention && m_stack->currentWidget() == m_attention;
}

void MainWindow::openAttention(const QString& store, const QString& csv)
{
    showAttention();
    m_attention->openStore(store, csv);
    if (QFileInfo::exists(store))
        addRecent(store);
}

void MainWindow::chooseAttention()
{
    // a zip store is a file, a directory store a folder: the file dialog takes the zip, "Open Folder" the other
    const QString path = QFileDialog::getOpenFileName(this, tr("Open CrabNet Attention Recording"),
                                                      dialogDirectory(QStringLiteral("attention")),
                                                      tr("CrabNet attention stores (*.zip);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(QStringLiteral("attention"), path);
    openAttention(path);
}

void MainWindow::chooseSnapshots()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Snapshots"),
                                                      dialogDirectory(QStringLiteral("snapshots")),
                                                      tr("Snapshot files (*.h5 *.hdf5);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(QStringLiteral("snapshots"), path);
    openSnapshots(path);
}

void MainWindow::exportSnapshotVideo()
{
    if (attentionShown()) {
        exportAttentionVideo();
        return;
    }
    if (!m_snapshots || !m_snapshots->store() || !m_snapshots->history()) {
        showError(tr("Export Snapshot Video"), tr("Open a snapshot file first (File ▸ Open Snapshots…)."));
        return;
    }
    auto store = m_snapshots->store();
    QStringList names, labels;
    for (const snapshots::SeriesSpec& s : store->series())
        if (s.kind == "map") {
            names << QString::fromStdString(s.name);
            labels << QString::fromStdString(s.label);
        }
    const QString current = m_snapshots->seriesChoice()->currentData().toString();
    const QString suggested = QFileInfo(m_snapshots->path()).absolutePath() + QLatin1Char('/') +
                              QFileInfo(m_snapshots->path()).completeBaseName() +
                              QStringLiteral("-probe%1.mp4").arg(m_snapshots->probe());
    VideoExportDialog dialog(names, labels, current, int(store->frames()), suggested, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    app::SnapshotVideoOptions options = dialog.options();
    options.probe = m_snapshots->probe();
    const QString out = QString::fromStdString(options.out);
    m_runner->run(QStringLiteral("snapshot-video"), tr("Writing %1").arg(QFileInfo(out).fileName()),
                  [store, options, out, this](const TaskContext& ctx) {
                      const app::SnapshotVideoResult r =
                          app::writeSnapshotVideo(*store, options, [&ctx](int done, int total) {
                              if (ctx.progress)
                                  ctx.progress(double(done) / total);
                              return !(ctx.cancel && ctx.cancel->load());
                          });
                      return [this, r, out] {
                          m_statusLabel->setText(tr("%1: %2 frames, %3 × %4 (%5)")
                                                     .arg(QFileInfo(out).fileName())
                                                     .arg(r.frames)
                                                     .arg(r.width)
                                                     .arg(r.height)
                                                     .arg(QString::fromStdString(r.encoder)));
                      };
                  });
}

void MainWindow::exportAttentionVideo()
{
    const auto opened = m_attention ? m_attention->openedStore() : nullptr;
    if (!opened || m_attention->currentSample() < 0) {
        showError(tr("Export Video"), tr("Open a CrabNet attention store first (File ▸ Open Attention Recording…)."));
        return;
    }
    QStringList names, labels;
    for (const attention::LayerRecording& l : opened->layers) {
        names << QString::number(l.layer);
        labels << tr("Layer %1").arg(l.layer);
    }
    const int sample = m_attention->currentSample();
    const QString suggested = QFileInfo(opened->store).absolutePath() + QStringLiteral("/attention-sample%1.gif").arg(sample);
    VideoExportDialog dialog(names, labels, QString::number(m_attention->currentLayer()), int(opened->epochs()),
                             suggested, this);
    dialog.setPanelsChoosable(false);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const app::SnapshotVideoOptions chosen = dialog.options();
    app::AttentionVideoOptions options;
    options.out = chosen.out;
    options.fps = chosen.fps;
    options.size = chosen.size;
    options.sample = sample;
    options.first = chosen.first;
    options.last = chosen.last;
    const int index = opened->indexOfLayer(QString::fromStdString(chosen.series).toInt());
    if (index < 0)
        return;
    const snapshots::CrabNetRecording recording = opened->layers[size_t(index)].recording;
    const QString out = QString::fromStdString(options.out);
    m_runner->run(QStringLiteral("snapshot-video"), tr("Writing %1").arg(QFileInfo(out).fileName()),
                  [recording, options, out, this](const TaskContext& ctx) {
                      app::writeAttentionVideo(recording, options, [&ctx](int done, int total) {
                          if (ctx.progress)
                              ctx.progress(double(done) / total);
                          return !(ctx.cancel && ctx.cancel->load());
                      });
                      return [this, out] { m_statusLabel->setText(tr("Written: %1").arg(QFileInfo(out).fileName())); };
                  });
}

} // namespace lantern::gui

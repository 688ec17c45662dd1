// Opening models, samples and sessions; drag and drop; saving sessions; figure export and preferences.
#include "main_window.h"
#include "geo_overlay_page.h"

#include "explanation_panel.h"
#include "export_dialog.h"
#include "model_panel.h"
#include "preferences_dialog.h"
#include "task_runner.h"
#include "workspace.h"

#include "common/figure_job.h"

#include "lantern/error.h"
#include "lantern/io/hdf5.h"
#include "lantern/render/scalar_map.h"

#include "lantern/widgets/sample_browser.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTranslator>

namespace lantern::gui {

namespace {

bool looksLikeModel(const QString& path)
{
    const QString s = QFileInfo(path).suffix().toLower();
    return s == QLatin1String("onnx") || s == QLatin1String("json") || s == QLatin1String("keras") ||
           path.startsWith(QLatin1String("preset:"));
}

bool isKerasModelFile(const QString& path)
{
    const QString s = QFileInfo(path).suffix().toLower();
    if (s != QLatin1String("h5") && s != QLatin1String("hdf5"))
        return false;
    // A Keras model file stores its architecture as the root attribute "model_config"; a sample file does not.
    try {
        return io::readHdf5Attribute(path.toStdString(), "/", "model_config").has_value();
    } catch (const Error&) {
        return false;
    }
}

} // namespace

void MainWindow::openModel(const QString& path, const QString& weights)
{
    const std::string p = path.toStdString(), w = weights.toStdString();
    m_runner->cancelAll();
    m_runner->run(QStringLiteral("load"), tr("Loading %1").arg(QFileInfo(path).fileName()),
                  [this, p, w, path](const TaskContext&) -> TaskRunner::Apply {
                      auto [model, info] = loadModelWithInfo(p, w);
                      return [this, model = std::move(model), info = std::move(info), path]() mutable {
                          const std::vector<std::string> specs = m_workspace->samples().specs;
                          m_workspace->setModel(std::move(model), std::move(info));
                          if (!path.startsWith(QLatin1String("preset:")))
                              addRecent(path);
                          if (!specs.empty()) {
                              // the loaded samples were fitted to the previous model: drop them, load them again
                              m_workspace->setSamples(SampleSet{});
                              QStringList list;
                              for (const auto& s : specs)
                                  list << QString::fromStdString(s);
                              openSamples(list);
                          }
                      };
                  });
}

void MainWindow::openSamples(const QStringList& specs, const QString& labels)
{
    if (!m_workspace->hasModel()) {
        showError(tr("Open samples"), tr("Open a model first: samples are fitted to the model's input."));
        return;
    }
    std::vector<std::string> list;
    for (const QString& s : specs)
        list.push_back(s.toStdString());
    const ModelInfo info = m_workspace->modelInfo();
    const app::SampleOptions options = m_workspace->preprocessing();
    const std::string labelSpec = labels.toStdString();
    m_runner->run(QStringLiteral("samples"), tr("Loading samples"),
                  [this, list, info, options, labelSpec, specs](const TaskContext&) -> TaskRunner::Apply {
                      SampleSet set = loadSampleSet(list, labelSpec, info, options);
                      return [this, set = std::move(set), specs]() mutable {
                          m_workspace->setSamples(std::move(set));
                          for (const QString& s : specs)
                              if (QFileInfo::exists(s))
                                  addRecent(s);
                      };
                  });
}

void MainWindow::openPaths(const QStringList& paths)
{
    if (openMaterialsPaths(paths) || openSnapshotPaths(paths))
        return;
    QStringList samples;
    for (const QString& p : paths) {
        if (p.endsWith(QLatin1String(".lantern"), Qt::CaseInsensitive)) {
            openSession(p);
            return;
        }
        if (looksLikeModel(p) || isKerasModelFile(p))
            openModel(p);
        else
            samples << p;
    }
    if (!samples.isEmpty()) {
        // samples need the model: queue them behind a model load started above (same engine thread, in order)
        if (m_workspace->hasModel() || !m_runner->isBusy())
            openSamples(samples);
        else
            connect(
                this, &MainWindow::modelLoaded, this, [this, samples] { openSamples(samples); },
                Qt::SingleShotConnection);
    }
}

app::Session MainWindow::session() const
{
    app::Session s;
    const ModelInfo& info = m_workspace->modelInfo();
    s.modelPath = info.path.toStdString();
    s.weightsPath = info.weightsPath.toStdString();
    s.preprocessing = m_workspace->preprocessing();
    s.sampleSpecs = m_workspace->samples().specs;
    for (const QString& c : m_workspace->classNameOverride())
        s.classNames.push_back(c.toStdString());
    s.currentSample = static_cast<int>(std::max<int64_t>(0, m_sample));
    s.currentLayer = m_modelPanel->currentLayer().toStdString();
    s.method = m_panel->choice();
    s.style = m_panel->style();
    s.topN = m_modelPanel->topN();
    s.responseStyle = m_view->responseStyle().toStdString();
    s.view = ExplanationView::modeName(m_view->mode()).toStdString();
    return s;
}

bool MainWindow::saveSession(const QString& path)
{
    try {
        app::saveSession(session(), path);
    } catch (const std::exception& e) {
        showError(tr("Save session"), QString::fromUtf8(e.what()));
        return false;
    }
    m_sessionPath = path;
    m_baseline = session();
    rememberDirectory(QStringLiteral("session"), path);
    addRecent(path);
    updateTitle();
    statusBar()->showMessage(tr("Session saved to %1").arg(path), 4000);
    return true;
}

void MainWindow::openSession(const QString& path)
{
    if (!maybeSave())
        return;
    app::Session s;
    try {
        s = app::loadSession(path);
    } catch (const std::exception& e) {
        showError(tr("Open session"), QString::fromUtf8(e.what()));
        return;
    }
    m_sessionPath = path;
    m_pending = s;
    m_restoring = true;
    rememberDirectory(QStringLiteral("session"), path);
    m_workspace->setPreprocessing(s.preprocessing);
    QStringList names;
    for (const auto& c : s.classNames)
        names << QString::fromStdString(c);
    auto restoreView = [this] {
        m_restoring = false;
        m_panel->setStyle(m_pending.style);
        m_view->setStyle(m_pending.style);
        m_panel->setChoice(m_pending.method);
        m_modelPanel->setTopN(m_pending.topN);
        m_view->setResponseStyle(QString::fromStdString(m_pending.responseStyle));
        if (!m_pending.currentLayer.empty())
            m_modelPanel->setCurrentLayer(QString::fromStdString(m_pending.currentLayer));
        m_view->setMode(ExplanationView::modeFromName(QString::fromStdString(m_pending.view)));
        m_sample = -1;
        setCurrentSample(std::min<int64_t>(m_pending.currentSample, m_workspace->samples().count() - 1));
        refresh();
        m_baseline = session(); // as opened: nothing changed yet
        updateTitle();
    };
    connect(
        this, &MainWindow::modelLoaded, this,
        [this, names, s, restoreView] {
            if (!names.isEmpty())
                m_workspace->setClassNames(names);
            if (s.sampleSpecs.empty()) {
                restoreView();
                return;
            }
            QStringList specs;
            for (const auto& spec : s.sampleSpecs)
                specs << QString::fromStdString(spec);
            connect(this, &MainWindow::samplesLoaded, this, restoreView, Qt::SingleShotConnection);
            openSamples(specs, QString::fromStdString(s.labelsSpec));
        },
        Qt::SingleShotConnection);
    m_workspace->setSamples({}); // the model load must not reload the previous samples
    openModel(QString::fromStdString(s.modelPath), QString::fromStdString(s.weightsPath));
    addRecent(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        openPaths(paths);
        event->acceptProposedAction();
    }
}

void MainWindow::exportFigure()
{
    if (!m_workspace->hasModel() || m_sample < 0) {
        showError(tr("Export figure"), tr("Open a model and samples first."));
        return;
    }
    const SampleSet& set = m_workspace->samples();
    if (set.specs.size() != 1) {
        showError(tr("Export figure"),
                  tr("Figures are made from one sample source; open the samples as one file or folder."));
        return;
    }
    app::FigureSpec spec;
    spec.modelPath = m_workspace->modelInfo().path.toStdString();
    spec.weightsPath = m_workspace->modelInfo().weightsPath.toStdString();
    spec.preprocessing = m_workspace->preprocessing();
    spec.sampleSpec = set.specs.front();
    spec.sampleIndices = {m_sample};
    spec.labelsSpec = app::companionLabels(spec.sampleSpec);
    for (const QString& c : m_workspace->classNames())
        spec.classNames.push_back(c.toStdString());
    spec.columns = {app::FigureColumn{"input", {}, "map", {}},
                    app::FigureColumn{"method", m_panel->choice(), "map", {}}};
    spec.style = m_panel->style();
    if (m_view->showsMap())
        spec.map = m_view->geoPage()->figureMap();
    ExportDialog dialog(spec, static_cast<int>(set.count()), this);
    std::vector<QString> names;
    for (const auto& n : set.names)
        names.push_back(QString::fromStdString(n));
    dialog.setSampleInfo(names, set.labels,
                         render::sampleImage(set.sample(m_sample), m_workspace->modelInfo().layout).size());
    // next to the last export, with its name (the dialog's format follows the suffix)
    dialog.setOutputPath(QSettings().value(QStringLiteral("dialogs/lastExport")).toString());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const app::FigureSpec chosen = dialog.spec();
    const QString path = dialog.outputPath();
    QSettings().setValue(QStringLiteral("dialogs/lastExport"), QFileInfo(path).absoluteFilePath());
    m_runner->run(QStringLiteral("export"), tr("Exporting %1").arg(QFileInfo(path).fileName()),
                  [this, chosen, path](const TaskContext& ctx) -> TaskRunner::Apply {
                      app::FigureJobOptions o;
                      o.cancel = ctx.cancel;
                      o.progress = ctx.progress;
                      app::exportFigure(chosen, path, o);
                      return [this, path] {
                          statusBar()->showMessage(
                              tr("Figure written to %1 (sidecar %2)").arg(path, app::sidecarPath(path)), 8000);
                      };
                  });
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(m_workspace->preprocessing(), QSettings().value(QStringLiteral("language")).toString(),
                             this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings().setValue(QStringLiteral("language"), dialog.language());
    m_workspace->setPreprocessing(dialog.preprocessing());
    const auto& specs = m_workspace->samples().specs;
    if (!specs.empty()) {
        QStringList list;
        for (const auto& s : specs)
            list << QString::fromStdString(s);
        openSamples(list);
    }
}

} // namespace lantern::gui

#include "main_window.h"

#include "demos.h"
#include "explanation_panel.h"
#include "geo_overlay_page.h"
#include "model_panel.h"
#include "optimal_input_panel.h"
#include "presentation_mode.h"
#include "start_page.h"
#include "task_runner.h"
#include "workspace.h"

#include "common/explanation_views.h"

#include "lantern/render/scalar_map.h"
#include "lantern/version.h"
#include "lantern/widgets/probability_chart.h"
#include "lantern/widgets/sample_browser.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace lantern::gui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    m_workspace = new Workspace(this);
    m_runner = new TaskRunner(this);
    m_explanations = new ExplanationController(m_workspace, m_runner, this);
    m_view = new ExplanationView(this);
    m_start = new StartPage(this);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_start);
    m_stack->addWidget(m_view);
    setCentralWidget(m_stack);
    createDocks();
    m_presentation = new PresentationMode(this);
    createActions();

    m_statusLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the running computations"));
    m_cancel->hide();
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, m_runner, &TaskRunner::cancelAll);
    connect(m_runner, &TaskRunner::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        if (!busy)
            m_statusLabel->setText(tr("Ready"));
    });
    connect(m_runner, &TaskRunner::started, this, [this](const QString&, const QString& label) {
        m_statusLabel->setText(label + QStringLiteral("…"));
        m_progress->setValue(0);
    });
    connect(m_runner, &TaskRunner::progress, this,
            [this](const QString&, const QString&, double f) { m_progress->setValue(static_cast<int>(f * 1000)); });
    connect(
        m_runner, &TaskRunner::failed, this, [this](const QString& channel, const QString& label, const QString& msg) {
            if (channel == QLatin1String("samples") && m_workspace->samples().count() == 0)
                m_view->clearAll(tr("The samples could not be loaded for this model:\n%1\n\nOpen samples that fit it "
                                    "(File ▸ Open Samples).")
                                     .arg(msg));
            if (channel == QLatin1String("load") || channel == QLatin1String("samples") ||
                channel == QLatin1String("predict") || channel == QLatin1String("snapshot-video"))
                showError(label, msg);
            else
                m_statusLabel->setText(tr("%1 failed: %2").arg(label, msg));
        });

    connect(m_workspace, &Workspace::modelChanged, this, &MainWindow::onModelChanged);
    connect(m_workspace, &Workspace::samplesChanged, this, &MainWindow::onSamplesChanged);
    connect(m_workspace, &Workspace::predictionsChanged, this, &MainWindow::onPredictionsChanged);
    connect(m_workspace, &Workspace::classNamesChanged, this, [this] {
        const QStringList names = m_workspace->classNames();
        m_panel->setClasses(names);
        m_optimal->setClasses(names);
        m_samples->setClassNames(names);
    });
    connect(m_samples, &widgets::SampleBrowser::currentSampleChanged, this, [this](int row) { setCurrentSample(row); });
    connect(m_panel, &ExplanationPanel::choiceChanged, this, [this] {
        if (m_view->mode() != ExplanationView::Mode::Overlay)
            m_view->setMode(ExplanationView::Mode::Overlay);
        refresh();
    });
    connect(m_panel, &ExplanationPanel::styleChanged, this, [this](const render::OverlayStyle& s) {
        m_view->setStyle(s);
        updateTitle();
    });
    connect(m_view, &ExplanationView::modeChanged, this, [this] { refresh(); });
    // gridded samples: latitude, longitude and values under the mouse in the status bar
    connect(m_view->geoPage(), &GeoOverlayPage::pointed, this, [this](const QString& text) {
        text.isEmpty() ? statusBar()->clearMessage() : statusBar()->showMessage(text);
    });
    connect(m_view, &ExplanationView::responseStyleChanged, this, [this] {
        if (m_view->mode() == ExplanationView::Mode::Summary || m_view->mode() == ExplanationView::Mode::Dominant)
            refresh();
    });
    connect(m_view, &ExplanationView::summaryCellClicked, this, [this](int row, int) {
        const auto& conv = m_workspace->modelInfo().convLayers;
        if (row >= 0 && row < static_cast<int>(conv.size()))
            m_modelPanel->setCurrentLayer(QString::fromStdString(conv[static_cast<size_t>(row)]));
    });
    connect(m_modelPanel, &ModelPanel::layerChanged, this, [this] {
        if (m_view->mode() == ExplanationView::Mode::Dominant)
            refresh();
    });
    connect(m_modelPanel, &ModelPanel::topNChanged, this, [this] {
        if (m_view->mode() == ExplanationView::Mode::Summary || m_view->mode() == ExplanationView::Mode::Dominant)
            refresh();
    });
    connect(m_modelPanel, &ModelPanel::filterChosen, this, [this](const QString& layer, int channel) {
        // its own view: the method and target chosen for the Overlay stay as they are
        m_filterLayer = layer;
        m_filterChannel = channel;
        if (m_view->mode() == ExplanationView::Mode::Filter)
            refresh();
        else
            m_view->setMode(ExplanationView::Mode::Filter);
    });
    connect(m_chart, &widgets::ProbabilityChart::classClicked, this, [this](int c) { m_panel->setTarget(c); });
    connect(m_explanations, &ExplanationController::ready, this, &MainWindow::onExplanation);
    connect(m_explanations, &ExplanationController::computing, this,
            [this](const QString& purpose, int64_t, const app::MethodChoice& c) {
                m_view->setBusy(ExplanationView::modeFromName(purpose), true,
                                tr("Computing %1…").arg(QString::fromStdString(c.method)));
            });
    connect(m_explanations, &ExplanationController::failed, this, [this](const QString& purpose, const QString& msg) {
        m_view->showError(ExplanationView::modeFromName(purpose), msg);
    });

    connect(m_start, &StartPage::openModelRequested, this, &MainWindow::chooseModel);
    connect(m_start, &StartPage::openSamplesRequested, this, &MainWindow::chooseSamples);
    connect(m_start, &StartPage::openSessionRequested, this, &MainWindow::chooseSession);
    connect(m_start, &StartPage::recentChosen, this, [this](const QString& path) { openPaths({path}); });
    connect(m_start, &StartPage::demoChosen, this, &MainWindow::openDemo);

    m_view->setStyle(m_panel->style());
    m_statusLabel->setText(tr("Open a model and samples to begin (File menu, or drop files on the window)"));
    updateTitle();
    resize(1400, 900);
    resizeDocks({m_docks[0], m_docks[1]}, {500, 400}, Qt::Horizontal);
    rebuildRecentMenu();
    m_stack->setCurrentWidget(m_view);
    showStartPage(true);
}

void MainWindow::showStartPage(bool show)
{
    QWidget* target = show ? static_cast<QWidget*>(m_start) : static_cast<QWidget*>(m_view);
    if (m_stack->currentWidget() == target)
        return;
    if (m_stack->currentWidget() == m_view) {
        m_dockState = saveState();
        for (QDockWidget* d : m_docks)
            d->hide();
    }
    m_stack->setCurrentWidget(target);
    if (target == m_view && !m_dockState.isEmpty()) {
        restoreState(m_dockState);
        m_dockState.clear();
    }
}

bool MainWindow::startPageShown() const
{
    return m_stack->currentWidget() == m_start;
}

void MainWindow::openDemo(const QString& id)
{
    for (const Demo& d : demos())
        if (d.id == id) {
            if (!maybeSave())
                return;
            openPaths(d.files);
            return;
        }
    showError(tr("Open demo"), tr("The demo '%1' is not available").arg(id));
}

void MainWindow::showDemos()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("DemosDialog"));
    dialog.setWindowTitle(tr("Demos"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Open a bundled model with samples:"), &dialog));
    QString chosen;
    layout->addWidget(StartPage::makeDemoCards(&dialog,
                                               [&dialog, &chosen](const QString& id) {
                                                   chosen = id;
                                                   dialog.accept();
                                               }),
                      1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(560, 300);
    if (dialog.exec() == QDialog::Accepted && !chosen.isEmpty())
        openDemo(chosen);
}

MainWindow::~MainWindow()
{
    m_runner->cancelAll();
    m_runner->waitForIdle();
}

void MainWindow::createDocks()
{
    auto dock = [this](const QString& objectName, QWidget* content, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(this);
        d->setObjectName(objectName);
        d->setWidget(content);
        addDockWidget(area, d);
        m_docks << d;
        return d;
    };
    m_samples = new widgets::SampleBrowser(this);
    dock(QStringLiteral("SamplesDock"), m_samples, Qt::LeftDockWidgetArea);
    m_panel = new ExplanationPanel(this);
    auto* panelScroll = new QScrollArea(this);
    panelScroll->setWidgetResizable(true);
    panelScroll->setWidget(m_panel);
    panelScroll->setFrameShape(QFrame::NoFrame);
    auto* methodDock = dock(QStringLiteral("ExplanationDock"), panelScroll, Qt::RightDockWidgetArea);
    m_chart = new widgets::ProbabilityChart(this);
    dock(QStringLiteral("ProbabilityDock"), m_chart, Qt::RightDockWidgetArea);
    m_modelPanel = new ModelPanel(m_workspace, m_runner, this);
    auto* modelDock = dock(QStringLiteral("ModelDock"), m_modelPanel, Qt::LeftDockWidgetArea);
    m_optimal = new OptimalInputPanel(m_workspace, m_runner, this);
    auto* optimalScroll = new QScrollArea(this); // its minimum height must not set the window's
    optimalScroll->setWidgetResizable(true);
    optimalScroll->setWidget(m_optimal);
    optimalScroll->setFrameShape(QFrame::NoFrame);
    auto* optimalDock = dock(QStringLiteral("OptimalInputDock"), optimalScroll, Qt::RightDockWidgetArea);
    tabifyDockWidget(methodDock, optimalDock);
    methodDock->raise();
    (void)modelDock;
    retranslate();
}

void MainWindow::retranslate()
{
    const QStringList titles = {tr("Samples"), tr("Explanation"), tr("Class probabilities"), tr("Model layers"),
                                tr("Optimal input")};
    for (int i = 0; i < m_docks.size() && i < titles.size(); ++i)
        m_docks[i]->setWindowTitle(titles[i]);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    m_lastError = message;
    m_statusLabel->setText(tr("%1 failed: %2").arg(title, message));
    emit errorShown(message);
    if (!m_quietErrors)
        QMessageBox::warning(this, title, message);
}

bool MainWindow::hasUnsavedChanges() const
{
    if (!m_workspace->hasModel() || m_restoring)
        return false;
    app::Session now = session();
    now.currentSample = m_baseline.currentSample; // browsing is not a change
    now.view = m_baseline.view;
    now.currentLayer = m_baseline.currentLayer;
    return !(now == m_baseline);
}

bool MainWindow::maybeSave()
{
    if (!hasUnsavedChanges())
        return true;
    int answer = QMessageBox::Discard;
    if (m_saveQuestion)
        answer = m_saveQuestion();
    else if (!m_quietErrors)
        answer = QMessageBox::question(
            this, tr("Unsaved changes"), tr("The session has changes that are not saved. Save them?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer != QMessageBox::Save)
        return true;
    QString path = m_sessionPath;
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(
            this, tr("Save session"), dialogDirectory(QStringLiteral("session")) + QStringLiteral("/session.lantern"),
            tr("Lantern sessions (*.lantern)"));
    return !path.isEmpty() && saveSession(path);
}

void MainWindow::updateTitle()
{
    QString title = QStringLiteral("Lantern");
    if (m_workspace->hasModel())
        title = QStringLiteral("%1[*] — Lantern").arg(QFileInfo(m_workspace->modelInfo().path).fileName());
    if (!m_sessionPath.isEmpty())
        title = QStringLiteral("%1 [%2]").arg(title, QFileInfo(m_sessionPath).fileName());
    setWindowTitle(title);
    setWindowModified(hasUnsavedChanges());
}

void MainWindow::resetStaleChoice()
{
    app::MethodChoice c = m_panel->choice();
    const ModelInfo& info = m_workspace->modelInfo();
    QStringList dropped;
    if (!c.layer.empty() && std::none_of(info.layers.begin(), info.layers.end(), [&](const widgets::LayerInfo& l) {
            return l.name == QString::fromStdString(c.layer);
        })) {
        dropped << tr("layer %1").arg(QString::fromStdString(c.layer));
        c.layer.clear();
    }
    for (const char* key : {"filters", "layers", "index"})
        if (c.params.erase(key))
            dropped << QString::fromLatin1(key);
    if (c.target >= info.classCount) {
        dropped << tr("target class %1").arg(c.target);
        c.target = -1;
    }
    if (dropped.isEmpty())
        return;
    m_panel->setChoice(c);
    m_statusLabel->setText(
        tr("Settings for the previous model were reset: %1").arg(dropped.join(QStringLiteral(", "))));
}

void MainWindow::onModelChanged()
{
    showStartPage(false);
    const ModelInfo& info = m_workspace->modelInfo();
    m_panel->setLayers(info.convLayers);
    m_filterLayer.clear();
    m_filterChannel = -1;
    m_chart->clear();
    m_view->clearAll(tr("Open samples to explain (File ▸ Open Samples)"));
    updateTitle();
    m_statusLabel->setText(tr("Model %1 (%2): %3 layers, %4 classes")
                               .arg(QFileInfo(info.path).fileName(), info.format)
                               .arg(info.layers.size())
                               .arg(info.classCount));
    resetStaleChoice();
    if (m_sessionPath.isEmpty() && !m_restoring) { // a fresh start: opening the model is not a change
        m_baseline.modelPath = info.path.toStdString();
        m_baseline.weightsPath = info.weightsPath.toStdString();
        m_baseline.preprocessing = m_workspace->preprocessing();
        if (m_baseline.method.method.empty()) // nothing compared yet: the window's current settings are the start
            m_baseline = session();
    }
    updateTitle();
    emit modelLoaded();
}

void MainWindow::onSamplesChanged()
{
    const SampleSet& set = m_workspace->samples();
    std::vector<widgets::SampleInfo> infos;
    infos.reserve(static_cast<size_t>(set.count()));
    for (int64_t i = 0; i < set.count(); ++i) {
        widgets::SampleInfo s;
        s.name = QString::fromStdString(set.names[static_cast<size_t>(i)]);
        s.thumbnail = set.field ? geoThumbnail(set, i) : render::sampleImage(set.sample(i), m_workspace->modelInfo().layout);
        s.label = set.labels.empty() ? -1 : static_cast<int>(set.labels[static_cast<size_t>(i)]);
        infos.push_back(std::move(s));
    }
    m_samples->setClassNames(m_workspace->classNames());
    m_samples->setSamples(std::move(infos));
    m_view->setGeoField(set.field, set.grid);
    m_sample = -1;
    if (set.count() == 0) { // nothing loaded (or dropped because it did not fit a new model): every panel empty
        m_chart->clear();
        m_modelPanel->setSample(-1);
        m_view->clearAll(tr("Open samples to explain (File ▸ Open Samples)"));
    }
    const int64_t first = m_restoring ? std::min<int64_t>(m_pending.currentSample, set.count() - 1) : 0;
    if (set.count() > 0)
        m_samples->setCurrentSample(static_cast<int>(std::max<int64_t>(0, first)));
    if (set.count() > 0 && m_sample < 0)
        setCurrentSample(std::max<int64_t>(0, first));
    runPredictions();
    if (m_sessionPath.isEmpty() && !m_restoring)
        m_baseline.sampleSpecs = set.specs;
    updateTitle();
    emit samplesLoaded();
}

void MainWindow::runPredictions()
{
    if (!m_workspace->hasModel() || m_workspace->samples().count() == 0)
        return;
    auto model = m_workspace->model();
    const Tensor batch = m_workspace->samples().data;
    m_runner->run(QStringLiteral("predict"), tr("Classifying %1 samples").arg(batch.dim(0)),
                  [this, model, batch](const TaskContext& ctx) -> TaskRunner::Apply {
                      const Tensor logits = predictAll(*model, batch, ctx.cancel, ctx.progress);
                      return [this, logits] { m_workspace->setLogits(logits); };
                  });
}

void MainWindow::onPredictionsChanged()
{
    m_samples->setPredictions(m_workspace->predictions(), m_workspace->confidences());
    const auto& labels = m_workspace->samples().labels;
    if (!labels.empty() && !m_workspace->predictions().empty()) {
        int correct = 0;
        for (size_t i = 0; i < labels.size(); ++i)
            correct += labels[i] == m_workspace->predictions()[i];
        m_statusLabel->setText(tr("%1 of %2 samples classified correctly (%3 %)")
                                   .arg(correct)
                                   .arg(labels.size())
                                   .arg(QLocale().toString(100.0 * correct / labels.size(), 'f', 1)));
    }
    updateSampleView();
    emit predictionsReady();
}

void MainWindow::setCurrentSample(int64_t sample)
{
    if (sample == m_sample || sample < 0 || sample >= m_workspace->samples().count())
        return;
    m_sample = sample;
    if (m_samples->currentSample() != sample)
        m_samples->setCurrentSample(static_cast<int>(sample));
    updateSampleView();
}

void MainWindow::stepSample(int delta)
{
    delta > 0 ? m_samples->selectNext() : m_samples->selectPrevious();
}

void MainWindow::stepLayer(int delta)
{
    m_modelPanel->stepLayer(delta);
}

void MainWindow::stepMethod(int delta)
{
    m_panel->stepMethod(delta);
}

void MainWindow::applyMethodChoice(const app::MethodChoice& choice)
{
    m_panel->setChoice(choice);
    m_view->setMode(ExplanationView::Mode::Overlay);
    refresh();
}

void MainWindow::updateSampleView()
{
    if (m_sample < 0 || m_sample >= m_workspace->samples().count())
        return;
    const SampleSet& set = m_workspace->samples();
    const QImage base = render::sampleImage(set.sample(m_sample), m_workspace->modelInfo().layout);
    QString caption = QString::fromStdString(set.names[static_cast<size_t>(m_sample)]);
    const int64_t label = set.labels.empty() ? -1 : set.labels[static_cast<size_t>(m_sample)];
    if (label >= 0)
        caption += QStringLiteral(" — ") + tr("true: %1").arg(m_workspace->className(label));
    m_view->setBase(base, caption);
    if (set.field)
        m_view->setGeoStep(m_sample, caption);
    if (!m_workspace->logits().isEmpty() && m_sample < m_workspace->logits().dim(0)) {
        const Tensor& l = m_workspace->logits();
        render::ProbabilityBars bars;
        bars.probabilities = app::softmax(l.data() + m_sample * l.dim(1), l.dim(1));
        bars.labels = m_workspace->classNames();
        bars.predicted = m_workspace->predictions()[static_cast<size_t>(m_sample)];
        bars.trueLabel = static_cast<int>(label);
        bars.highlighted = static_cast<int>(m_panel->choice().target);
        m_chart->setData(bars);
    }
    m_modelPanel->setSample(m_sample);
    refresh();
}

void MainWindow::refresh()
{
    updateTitle();
    if (!m_workspace->hasModel() || m_sample < 0 || m_restoring)
        return;
    const auto& conv = m_workspace->modelInfo().convLayers;
    const std::string topN = std::to_string(m_modelPanel->topN());
    switch (m_view->mode()) {
    case ExplanationView::Mode::Overlay:
        m_explanations->request(QStringLiteral("overlay"), m_sample, m_panel->choice());
        break;
    case ExplanationView::Mode::Summary: {
        if (conv.empty()) {
            m_view->showError(ExplanationView::Mode::Summary, tr("the model has no convolution layers"));
            break;
        }
        app::MethodChoice c;
        c.method = "attentive-response";
        c.params = {{"n", topN}, {"layers", "all"}, {"style", m_view->responseStyle().toStdString()}};
        m_explanations->request(QStringLiteral("summary"), m_sample, c);
        break;
    }
    case ExplanationView::Mode::Dominant: {
        if (conv.empty()) {
            m_view->showError(ExplanationView::Mode::Dominant, tr("the model has no convolution layers"));
            break;
        }
        std::string layer = m_modelPanel->currentLayer().toStdString();
        if (std::find(conv.begin(), conv.end(), layer) == conv.end())
            layer = conv.back(); // the last conv layer, as the Summary's sum
        app::MethodChoice c;
        c.method = "attentive-response";
        c.layer = layer;
        c.params = app::withChannelSums({{"n", topN}, {"style", m_view->responseStyle().toStdString()}});
        m_explanations->request(QStringLiteral("dominant"), m_sample, c);
        break;
    }
    case ExplanationView::Mode::Filter: {
        if (m_filterChannel < 0 || m_filterLayer.isEmpty())
            break; // the view's placeholder says to click a filter
        app::MethodChoice c;
        c.method = "attentive-response";
        c.layer = m_filterLayer.toStdString();
        c.params = {{"filters", std::to_string(m_filterChannel)}, {"style", m_view->responseStyle().toStdString()}};
        m_explanations->request(QStringLiteral("filter"), m_sample, c);
        break;
    }
    case ExplanationView::Mode::Clear: {
        app::MethodChoice c;
        c.method = "clear";
        c.params = app::withChannelSums({});
        c.target = m_panel->choice().target;
        m_explanations->request(QStringLiteral("clear"), m_sample, c);
        break;
    }
    }
}

void MainWindow::onExplanation(const QString& purpose, int64_t sample, const app::MethodChoice& choice,
                               ExplanationPtr e)
{
    if (sample != m_sample || !e)
        return;
    const std::string& layout = m_workspace->modelInfo().layout;
    try {
        if (purpose == QLatin1String("overlay")) {
            const int64_t target = e->targets.empty() ? -1 : e->targets.front();
            // a class chosen by the user (a probability bar or the Target box) says so; otherwise it is the prediction
            QString title = QStringLiteral("%1 — %2").arg(
                QString::fromStdString(choice.method),
                choice.target >= 0 ? tr("chosen class %1").arg(m_workspace->className(target))
                                   : tr("predicted class %1").arg(m_workspace->className(target)));
            if (!choice.layer.empty())
                title += QStringLiteral(" — ") + QString::fromStdString(choice.layer);
            const auto f = choice.params.find("filters");
            if (f != choice.params.end())
                title += QStringLiteral(" — ") + tr("filter %1").arg(QString::fromStdString(f->second));
            const auto& labels = m_workspace->samples().labels;
            if (!labels.empty() && labels[static_cast<size_t>(sample)] >= 0)
                title += QStringLiteral(" (") +
                         tr("true: %1").arg(m_workspace->className(labels[static_cast<size_t>(sample)])) +
                         QLatin1Char(')');
            m_view->showOverlay(title, *e, layout);
            m_view->setStyle(m_panel->style());
            if (!m_workspace->logits().isEmpty()) {
                auto bars = m_chart->data();
                bars.highlighted = static_cast<int>(target);
                m_chart->setData(bars);
            }
        } else if (purpose == QLatin1String("summary")) {
            std::vector<std::string> layers;
            const auto present = app::attentiveLayers(*e);
            for (const auto& l : m_workspace->modelInfo().convLayers)
                if (std::find(present.begin(), present.end(), l) != present.end())
                    layers.push_back(l);
            m_view->showSummary(*e, layers, layout);
        } else if (purpose == QLatin1String("dominant")) {
            m_view->showDominant(QString::fromStdString(choice.layer), *e, layout);
        } else if (purpose == QLatin1String("clear")) {
            m_view->showClear(*e, m_workspace->classNames(), layout);
        } else if (purpose == QLatin1String("filter")) {
            const auto f = choice.params.find("filters");
            m_view->showFilter(tr("Filter %1 of %2: what it responds to (attentive response, %3)")
                                   .arg(f == choice.params.end() ? QString() : QString::fromStdString(f->second),
                                        QString::fromStdString(choice.layer), m_view->responseStyle()),
                               *e, layout);
        }
        emit explanationShown(ExplanationView::modeFromName(purpose));
    } catch (const std::exception& ex) {
        m_view->showError(ExplanationView::modeFromName(purpose), QString::fromUtf8(ex.what()));
    }
}

void MainWindow::copyImage()
{
    const QImage image = m_view->currentImage(8);
    if (image.isNull())
        return;
    QApplication::clipboard()->setImage(image);
    m_statusLabel->setText(
        tr("Copied the view to the clipboard (%1 × %2 pixels)").arg(image.width()).arg(image.height()));
}

void MainWindow::setPresentationMode(bool on)
{
    m_presentation->setEnabled(on);
}

bool MainWindow::presentationMode() const
{
    return m_presentation->isEnabled();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_runner->cancelAll();
    QMainWindow::closeEvent(event);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Lantern"),
                       tr("<h3>Lantern %1</h3><p>Shows why a neural network decided: saliency, relevance (LRP), "
                          "attentive response maps, CLEAR and optimal inputs for ONNX and Keras models.</p>"
                          "<p>Engine: %2</p>")
                           .arg(QString::fromStdString(version()), QString::fromStdString(backendDescription())));
}

} // namespace lantern::gui

#include "workspaces/snapshots/snapshots_workspace.h"

#include "task_runner.h"

#include "lantern/error.h"
#include "lantern/render/scalar_map.h"
#include "lantern/widgets/curve_plot.h"
#include "lantern/widgets/map_grid.h"
#include "lantern/widgets/overlay_view.h"
#include "lantern/widgets/timeline.h"

#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lantern::gui {

namespace {

const QString kOpen = QStringLiteral("snapshots");
const QString kProbe = QStringLiteral("snapshot-probe");

} // namespace

SnapshotsWorkspace::SnapshotsWorkspace(TaskRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    m_probes = new QListWidget(this);
    m_probes->setIconSize(QSize(40, 40));
    m_probes->setMinimumWidth(170);
    m_series = new QComboBox(this);
    m_seriesLabel = new QLabel(this);
    m_info = new QLabel(this);
    m_info->setWordWrap(true);
    m_info->setTextFormat(Qt::RichText);
    m_provenance = new QLabel(this);
    m_provenance->setWordWrap(true);
    m_provenance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export = new QPushButton(this);
    m_view = new widgets::OverlayView(this);
    m_view->setMinimumSize(260, 260);
    m_layers = new widgets::MapGrid(this);
    m_layers->setCellSize(150);
    auto* layerScroll = new QScrollArea(this);
    layerScroll->setWidget(m_layers);
    layerScroll->setWidgetResizable(false);
    layerScroll->setMinimumHeight(215);
    layerScroll->setMaximumHeight(240);
    m_prediction = new widgets::CurvePlot(this);
    m_prediction->setYRange(std::make_pair(0.0, 1.0));
    m_loss = new widgets::CurvePlot(this);
    m_accuracy = new widgets::CurvePlot(this);
    m_accuracy->setYRange(std::make_pair(0.0, 1.0));
    m_timeline = new widgets::Timeline(this);
    m_predictionCaption = new QLabel(this);
    m_predictionCaption->setWordWrap(true);
    m_predictionCaption->setTextFormat(Qt::RichText);
    m_curvesCaption = new QLabel(this);
    m_curvesCaption->setTextFormat(Qt::RichText);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_probes, 1);
    leftLayout->addWidget(m_provenance);

    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    auto* choice = new QHBoxLayout();
    choice->addWidget(m_seriesLabel);
    choice->addWidget(m_series, 1);
    choice->addWidget(m_export);
    centreLayout->addLayout(choice);
    centreLayout->addWidget(m_view, 3);
    centreLayout->addWidget(m_info);
    centreLayout->addWidget(layerScroll);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_predictionCaption);
    rightLayout->addWidget(m_prediction, 2);
    rightLayout->addWidget(m_curvesCaption);
    rightLayout->addWidget(m_loss, 1);
    rightLayout->addWidget(m_accuracy, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(centre);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_timeline);

    connect(m_timeline, &widgets::Timeline::currentChanged, this, &SnapshotsWorkspace::showFrame);
    connect(m_probes, &QListWidget::currentRowChanged, this, &SnapshotsWorkspace::setProbe);
    connect(m_series, &QComboBox::currentIndexChanged, this, &SnapshotsWorkspace::setMapSeries);
    connect(m_export, &QPushButton::clicked, this, &SnapshotsWorkspace::exportVideoRequested);
    connect(m_runner, &TaskRunner::failed, this, [this](const QString& channel, const QString& label, const QString& message) {
        if (channel != kOpen && channel != kProbe)
            return;
        m_pendingRequests = 0;
        emit errorOccurred(label, message);
    });
    retranslate();
    m_view->setPlaceholder(tr("Open a snapshot file (File ▸ Open Snapshots…)"));
}

SnapshotsWorkspace::~SnapshotsWorkspace() = default;

void SnapshotsWorkspace::openStore(const QString& path)
{
    const std::string p = path.toStdString();
    ++m_pendingRequests;
    m_runner->run(kOpen, tr("Opening %1").arg(QFileInfo(path).fileName()), [this, p, path](const TaskContext&) {
        std::shared_ptr<const snapshots::SnapshotStore> store = snapshots::SnapshotStore::open(p);
        if (store->frames() == 0)
            throw IoError(p + ": holds no completed snapshot yet");
        auto history = app::loadProbeHistory(*store, 0);
        return [this, store, history, path] {
            m_pendingRequests = 0;
            m_path = path;
            m_requestedProbe = 0;
            showStore(store, history);
        };
    });
}

void SnapshotsWorkspace::showStore(std::shared_ptr<const snapshots::SnapshotStore> store,
                                   std::shared_ptr<const app::ProbeHistory> history)
{
    m_store = std::move(store);
    const snapshots::SnapshotHeader& h = m_store->header();
    {
        const QSignalBlocker block(m_probes);
        m_probes->clear();
        for (int64_t p = 0; p < m_store->probes(); ++p) {
            const Tensor input = h.probeInputs.slice(p, p + 1);
            QImage thumb = render::sampleImage(input.reshaped(Shape(input.shape().begin() + 1, input.shape().end())),
                                               h.inputLayout);
            auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(thumb.scaled(40, 40, Qt::KeepAspectRatio))),
                                             tr("#%1 · %2").arg(h.probeIndices[size_t(p)]).arg(app::className(*m_store, h.probeTargets[size_t(p)])));
            m_probes->addItem(item);
        }
        m_probes->setCurrentRow(0);
    }
    {
        const QSignalBlocker block(m_series);
        m_series->clear();
        for (const snapshots::SeriesSpec& s : m_store->series())
            if (s.kind == "map")
                m_series->addItem(QString::fromStdString(s.label), QString::fromStdString(s.name));
        // the deepest attentive-response layer first: what the network finally attends to
        int best = 0;
        for (int i = 0; i < m_series->count(); ++i)
            if (m_series->itemData(i).toString().startsWith(QLatin1String("attentive-response/")))
                best = i;
        m_series->setCurrentIndex(best);
        m_seriesIndex = best;
    }
    m_series->setEnabled(m_series->count() > 0);
    QStringList facts{tr("Model: %1").arg(QString::fromStdString(h.model))};
    const std::pair<const char*, QString> keys[] = {{"optimizer", tr("Optimizer: %1")},
                                                    {"lr", tr("Learning rate: %1")},
                                                    {"batch_size", tr("Batch size: %1")},
                                                    {"seed", tr("Seed: %1")}};
    for (const auto& [key, label] : keys)
        if (auto it = h.attributes.find(key); it != h.attributes.end() && !it->second.empty())
            facts << label.arg(QString::fromStdString(it->second));
    facts << tr("%n probe(s) from %1", nullptr, int(m_store->probes())).arg(QString::fromStdString(h.probeSource));
    m_provenance->setText(facts.join(QLatin1String("\n")));
    m_frameX = app::frameX(*m_store);
    updateCurves();
    showHistory(std::move(history));
    {
        const QSignalBlocker block(m_timeline);
        m_frameLabels = frameLabels();
        m_timeline->setFrames(m_frameLabels);
        m_timeline->setCurrent(m_timeline->frameCount() - 1);
    }
    showFrame(m_timeline->current());
    emit storeOpened();
    emit statusMessage(tr("%1: %n frame(s)", nullptr, int(m_store->frames())).arg(QFileInfo(m_path).fileName()));
}

void SnapshotsWorkspace::setProbe(int probe)
{
    if (!m_store || probe < 0 || probe >= m_store->probes())
        return;
    {
        const QSignalBlocker block(m_probes);
        m_probes->setCurrentRow(probe);
    }
    if (m_history && m_history->probe == probe) {
        m_runner->cancel(kProbe); // a request for another probe still in flight is stale now
        m_requestedProbe = probe;
        m_pendingRequests = 0;
        return;
    }
    auto store = m_store;
    m_requestedProbe = probe;
    ++m_pendingRequests;
    m_runner->run(kProbe, tr("Reading probe %1").arg(probe), [this, store, probe](const TaskContext&) {
        auto history = app::loadProbeHistory(*store, probe);
        return [this, store, history, probe] {
            if (store != m_store || probe != m_requestedProbe)
                return;
            m_pendingRequests = 0;
            showHistory(history);
        };
    });
}

void SnapshotsWorkspace::showHistory(std::shared_ptr<const app::ProbeHistory> history)
{
    m_history = std::move(history);
    const snapshots::SnapshotHeader& h = m_store->header();
    m_view->setBase(render::sampleImage(m_history->input, h.inputLayout));
    // probabilities of every class over training, the true class marked
    const int64_t target = h.probeTargets[size_t(m_history->probe)];
    const std::vector<double>& x = m_frameX;
    std::vector<widgets::CurveSeries> series;
    const int64_t classes = m_store->classes(), frames = m_history->probabilities.dim(0);
    for (int64_t c = 0; c < classes; ++c) {
        widgets::CurveSeries s;
        s.name = c == target ? tr("%1 (true class)").arg(app::className(*m_store, c)) : app::className(*m_store, c);
        s.color = app::classCurveColor(c, c == target);
        for (int64_t t = 0; t < frames; ++t) {
            s.x.push_back(x[size_t(t)]);
            s.y.push_back(m_history->probabilities.data()[t * classes + c]);
        }
        series.push_back(std::move(s));
    }
    // the true class last, so it is drawn on top
    std::stable_partition(series.begin(), series.end(),
                          [&](const widgets::CurveSeries& s) { return s.color != app::classCurveColor(target, true); });
    m_prediction->setSeries(std::move(series));
    m_predictionCaption->setText(
        target >= 0 ? tr("Class probabilities of probe #%1 over training; <span style=\"color:#d62728\"><b>%2</b></span> is "
                         "its true class")
                          .arg(h.probeIndices[size_t(m_history->probe)])
                          .arg(app::className(*m_store, target).toHtmlEscaped())
                    : tr("Class probabilities of probe #%1 over training").arg(h.probeIndices[size_t(m_history->probe)]));
    showFrame(m_timeline->current());
}

void SnapshotsWorkspace::setMapSeries(int index)
{
    m_seriesIndex = index;
    {
        const QSignalBlocker block(m_series);
        m_series->setCurrentIndex(index);
    }
    showFrame(m_timeline->current());
}

void SnapshotsWorkspace::setFrame(int frame)
{
    m_timeline->setCurrent(frame);
}

int SnapshotsWorkspace::probe() const
{
    return m_history ? int(m_history->probe) : -1;
}

int SnapshotsWorkspace::frame() const
{
    return m_timeline->current();
}

void SnapshotsWorkspace::showFrame(int frame)
{
    // called from the timeline's and the combo box's signals: nothing may escape
    try {
        paintFrame(frame);
    } catch (const std::exception& e) {
        m_view->setMap({});
        emit errorOccurred(tr("Snapshots"), tr("Frame %1 cannot be shown: %2").arg(frame).arg(QString::fromUtf8(e.what())));
    }
}

void SnapshotsWorkspace::paintFrame(int frame)
{
    if (!m_store || !m_history || frame < 0 || frame >= m_history->probabilities.dim(0))
        return;
    const snapshots::SnapshotHeader& h = m_store->header();
    const QImage base = m_view->base();
    // the chosen map over the probe
    if (m_seriesIndex >= 0 && size_t(m_seriesIndex) < m_history->maps.size()) {
        m_view->setMap(render::toScalarMap(app::frameOf(m_history->maps[size_t(m_seriesIndex)], frame), h.inputLayout));
        m_view->setTitle(m_series->currentText());
    } else {
        m_view->setMap({});
    }
    // every map series at this frame, one row
    std::vector<widgets::MapGridCell> cells;
    for (size_t i = 0; i < m_history->maps.size(); ++i) {
        widgets::MapGridCell cell;
        cell.title = QString::fromStdString(m_store->seriesSpec(m_history->mapSeries[i]).label);
        if (!m_history->filters[i].isEmpty()) {
            QStringList ids;
            const Tensor f = app::frameOf(m_history->filters[i], frame);
            for (float v : f.values())
                ids << QString::number(static_cast<int>(v));
            cell.title = tr("%1: filters %2").arg(cell.title.section(QStringLiteral(" · "), 0, 0), ids.join(QLatin1String(", ")));
        }
        cell.base = base;
        cell.map = render::toScalarMap(app::frameOf(m_history->maps[i], frame), h.inputLayout);
        cells.push_back(std::move(cell));
    }
    m_layers->setRows({tr("maps")}, {cells});
    m_layers->resize(m_layers->sizeHint());

    const std::vector<double>& x = m_frameX;
    for (widgets::CurvePlot* plot : {m_prediction, m_loss, m_accuracy})
        plot->setCursor(x[size_t(frame)]);

    const int64_t classes = m_store->classes();
    const float* p = m_history->probabilities.data() + int64_t(frame) * classes;
    const int64_t predicted = std::max_element(p, p + classes) - p;
    const int64_t target = h.probeTargets[size_t(m_history->probe)];
    const snapshots::Curves& c = m_store->curves();
    QString text = tr("<b>%1</b> — predicted <b>%2</b> (%3%)").arg(m_frameLabels.value(frame), app::className(*m_store, predicted))
                       .arg(100.0 * p[predicted], 0, 'f', 1);
    if (target >= 0)
        text += predicted == target ? tr(", correct") : tr(", true class %1 (%2%)").arg(app::className(*m_store, target)).arg(100.0 * p[target], 0, 'f', 1);
    if (std::isfinite(c.validationAccuracy[size_t(frame)]))
        text += tr(" · validation accuracy %1%").arg(100 * c.validationAccuracy[size_t(frame)], 0, 'f', 1);
    m_info->setText(text);
    emit frameShown(frame);
}

QStringList SnapshotsWorkspace::frameLabels() const
{
    QStringList labels;
    if (!m_store)
        return labels;
    const snapshots::Curves& c = m_store->curves();
    const bool steps = m_store->header().every == "steps";
    for (size_t t = 0; t < c.epoch.size(); ++t)
        labels << (steps ? tr("step %1").arg(c.step[t]) : tr("epoch %1").arg(c.epoch[t]));
    return labels;
}

void SnapshotsWorkspace::updateCurves()
{
    const snapshots::Curves& c = m_store->curves();
    const std::vector<double>& x = m_frameX;
    auto curve = [&](const QString& name, QColor color, const std::vector<double>& y) {
        widgets::CurveSeries s{name, color, {}, {}};
        for (size_t t = 0; t < y.size(); ++t)
            if (std::isfinite(y[t])) {
                s.x.push_back(x[t]);
                s.y.push_back(y[t]);
            }
        return s;
    };
    // step snapshots hold the batch's loss, epoch ends the epoch's mean: two series, not one zigzag
    const app::TrainLoss trainLoss = app::splitTrainLoss(*m_store);
    std::vector<widgets::CurveSeries> loss{curve(tr("training"), QColor(0x1f, 0x77, 0xb4), trainLoss.epoch),
                                           curve(tr("validation"), QColor(0xff, 0x7f, 0x0e), c.validationLoss)};
    widgets::CurveSeries batches = curve(tr("training batch"), QColor(0x1f, 0x77, 0xb4, 90), trainLoss.batch);
    if (!batches.x.empty())
        loss.insert(loss.begin(), std::move(batches));
    m_loss->setSeries(std::move(loss));
    m_accuracy->setSeries({curve(tr("training"), QColor(0x1f, 0x77, 0xb4), c.trainAccuracy),
                           curve(tr("validation"), QColor(0xff, 0x7f, 0x0e), c.validationAccuracy)});
    // one x range for the three plots, so that their cursors line up
    if (!x.empty())
        for (widgets::CurvePlot* plot : {m_prediction, m_loss, m_accuracy})
            plot->setXRange(std::make_pair(x.front(), x.back() > x.front() ? x.back() : x.front() + 1));
}

void SnapshotsWorkspace::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SnapshotsWorkspace::retranslate()
{
    m_seriesLabel->setText(tr("Map:"));
    m_curvesCaption->setText(tr("Loss and accuracy: <span style=\"color:#1f77b4\"><b>training</b></span> (faint: "
                                "single batches), <span style=\"color:#ff7f0e\"><b>validation</b></span>"));
    m_export->setText(tr("Export Video…"));
    m_prediction->setAxisTitles(tr("epoch"), tr("probability"));
    m_loss->setAxisTitles(tr("epoch"), tr("loss"));
    m_accuracy->setAxisTitles(tr("epoch"), tr("accuracy"));
    if (m_store) {
        updateCurves();
        showFrame(m_timeline->current());
    }
}

} // namespace lantern::gui

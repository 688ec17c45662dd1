#include "workspaces/attention/attention_workspace.h"

#include "task_runner.h"
#include "workspaces/attention/attention_data.h"
#include "workspaces/attention/evolution_panel.h"
#include "workspaces/attention/pair_overlay.h"
#include "workspaces/attention/sample_panel.h"

#include "lantern/widgets/attention_matrix.h"
#include "lantern/widgets/timeline.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPointer>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lantern::gui {

namespace {

const QString kOpen = QStringLiteral("attention-open");
const QString kSeries = QStringLiteral("attention-series");
constexpr size_t kCachedSamples = 32;

QString fractionText(float f)
{
    return QString::number(double(f), 'g', 3);
}

} // namespace

AttentionWorkspace::AttentionWorkspace(TaskRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    // left: the store and its samples
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_storeInfo = new QLabel(tr("No attention store open"), left);
    m_storeInfo->setWordWrap(true);
    m_storeInfo->setTextFormat(Qt::RichText);
    m_storeInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_samples = new SamplePanel(left);
    leftLayout->addWidget(m_storeInfo);
    leftLayout->addWidget(m_samples, 1);

    // centre: choices, the sample, the matrices
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(4, 0, 4, 0);
    auto* bar = new QHBoxLayout;
    m_layerChoice = new QComboBox(centre);
    m_layerChoice->setToolTip(tr("Encoder layer"));
    m_headChoice = new QComboBox(centre);
    m_headChoice->setToolTip(tr("All heads side by side, or one head"));
    m_headChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_layerChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_padding = new QCheckBox(tr("Padding slots"), centre);
    m_padding->setChecked(false);
    m_padding->setToolTip(tr("Show all n_el slots as CrabNet records them, pairs with padding masked (hatched grey); "
                             "unchecked, only the sample's own elements"));
    bar->addWidget(new QLabel(tr("Layer"), centre));
    bar->addWidget(m_layerChoice);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("Heads"), centre));
    bar->addWidget(m_headChoice);
    bar->addSpacing(8);
    bar->addWidget(m_padding);
    bar->addStretch(1);
    m_sampleInfo = new QLabel(centre);
    m_sampleInfo->setWordWrap(true);
    m_sampleInfo->setTextFormat(Qt::RichText);
    m_sampleInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack = new QStackedWidget(centre);
    m_matrix = new widgets::AttentionMatrix(m_stack);
    m_matrix->setFocusPolicy(Qt::ClickFocus);
    m_matrix->installEventFilter(this);
    m_overlay = new PairOverlay(m_matrix);
    m_message = new QLabel(m_stack);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack->addWidget(m_matrix);
    m_stack->addWidget(m_message);
    centreLayout->addLayout(bar);
    centreLayout->addWidget(m_sampleInfo);
    centreLayout->addWidget(m_stack, 1);

    // right: prediction and the selected pair over the epochs
    m_evolution = new EvolutionPanel(this);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(centre);
    split->addWidget(m_evolution);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setStretchFactor(2, 0);
    split->setSizes({300, 770, 330});
    m_timeline = new widgets::Timeline(this);
    m_matrix->setFocusProxy(m_timeline); // a click on the matrix lets the arrow keys step the epochs
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split, 1);
    layout->addWidget(m_timeline);

    connect(m_samples, &SamplePanel::currentSampleChanged, this, &AttentionWorkspace::selectSample);
    connect(m_timeline, &widgets::Timeline::currentChanged, this, [this](int epoch) {
        m_epoch = epoch;
        showFrame();
    });
    connect(m_layerChoice, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0) {
            m_layer = m_layerChoice->itemData(index).toInt();
            showFrame();
        }
    });
    connect(m_headChoice, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_matrix->setHead(index - 1);
        m_overlay->update();
        updatePair();
    });
    connect(m_padding, &QCheckBox::toggled, this, [this] {
        m_hover = {-1, -1};
        showFrame();
    });
    connect(m_runner, &TaskRunner::failed, this, [this](const QString& channel, const QString&, const QString& message) {
        if (channel == kOpen) {
            emit errorOccurred(tr("Open CrabNet attention store"), message);
        } else if (channel == kSeries) {
            m_pending = -1;
            showMessage(tr("The attention of this sample could not be read:\n%1").arg(message));
            emit errorOccurred(tr("Read CrabNet attention"), message);
        }
    });
    m_evolution->clearPair(tr("No sample"));
    showMessage(tr("Open a CrabNet attention store (attn_data_layer0.zip or .zarr) to explore its attention matrices"));
}

AttentionWorkspace::~AttentionWorkspace()
{
    m_runner->cancel(kOpen);
    m_runner->cancel(kSeries);
}

bool AttentionWorkspace::isCrabNetStore(const QString& path)
{
    return attention::looksLikeCrabNetStore(path);
}

void AttentionWorkspace::openStore(const QString& store, const QString& csv)
{
    const QString title = tr("Open CrabNet attention store");
    if (!QFileInfo::exists(store)) {
        emit errorOccurred(title, tr("%1 does not exist").arg(store));
        return;
    }
    QString formulae = csv;
    if (formulae.isEmpty()) {
        const QStringList found = attention::csvCandidates(store);
        if (found.size() == 1) {
            formulae = found.front();
        } else {
            const QString why = found.isEmpty()
                ? tr("No formulae CSV was found next to %1 or in the folder above. CrabNet's attention stores hold no "
                     "formulae: the recording needs the CSV of its samples (formula,target), the data set CrabNet "
                     "loaded last, e.g. data/benchmark_data/aflow__Egap/val.csv.").arg(QDir::toNativeSeparators(store))
                : tr("Several CSV files lie next to %1 (%2): which one holds the recorded formulae is not clear.")
                      .arg(QDir::toNativeSeparators(store), found.join(QStringLiteral(", ")));
            if (QGuiApplication::platformName() == QLatin1String("offscreen")) {
                emit errorOccurred(title, why);
                return;
            }
            formulae = QFileDialog::getOpenFileName(this, tr("Formulae CSV of %1").arg(QFileInfo(store).fileName()),
                                                    found.isEmpty() ? QFileInfo(store).absolutePath() : QFileInfo(found.front()).absolutePath(),
                                                    tr("CSV files (*.csv);;All files (*)"));
            if (formulae.isEmpty()) {
                emit statusMessage(tr("Opening %1 cancelled: no formulae CSV").arg(QFileInfo(store).fileName()));
                return;
            }
        }
    }
    m_runner->cancel(kSeries);
    QPointer<AttentionWorkspace> self(this);
    m_runner->run(kOpen, tr("Opening %1").arg(QFileInfo(store).fileName()), [self, store, formulae](const TaskContext&) {
        auto opened = std::make_shared<const attention::OpenedStore>(attention::openStore(store, formulae));
        return TaskRunner::Apply([self, opened] {
            if (self)
                self->showStore(opened);
        });
    });
}

void AttentionWorkspace::showStore(std::shared_ptr<const attention::OpenedStore> store)
{
    m_store = std::move(store);
    m_cache.clear();
    m_recent.clear();
    m_sample = m_pending = -1;
    m_pinned = m_hover = {-1, -1};
    m_reported.clear();
    const attention::OpenedStore& s = *m_store;
    {
        const QSignalBlocker blockLayers(m_layerChoice), blockHeads(m_headChoice);
        m_layerChoice->clear();
        for (const auto& l : s.layers)
            m_layerChoice->addItem(tr("Layer %1").arg(l.layer), l.layer);
        m_layerChoice->setCurrentIndex(0);
        m_layer = s.layers.front().layer;
        m_headChoice->clear();
        m_headChoice->addItem(tr("All heads"));
        for (int h = 0; h < s.heads(); ++h)
            m_headChoice->addItem(tr("Head %1").arg(h + 1));
        m_headChoice->setCurrentIndex(0);
        m_matrix->setHead(-1);
    }
    QStringList labels;
    for (int64_t e = 0; e < s.epochs(); ++e)
        labels << tr("epoch %1").arg(e);
    {
        const QSignalBlocker block(m_timeline);
        m_timeline->setFrames(labels);
        m_timeline->setCurrent(int(s.epochs()) - 1); // the trained model first
    }
    m_epoch = m_timeline->current();

    const auto& r = s.first();
    QStringList layers;
    for (const auto& l : s.layers)
        layers << QString::number(l.layer);
    QString info = tr("<b>%1</b><br>%2 samples × %3 epochs · %4 heads · n_el %5<br>layers %6 · %7 rows")
                       .arg(displayName().toHtmlEscaped())
                       .arg(s.samples())
                       .arg(s.epochs())
                       .arg(s.heads())
                       .arg(s.elements())
                       .arg(layers.join(QStringLiteral(", ")), QString::fromLatin1(snapshots::rowOrderName(r.order())));
    info += QStringLiteral("<br>") + tr("formulae: %1").arg(QFileInfo(s.csv).fileName().toHtmlEscaped());
    for (const QString& note : s.notes)
        info += QStringLiteral("<br><i>%1</i>").arg(note.toHtmlEscaped());
    m_storeInfo->setText(info);
    m_storeInfo->setToolTip(QDir::toNativeSeparators(s.store));

    if (!s.predictions) {
        const QDir dir = QFileInfo(s.store).absoluteDir();
        m_evolution->setNoPredictions(
            tr("<b>This store holds attention only, no predictions.</b> CrabNet's get_training_attention.py saves the "
               "per-epoch predictions of these samples as pred_data.npz (with the targets in act_data.npz) beside "
               "attn_data_layer{L}.zip; there is none in %1. Below: how the attention of the selected pair changed "
               "over the epochs instead.")
                .arg(QDir::toNativeSeparators(dir.absolutePath()).toHtmlEscaped()));
    }
    m_samples->setSamples(s);
    emit storeOpened();
    emit statusMessage(tr("%1: %2 samples, %3 epochs").arg(displayName()).arg(s.samples()).arg(s.epochs()));
    m_samples->setCurrentSample(0);
}

QString AttentionWorkspace::displayName() const
{
    if (!m_store)
        return {};
    const QFileInfo info(m_store->store);
    return info.fileName().startsWith(QStringLiteral("layer")) ? info.dir().dirName() + QLatin1Char('/') + info.fileName()
                                                               : info.fileName();
}

QString AttentionWorkspace::storePath() const
{
    return m_store ? m_store->store : QString();
}

int AttentionWorkspace::sampleCount() const
{
    return m_store ? int(m_store->samples()) : 0;
}

bool AttentionWorkspace::hasPredictions() const
{
    return m_store && m_store->predictions.has_value();
}

bool AttentionWorkspace::pending() const
{
    return m_pending >= 0;
}

QTreeView* AttentionWorkspace::sampleList() const
{
    return m_samples->view();
}

void AttentionWorkspace::setCurrentSample(int sample)
{
    m_samples->setCurrentSample(sample);
}

void AttentionWorkspace::setCurrentLayer(int layer)
{
    const int index = m_layerChoice->findData(layer);
    if (index >= 0)
        m_layerChoice->setCurrentIndex(index);
}

void AttentionWorkspace::selectPair(int row, int column)
{
    m_pinned = {row, column};
    m_overlay->update();
    updatePair();
}

std::pair<int, int> AttentionWorkspace::shownPair() const
{
    return m_shownPair;
}

std::shared_ptr<const attention::SampleSeries> AttentionWorkspace::series(int sample) const
{
    const auto it = m_cache.find(sample);
    return it == m_cache.end() ? nullptr : it->second;
}

void AttentionWorkspace::remember(std::shared_ptr<const attention::SampleSeries> s)
{
    m_recent.remove(s->sample);
    m_recent.push_front(s->sample);
    m_cache[s->sample] = std::move(s);
    while (m_recent.size() > kCachedSamples) {
        m_cache.erase(m_recent.back());
        m_recent.pop_back();
    }
}

void AttentionWorkspace::selectSample(int sample)
{
    if (!m_store || sample < 0 || sample >= m_store->samples())
        return;
    m_sample = sample;
    m_pinned = m_hover = {-1, -1};
    showPrediction();
    if (auto cached = series(sample)) {
        m_recent.remove(int64_t(sample));
        m_recent.push_front(sample);
        m_runner->cancel(kSeries);
        m_pending = -1;
        showFrame();
        return;
    }
    m_pending = sample;
    const auto store = m_store;
    QPointer<AttentionWorkspace> self(this);
    const QString formula = QString::fromStdString(store->first().sample(sample).formula);
    m_runner->run(kSeries, tr("Reading the attention of %1").arg(formula), [self, store, sample](const TaskContext& ctx) {
        auto s = std::make_shared<const attention::SampleSeries>(attention::readSeries(*store, sample, ctx.cancel));
        return TaskRunner::Apply([self, store, s] {
            if (!self || self->m_store != store)
                return;
            self->remember(s);
            if (self->m_pending == int(s->sample))
                self->m_pending = -1;
            if (self->m_sample == int(s->sample))
                self->showFrame();
        });
    });
}

void AttentionWorkspace::showPrediction()
{
    if (!m_store || !m_store->predictions || m_sample < 0)
        return;
    const attention::Predictions& p = *m_store->predictions;
    std::vector<float> values(size_t(p.epochs));
    for (int64_t e = 0; e < p.epochs; ++e)
        values[size_t(e)] = p.at(m_sample, e);
    const QString remark = p.shifted
        ? tr("From %1. CrabNet's recorder saves each epoch's predictions one epoch late; they are shown at the epoch "
             "whose model made them, so the last epoch has none.").arg(QFileInfo(p.path).fileName())
        : tr("From %1.").arg(QFileInfo(p.path).fileName());
    m_evolution->setPrediction(values, m_store->target(m_sample), p.property, remark);
    m_evolution->setEpoch(m_epoch);
}

void AttentionWorkspace::showMessage(const QString& text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
    m_frame = Tensor();
}

void AttentionWorkspace::showFrame()
{
    try {
        const auto s = series(m_sample);
        if (!m_store || !s || m_epoch < 0)
            return;
        const snapshots::CrabNetSample& sample = m_store->first().sample(m_sample);
        QStringList elements;
        for (size_t k = 0; k < sample.symbols.size(); ++k)
            if (sample.present[k])
                elements << QStringLiteral("%1&nbsp;%2").arg(QString::fromStdString(sample.symbols[k]), fractionText(sample.fractions[k]));
        QString info = tr("<b>#%1 %2</b> · CSV line %3 · %4").arg(m_sample).arg(QString::fromStdString(sample.formula).toHtmlEscaped())
                           .arg(sample.csvLine).arg(elements.join(QStringLiteral(" · ")));
        const double target = m_store->target(m_sample);
        if (std::isfinite(target))
            info += QStringLiteral(" · ") + tr("target %1").arg(target, 0, 'g', 5);
        if (sample.truncated > 0)
            info += QStringLiteral("<br><i>%1</i>").arg(tr("CrabNet dropped %n element(s) beyond its n_el slots", nullptr, sample.truncated));
        m_sampleInfo->setText(info);

        if (auto error = s->errors.find(m_layer); error != s->errors.end()) {
            showMessage(tr("Layer %1 of %2 could not be read:\n%3").arg(m_layer).arg(QString::fromStdString(sample.formula), error->second));
            m_evolution->clearPair(tr("No attention for this layer"));
            const QString key = QStringLiteral("%1/%2").arg(m_sample).arg(m_layer);
            if (m_reported != key) {
                m_reported = key;
                emit errorOccurred(tr("Read CrabNet attention"), error->second);
            }
            return;
        }
        const auto values = s->layers.find(m_layer);
        if (values == s->layers.end())
            return;
        const Tensor& all = values->second; // (epochs, heads, n, n)
        const int64_t heads = all.dim(1), n = all.dim(2);
        const int64_t epoch = std::clamp<int64_t>(m_epoch, 0, all.dim(0) - 1);
        m_slots.clear();
        for (int k = 0; k < int(n); ++k)
            if (m_padding->isChecked() || sample.present[size_t(k)])
                m_slots.push_back(k);
        const int64_t shown = int64_t(m_slots.size());
        Tensor frame(Shape{heads, shown, shown});
        QStringList symbols;
        std::vector<float> fractions;
        for (int64_t i = 0; i < shown; ++i) {
            symbols << QString::fromStdString(sample.symbols[size_t(m_slots[size_t(i)])]);
            fractions.push_back(sample.fractions[size_t(m_slots[size_t(i)])]);
        }
        for (int64_t h = 0; h < heads; ++h)
            for (int64_t i = 0; i < shown; ++i)
                for (int64_t j = 0; j < shown; ++j)
                    frame[(h * shown + i) * shown + j] = all[((epoch * heads + h) * n + m_slots[size_t(i)]) * n + m_slots[size_t(j)]];
        m_matrix->setFrame(frame, symbols, fractions);
        m_matrix->setTitle(tr("#%1: %2, layer %3, epoch %4")
                               .arg(m_sample)
                               .arg(QString::fromStdString(sample.formula))
                               .arg(m_layer)
                               .arg(epoch));
        m_frame = frame;
        m_stack->setCurrentWidget(m_matrix);
        updatePair();
    } catch (const std::exception& e) {
        showMessage(tr("This frame cannot be shown: %1").arg(QString::fromStdString(e.what())));
    }
}

void AttentionWorkspace::updatePair()
{
    try {
        const auto s = series(m_sample);
        if (!m_store || !s || !s->layers.count(m_layer))
            return;
        const Tensor& all = s->layers.at(m_layer);
        const int64_t epochs = all.dim(0), heads = all.dim(1), n = all.dim(2);
        const snapshots::CrabNetSample& sample = m_store->first().sample(m_sample);
        std::pair<int, int> pair = m_hover.first >= 0 ? m_hover : m_pinned;
        const bool hovering = m_hover.first >= 0 && m_hover != m_pinned;
        QString how = hovering ? tr("under the mouse") : tr("kept");
        if (pair.first < 0 || pair.first >= n || pair.second < 0 || pair.second >= n) {
            // the strongest pair of the last epoch, averaged over the heads
            double best = -1;
            for (int r = 0; r < n; ++r)
                for (int c = 0; c < n; ++c) {
                    if (!sample.present[size_t(r)] || !sample.present[size_t(c)] || (r == c && sample.presentCount() > 1))
                        continue; // two different elements when there are two
                    double sum = 0;
                    for (int64_t h = 0; h < heads; ++h)
                        sum += all[(((epochs - 1) * heads + h) * n + r) * n + c];
                    if (std::isfinite(sum) && sum > best) {
                        best = sum;
                        pair = {r, c};
                    }
                }
            how = tr("the strongest pair of two elements in the last epoch");
        }
        m_shownPair = pair;
        std::vector<int> drawn;
        const int head = m_headChoice->currentIndex() - 1;
        for (int h = 0; h < int(heads); ++h)
            if (head < 0 || h == head)
                drawn.push_back(h);
        if (pair.first < 0) {
            m_evolution->clearPair(tr("No pair"));
        } else {
            m_evolution->setPair(all, pair.first, pair.second, QString::fromStdString(sample.symbols[size_t(pair.first)]),
                                 QString::fromStdString(sample.symbols[size_t(pair.second)]), drawn, how);
        }
        m_evolution->setEpoch(m_epoch);
        // outline it in the matrix
        auto* overlay = static_cast<PairOverlay*>(m_overlay);
        const auto row = std::find(m_slots.begin(), m_slots.end(), pair.first);
        const auto column = std::find(m_slots.begin(), m_slots.end(), pair.second);
        overlay->row = row == m_slots.end() ? -1 : int(row - m_slots.begin());
        overlay->column = column == m_slots.end() ? -1 : int(column - m_slots.begin());
        overlay->dashed = hovering;
        overlay->update();
    } catch (const std::exception& e) {
        m_evolution->clearPair(QString::fromStdString(e.what()));
    }
}

std::pair<int, int> AttentionWorkspace::slotsAt(const QPoint& pos) const
{
    const int k = m_matrix->elements();
    for (int h = 0; h < m_matrix->heads() && k > 0; ++h) {
        const QRectF first = m_matrix->cellRect(h, 0, 0);
        if (first.isEmpty())
            continue;
        const QRectF panel = first.united(m_matrix->cellRect(h, k - 1, k - 1));
        if (!panel.contains(pos))
            continue;
        const int column = std::clamp(int((pos.x() - panel.left()) / first.width()), 0, k - 1);
        const int row = std::clamp(int((pos.y() - panel.top()) / first.height()), 0, k - 1);
        if (size_t(row) < m_slots.size() && size_t(column) < m_slots.size())
            return {m_slots[size_t(row)], m_slots[size_t(column)]};
    }
    return {-1, -1};
}

void AttentionWorkspace::setHover(int row, int column)
{
    if (m_hover == std::pair<int, int>(row, column))
        return;
    m_hover = {row, column};
    updatePair();
}

bool AttentionWorkspace::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_matrix) {
        switch (event->type()) {
        case QEvent::Resize:
            m_overlay->setGeometry(m_matrix->rect());
            break;
        case QEvent::MouseMove: {
            const auto at = slotsAt(static_cast<QMouseEvent*>(event)->position().toPoint());
            setHover(at.first, at.second);
            break;
        }
        case QEvent::Leave:
            setHover(-1, -1);
            break;
        case QEvent::MouseButtonPress:
            if (static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
                const auto at = slotsAt(static_cast<QMouseEvent*>(event)->position().toPoint());
                if (at.first >= 0) {
                    m_pinned = at;
                    m_hover = {-1, -1};
                    updatePair();
                }
            }
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace lantern::gui

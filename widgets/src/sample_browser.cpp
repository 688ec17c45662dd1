#include "lantern/widgets/sample_browser.h"

#include "lantern/widgets/sample_delegate.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace lantern::widgets {

SampleBrowser::SampleBrowser(QWidget* parent) : QWidget(parent)
{
    m_model = new SampleListModel(this);
    m_proxy = new SampleFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_delegate = new SampleDelegate(this);

    m_classCombo = new QComboBox(this);
    m_classCombo->setToolTip(tr("Show one class (the label, or the prediction for unlabelled samples)"));
    m_classCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_correctCombo = new QComboBox(this);
    m_correctCombo->addItem(tr("All"), static_cast<int>(SampleFilterProxy::Correctness::All));
    m_correctCombo->addItem(tr("Correct"), static_cast<int>(SampleFilterProxy::Correctness::Correct));
    m_correctCombo->addItem(tr("Misclassified"), static_cast<int>(SampleFilterProxy::Correctness::Misclassified));
    m_correctCombo->setToolTip(tr("Show correctly classified or misclassified samples"));

    auto makeSpin = [this](double value) {
        auto* spin = new QDoubleSpinBox(this);
        spin->setRange(0, 100);
        spin->setDecimals(0);
        spin->setSingleStep(5);
        spin->setSuffix(tr(" %"));
        spin->setValue(value);
        spin->setKeyboardTracking(false);
        return spin;
    };
    m_confLo = makeSpin(0);
    m_confHi = makeSpin(100);
    m_confLo->setToolTip(tr("Lowest confidence of the prediction"));
    m_confHi->setToolTip(tr("Highest confidence of the prediction"));

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search names"));
    m_search->setClearButtonEnabled(true);

    m_countLabel = new QLabel(this);
    m_countLabel->setTextInteractionFlags(Qt::NoTextInteraction);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_classCombo);
    bar->addWidget(m_correctCombo);
    auto* confLabel = new QLabel(tr("Confidence"), this);
    bar->addWidget(confLabel);
    bar->addWidget(m_confLo);
    bar->addWidget(new QLabel(tr("to"), this));
    bar->addWidget(m_confHi);
    bar->addWidget(m_search, 1);

    m_view = new QListView(this);
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(m_delegate);
    m_view->setViewMode(QListView::IconMode);
    m_view->setUniformItemSizes(true);
    m_view->setWrapping(true);
    m_view->setFlow(QListView::LeftToRight);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSpacing(2);
    m_view->setMouseTracking(true);
    m_view->setFocusPolicy(Qt::StrongFocus);
    m_view->setTabKeyNavigation(false);
    m_view->installEventFilter(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_countLabel);

    connect(m_classCombo, &QComboBox::currentIndexChanged, this, [this](int) {
        m_proxy->setClassFilter(m_classCombo->currentData().isValid() ? m_classCombo->currentData().toInt() : -1);
    });
    connect(m_correctCombo, &QComboBox::currentIndexChanged, this, [this](int) {
        m_proxy->setCorrectness(static_cast<SampleFilterProxy::Correctness>(m_correctCombo->currentData().toInt()));
    });
    connect(m_confLo, &QDoubleSpinBox::valueChanged, this, [this] { applyConfidence(); });
    connect(m_confHi, &QDoubleSpinBox::valueChanged, this, [this] { applyConfidence(); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &SampleFilterProxy::setNameFilter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] { onCurrentChanged(); });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_proxy, signal, this, [this] {
            updateCountLabel();
            onCurrentChanged();
        });
    }
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        updateCountLabel();
        onCurrentChanged();
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, [this] {
        updateCountLabel();
        onCurrentChanged();
    });

    rebuildClassCombo();
    updateCountLabel();
}

void SampleBrowser::setSamples(std::vector<SampleInfo> samples)
{
    m_model->setSamples(std::move(samples));
    rebuildClassCombo();
    updateCountLabel();
    onCurrentChanged();
}

void SampleBrowser::setClassNames(QStringList names)
{
    m_model->setClassNames(std::move(names));
    rebuildClassCombo();
}

void SampleBrowser::setPredictions(const std::vector<int>& predicted, const std::vector<float>& confidence)
{
    m_model->setPredictions(predicted, confidence);
    rebuildClassCombo();
    // Filters that depend on predictions re-evaluate through dynamicSortFilter; refresh the count anyway.
    updateCountLabel();
}

int SampleBrowser::currentSample() const
{
    const QModelIndex cur = m_view->currentIndex();
    if (!cur.isValid()) {
        return -1;
    }
    return m_proxy->mapToSource(cur).row();
}

void SampleBrowser::setCurrentSample(int sourceRow)
{
    if (sourceRow < 0 || sourceRow >= m_model->count()) {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->clearSelection();
        onCurrentChanged();
        return;
    }
    QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(sourceRow));
    if (!proxyIndex.isValid()) {
        // Filtered out: drop the filters so the requested sample can be shown.
        const QSignalBlocker b1(m_classCombo), b2(m_correctCombo), b3(m_confLo), b4(m_confHi), b5(m_search);
        m_classCombo->setCurrentIndex(0);
        m_correctCombo->setCurrentIndex(0);
        m_confLo->setValue(0);
        m_confHi->setValue(100);
        m_search->clear();
        m_proxy->setClassFilter(-1);
        m_proxy->setCorrectness(SampleFilterProxy::Correctness::All);
        m_proxy->setConfidenceRange(0, 1);
        m_proxy->setNameFilter(QString());
        proxyIndex = m_proxy->mapFromSource(m_model->index(sourceRow));
    }
    m_view->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(proxyIndex);
    onCurrentChanged();
}

void SampleBrowser::selectNext()
{
    step(1);
}

void SampleBrowser::selectPrevious()
{
    step(-1);
}

void SampleBrowser::step(int delta)
{
    const int n = m_proxy->rowCount();
    if (n == 0) {
        return;
    }
    const QModelIndex cur = m_view->currentIndex();
    int row = 0;
    if (cur.isValid()) {
        row = ((cur.row() + delta) % n + n) % n;
    } else if (delta < 0) {
        row = n - 1;
    }
    const QModelIndex next = m_proxy->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(next, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(next);
}

void SampleBrowser::pageBy(int pages)
{
    const int n = m_proxy->rowCount();
    if (n == 0) {
        return;
    }
    const QModelIndex cur = m_view->currentIndex();
    const QRect item = m_view->visualRect(m_proxy->index(0, 0));
    const int pitchW = std::max(1, item.width() + 2 * m_view->spacing());
    const int pitchH = std::max(1, item.height() + 2 * m_view->spacing());
    const int columns = std::max(1, m_view->viewport()->width() / pitchW);
    const int rows = std::max(1, m_view->viewport()->height() / pitchH);
    const int row = cur.isValid() ? std::clamp(cur.row() + pages * columns * rows, 0, n - 1) : 0;
    const QModelIndex next = m_proxy->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(next, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(next);
}

bool SampleBrowser::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
            if (key->key() == Qt::Key_PageDown || key->key() == Qt::Key_PageUp) {
                pageBy(key->key() == Qt::Key_PageDown ? 1 : -1);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SampleBrowser::setTileSize(int px)
{
    m_delegate->setTileSize(px);
    // Uniform item sizes are cached by the view; a relayout picks up the new hint.
    m_view->setUniformItemSizes(false);
    m_view->setUniformItemSizes(true);
    m_view->doItemsLayout();
}

int SampleBrowser::tileSize() const
{
    return m_delegate->tileSize();
}

int SampleBrowser::visibleCount() const
{
    return m_proxy->rowCount();
}

void SampleBrowser::rebuildClassCombo()
{
    const int previous = m_classCombo->currentData().isValid() ? m_classCombo->currentData().toInt() : -1;
    const QSignalBlocker blocker(m_classCombo);
    m_classCombo->clear();
    m_classCombo->addItem(tr("All classes"), -1);
    const int n = m_model->classCount();
    for (int c = 0; c < n; ++c) {
        m_classCombo->addItem(m_model->className(c), c);
    }
    const int idx = m_classCombo->findData(previous);
    m_classCombo->setCurrentIndex(idx >= 0 ? idx : 0);
    if (idx < 0) {
        m_proxy->setClassFilter(-1);
    }
}

void SampleBrowser::updateCountLabel()
{
    const QLocale locale;
    const int total = m_model->count();
    m_countLabel->setText(
        tr("%1 of %2 samples", nullptr, total).arg(locale.toString(visibleCount()), locale.toString(total)));
}

void SampleBrowser::applyConfidence()
{
    m_proxy->setConfidenceRange(static_cast<float>(m_confLo->value() / 100.0),
                                static_cast<float>(m_confHi->value() / 100.0));
}

void SampleBrowser::onCurrentChanged()
{
    const int now = currentSample();
    if (now != m_current) {
        m_current = now;
        emit currentSampleChanged(now);
    }
}

} // namespace lantern::widgets

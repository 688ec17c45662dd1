#include "lantern/widgets/timeline.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace lantern::widgets {

namespace {

constexpr double kRates[] = {1, 2, 5, 10, 15, 24, 30, 60};

} // namespace

Timeline::Timeline(QWidget* parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(4, 2, 4, 2);
    auto button = [this, row](QStyle::StandardPixmap icon) {
        auto* b = new QToolButton(this);
        b->setIcon(style()->standardIcon(icon));
        b->setAutoRaise(true);
        row->addWidget(b);
        return b;
    };
    m_first = button(QStyle::SP_MediaSkipBackward);
    m_previous = button(QStyle::SP_MediaSeekBackward);
    m_play = button(QStyle::SP_MediaPlay);
    m_play->setCheckable(true);
    m_next = button(QStyle::SP_MediaSeekForward);
    m_last = button(QStyle::SP_MediaSkipForward);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, 0);
    m_slider->setPageStep(10);
    m_slider->setFocusPolicy(Qt::NoFocus);
    row->addWidget(m_slider, 1);
    m_label = new QLabel(this);
    m_label->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("epoch 0000 / 0000")));
    row->addWidget(m_label);
    m_loop = new QCheckBox(this);
    m_loop->setChecked(true);
    row->addWidget(m_loop);
    m_speed = new QComboBox(this);
    for (double r : kRates)
        m_speed->addItem(QString(), r);
    m_speed->setCurrentIndex(3);
    row->addWidget(m_speed);
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);

    connect(m_first, &QToolButton::clicked, this, [this] { setCurrent(0); });
    connect(m_last, &QToolButton::clicked, this, [this] { setCurrent(frameCount() - 1); });
    connect(m_previous, &QToolButton::clicked, this, [this] { step(-1); });
    connect(m_next, &QToolButton::clicked, this, [this] { step(1); });
    connect(m_play, &QToolButton::toggled, this, &Timeline::setPlaying);
    connect(m_slider, &QSlider::valueChanged, this, &Timeline::setCurrent);
    connect(m_timer, &QTimer::timeout, this, &Timeline::advance);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int i) { setFramesPerSecond(m_speed->itemData(i).toDouble()); });
    retranslate();
    setFrames({});
}

void Timeline::setFrames(const QStringList& labels)
{
    m_labels = labels;
    const int last = frameCount() - 1;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, std::max(0, last));
    }
    for (QWidget* w : {static_cast<QWidget*>(m_first), static_cast<QWidget*>(m_previous), static_cast<QWidget*>(m_play),
                       static_cast<QWidget*>(m_next), static_cast<QWidget*>(m_last), static_cast<QWidget*>(m_slider)})
        w->setEnabled(last > 0);
    if (last < 1)
        setPlaying(false);
    const int wanted = m_current >= 0 && m_current <= last ? m_current : last;
    m_current = -2; // force the signal: the frames behind the index changed
    setCurrent(wanted);
}

void Timeline::setCurrent(int frame)
{
    frame = frameCount() == 0 ? -1 : std::clamp(frame, 0, frameCount() - 1);
    if (frame == m_current)
        return;
    m_current = frame;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(std::max(0, frame));
    }
    updateLabel();
    emit currentChanged(frame);
}

void Timeline::step(int delta)
{
    if (frameCount() > 0)
        setCurrent(std::clamp(m_current + delta, 0, frameCount() - 1));
}

bool Timeline::isPlaying() const
{
    return m_timer->isActive();
}

void Timeline::setPlaying(bool playing)
{
    playing = playing && frameCount() > 1;
    if (playing == isPlaying()) {
        const QSignalBlocker block(m_play);
        m_play->setChecked(playing);
        return;
    }
    if (playing) {
        if (m_current >= frameCount() - 1 && !loops())
            setCurrent(0);
        m_timer->start(static_cast<int>(std::lround(1000.0 / m_fps)));
    } else {
        m_timer->stop();
    }
    {
        const QSignalBlocker block(m_play);
        m_play->setChecked(playing);
    }
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    retranslate();
    emit playingChanged(playing);
}

bool Timeline::loops() const
{
    return m_loop->isChecked();
}

void Timeline::setLoop(bool loop)
{
    m_loop->setChecked(loop);
}

void Timeline::setFramesPerSecond(double fps)
{
    m_fps = std::clamp(fps, 1.0, 60.0);
    int best = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - m_fps) < std::abs(m_speed->itemData(best).toDouble() - m_fps))
            best = i;
    {
        const QSignalBlocker block(m_speed);
        m_speed->setCurrentIndex(best);
    }
    if (isPlaying())
        m_timer->start(static_cast<int>(std::lround(1000.0 / m_fps)));
}

void Timeline::advance()
{
    if (m_current + 1 < frameCount())
        setCurrent(m_current + 1);
    else if (loops())
        setCurrent(0);
    else
        setPlaying(false);
}

void Timeline::updateLabel()
{
    if (m_current < 0) {
        m_label->setText(tr("no frames"));
        return;
    }
    m_label->setText(tr("%1 (%2 / %3)").arg(m_labels.value(m_current)).arg(m_current + 1).arg(frameCount()));
}

void Timeline::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        step(-1);
        break;
    case Qt::Key_Right:
        step(1);
        break;
    case Qt::Key_PageUp:
        step(-10);
        break;
    case Qt::Key_PageDown:
        step(10);
        break;
    case Qt::Key_Home:
        setCurrent(0);
        break;
    case Qt::Key_End:
        setCurrent(frameCount() - 1);
        break;
    case Qt::Key_Space:
        setPlaying(!isPlaying());
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void Timeline::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void Timeline::retranslate()
{
    m_first->setToolTip(tr("First frame (Home)"));
    m_previous->setToolTip(tr("Previous frame (Left)"));
    m_play->setToolTip(isPlaying() ? tr("Pause (Space)") : tr("Play (Space)"));
    m_next->setToolTip(tr("Next frame (Right)"));
    m_last->setToolTip(tr("Last frame (End)"));
    m_loop->setText(tr("Loop"));
    m_speed->setToolTip(tr("Playback speed"));
    for (int i = 0; i < m_speed->count(); ++i)
        m_speed->setItemText(i, tr("%1 fps").arg(m_speed->itemData(i).toDouble()));
    updateLabel();
}

} // namespace lantern::widgets

#pragma once
// The one time tracker of a scrubbing view (PlotJuggler's idea): a slider over frames (epochs or steps), play/pause,
// loop, playback speed and frame stepping with keys (Left/Right, Page Up/Down by 10, Home/End, Space plays). Views
// follow currentChanged; setting the frame from outside never echoes back (QSignalBlocker), and while playing each
// timer tick advances one frame at the chosen rate.

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace lantern::widgets {

class Timeline : public QWidget {
    Q_OBJECT

public:
    explicit Timeline(QWidget* parent = nullptr);

    /// `labels` names each frame (e.g. "epoch 3", "step 96"); the count is labels.size(). Keeps the current frame
    /// when it still exists, otherwise goes to the last one.
    void setFrames(const QStringList& labels);
    int frameCount() const { return int(m_labels.size()); }
    int current() const { return m_current; }
    void setCurrent(int frame);
    void step(int delta);

    bool isPlaying() const;
    void setPlaying(bool playing);
    bool loops() const;
    void setLoop(bool loop);
    /// Playback rate in frames per second (1..60).
    double framesPerSecond() const { return m_fps; }
    void setFramesPerSecond(double fps);

    QSlider* slider() const { return m_slider; }

signals:
    void currentChanged(int frame);
    void playingChanged(bool playing);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void advance();
    void updateLabel();
    void retranslate();

    QStringList m_labels;
    int m_current = -1;
    double m_fps = 10;
    QToolButton* m_first = nullptr;
    QToolButton* m_previous = nullptr;
    QToolButton* m_play = nullptr;
    QToolButton* m_next = nullptr;
    QToolButton* m_last = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_label = nullptr;
    QCheckBox* m_loop = nullptr;
    QComboBox* m_speed = nullptr;
    QTimer* m_timer = nullptr;
};

} // namespace lantern::widgets

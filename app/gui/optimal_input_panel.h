#pragma once
// Optimal input (activation maximization): pick a class, objective and regularizers, press Run and watch the
// image form with the target probability live; Cancel stops it. Runs on the engine thread like every
// computation.

#include "lantern/tensor.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace lantern::widgets {
class OverlayView;
}

namespace lantern::gui {

class TaskRunner;
class Workspace;

class OptimalInputPanel : public QWidget {
    Q_OBJECT
public:
    OptimalInputPanel(Workspace* workspace, TaskRunner* runner, QWidget* parent = nullptr);
    void setClasses(const QStringList& names);
    bool isRunning() const { return m_running; }
    void start();
    void stop();
    /// Last score (probability of the target class) shown, -1 before a run.
    double lastScore() const { return m_lastScore; }
    QImage currentImage() const;

signals:
    void runFinished(double score);

private:
    void setRunning(bool running);
    void showSnapshot(int64_t iteration, const Tensor& x, float score);

    Workspace* m_workspace;
    TaskRunner* m_runner;
    QComboBox* m_class;
    QComboBox* m_objective;
    QSpinBox* m_iterations;
    QDoubleSpinBox* m_lr;
    QDoubleSpinBox* m_l2;
    QDoubleSpinBox* m_tv;
    QSpinBox* m_jitter;
    QSpinBox* m_blurEvery;
    QPushButton* m_run;
    QProgressBar* m_progress;
    QLabel* m_score;
    widgets::OverlayView* m_preview;
    std::vector<float> m_history;
    QWidget* m_spark;
    bool m_running = false;
    double m_lastScore = -1;
};

} // namespace lantern::gui

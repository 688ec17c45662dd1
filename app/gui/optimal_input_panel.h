#pragma once
// Optimal input (activation maximization): pick a class, objective and regularizers, press Run and watch the
// image form with the target probability live; Cancel stops it. Runs on the engine thread like every
// computation.

#include "lantern/explain/explainer.h"
#include "lantern/tensor.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace lantern::widgets {
class CurvePlot;
class OverlayView;
} // namespace lantern::widgets

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
    /// The request Run sends: the panel's settings over the engine's defaults (which the CLI uses too).
    explain::ExplainRequest request() const;
    /// Whether the model's input is an image or map (the total-variation, jitter and blur regularizers apply).
    bool spatialInput() const;
    /// Chooses the target class (index into the model's classes).
    void setTargetClass(int index);
    /// The input it starts from: the loaded samples (their mean, by the engine's default start=mean), or zeros.
    Tensor startInput() const;
    widgets::CurvePlot* curve() const { return m_curve; }
    /// The optimized input of the last snapshot (empty before a run).
    const Tensor& result() const { return m_result; }
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
    widgets::CurvePlot* m_curve;
    Tensor m_result;
    bool m_running = false;
    double m_lastScore = -1;
};

} // namespace lantern::gui

#pragma once
// Training in the app: everything `lantern-cli train` takes (architecture preset or file, data, optimizer, learning
// rate and decay, batch size, epochs, per-layer L1/L2, class weights, seed, output) plus the snapshot recording, with
// live loss and accuracy curves, pause and cancel. The run is app::runTrainJob (the CLI's own) on a thread of its own
// (it trains its own model, so the explorer's engine thread stays free) and writes the same files.

#include "common/train_job.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QThread;

namespace lantern::widgets {
class CurvePlot;
}

namespace lantern::gui {

class TrainDialog : public QDialog {
    Q_OBJECT
public:
    explicit TrainDialog(QWidget* parent = nullptr);
    ~TrainDialog() override;

    /// The options as the form says (what the Train button runs).
    app::TrainJobOptions options() const;
    void setOptions(const app::TrainJobOptions& options);
    void start();
    void setPaused(bool paused);
    void cancel();
    bool isRunning() const;

    widgets::CurvePlot* lossPlot() const { return m_loss; }
    widgets::CurvePlot* accuracyPlot() const { return m_accuracy; }
    QPlainTextEdit* log() const { return m_log; }
    const QString& lastError() const { return m_error; }

signals:
    /// The run ended normally: the written model (may be empty) and snapshot file (may be empty).
    void trained(const QString& modelPath, const QString& snapshotPath);
    void failed(const QString& message);
    void runningChanged(bool running);

protected:
    void closeEvent(QCloseEvent* event) override;
    void reject() override;

private:
    QWidget* buildForm();
    void setRunning(bool running);
    void onEpoch(const EpochEvent& e);
    void browseFile(QLineEdit* edit, const QString& title, const QString& filter, bool save, bool folder = false);

    QComboBox* m_preset;
    QLineEdit* m_arch;
    QCheckBox* m_keepWeights;
    QLineEdit* m_data;
    QLineEdit* m_trainImages;
    QLineEdit* m_trainLabels;
    QLineEdit* m_testImages;
    QLineEdit* m_testLabels;
    QComboBox* m_optimizer;
    QDoubleSpinBox* m_lr;
    QDoubleSpinBox* m_lrDecay;
    QDoubleSpinBox* m_momentum;
    QSpinBox* m_batch;
    QSpinBox* m_epochs;
    QLineEdit* m_l1;
    QLineEdit* m_l2;
    QLineEdit* m_classWeights;
    QLineEdit* m_classNames;
    QDoubleSpinBox* m_validation;
    QSpinBox* m_seed;
    QSpinBox* m_trainLimit;
    QLineEdit* m_out;
    QGroupBox* m_snapshots;
    QLineEdit* m_snapshotPath;
    QLineEdit* m_every;
    QSpinBox* m_probes;
    QLineEdit* m_record;
    QLineEdit* m_activations;
    QCheckBox* m_weights;
    QSpinBox* m_topFilters;

    widgets::CurvePlot* m_loss;
    widgets::CurvePlot* m_accuracy;
    QProgressBar* m_progress;
    QLabel* m_status;
    QPlainTextEdit* m_log;
    QPushButton* m_train;
    QPushButton* m_pause;
    QPushButton* m_stop;

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel, m_pauseFlag;
    QString m_error;
    int m_epochsTotal = 0;
};

} // namespace lantern::gui

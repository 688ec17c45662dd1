#pragma once
// The main window: the explanation view in the centre, docks for samples (left), model layers and activations,
// explanation controls, class probabilities and optimal input (right), a status bar with progress and cancel.
// File handling (open, drag and drop, recent files, sessions) is in main_window_files.cpp.

#include "common/session.h"
#include "explanation_controller.h"
#include "explanation_view.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QToolButton;

namespace lantern::widgets {
class ProbabilityChart;
class SampleBrowser;
} // namespace lantern::widgets

namespace lantern::gui {

class ExplanationPanel;
class StartPage;
class ModelPanel;
class OptimalInputPanel;
class PresentationMode;
class TaskRunner;
class Workspace;
class MaterialsWorkspace;
class SnapshotsWorkspace;
class AttentionWorkspace;
class TrainDialog;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loading (asynchronous; errors are shown in a dialog unless quiet error reporting is set for tests)
    void openModel(const QString& path, const QString& weights = {});
    void openSamples(const QStringList& specs, const QString& labels = {});
    void openSession(const QString& path);
    bool saveSession(const QString& path);
    void openPaths(const QStringList& paths); ///< drag and drop / command line: decides model vs samples
    void openDemo(const QString& id);         ///< a bundled demo by Demo::id
    /// The materials workspace (created on first use: it holds an OpenGL crystal view), shown instead of the explorer.
    MaterialsWorkspace* materialsWorkspace();
    void showMaterials();
    bool materialsShown() const;
    void chooseStructures();
    /// The snapshot scrubber (created on first use), shown instead of the explorer.
    SnapshotsWorkspace* snapshotsWorkspace();
    void showSnapshots();
    bool snapshotsShown() const;
    void openSnapshots(const QString& path);
    void chooseSnapshots();
    /// The CrabNet attention workspace (created on first use), shown instead of the explorer.
    AttentionWorkspace* attentionWorkspace();
    void showAttention();
    bool attentionShown() const;
    void openAttention(const QString& store, const QString& csv = {});
    void chooseAttention();
    /// The Train dialog (non-modal); the trained model opens in the explorer, its snapshots in the scrubber.
    void showTrainDialog();
    TrainDialog* trainDialog() const { return m_trainDialog; }
    /// Video (MP4 or GIF) of the scrubber's probe, or of the attention workspace's sample, through a dialog.
    void exportSnapshotVideo();
    void exportAttentionVideo();
    // File dialogs (menus and the start page)
    void chooseModel();
    void chooseSamples();
    void chooseSampleFolder();
    void chooseSession();
    /// The start page (shown while nothing is loaded) instead of the explorer; docks hide with it.
    void showStartPage(bool show);
    bool startPageShown() const;

    app::Session session() const;
    int64_t currentSample() const { return m_sample; }
    void setCurrentSample(int64_t sample);
    void stepSample(int delta);
    void stepLayer(int delta);
    void stepMethod(int delta);
    void applyMethodChoice(const app::MethodChoice& choice); ///< sets the panel and shows the overlay
    void setPresentationMode(bool on);
    bool presentationMode() const;

    // for tests and figure export
    Workspace* workspace() const { return m_workspace; }
    TaskRunner* runner() const { return m_runner; }
    ExplanationController* explanations() const { return m_explanations; }
    ExplanationView* view() const { return m_view; }
    StartPage* startPage() const { return m_start; }
    ExplanationPanel* explanationPanel() const { return m_panel; }
    ModelPanel* modelPanel() const { return m_modelPanel; }
    OptimalInputPanel* optimalInputPanel() const { return m_optimal; }
    widgets::SampleBrowser* sampleBrowser() const { return m_samples; }
    widgets::ProbabilityChart* probabilityChart() const { return m_chart; }
    /// Errors go to lastError() and the status bar instead of a modal dialog (tests set this).
    void setQuietErrors(bool quiet) { m_quietErrors = quiet; }
    /// Are there changes a session save would keep (method, display, preprocessing, files) that were not saved?
    /// Opening files alone is not a change; the current sample and view are not counted.
    bool hasUnsavedChanges() const;
    /// Asks whether to save unsaved changes (Save / Discard / Cancel) and saves when told; false: stop (cancelled or
    /// the save failed). Quiet windows (tests) ask `saveQuestion` when set and otherwise discard.
    bool maybeSave();
    void setSaveQuestion(std::function<int()> ask) { m_saveQuestion = std::move(ask); }
    /// Where a file dialog for `kind` ("model", "samples", "session") starts: the folder of the last file of that
    /// kind, else `fallback`, else the working directory. rememberDirectory stores a chosen file's folder.
    static QString dialogDirectory(const QString& kind, const QString& fallback = {});
    static void rememberDirectory(const QString& kind, const QString& file);

    const QString& lastError() const { return m_lastError; }

signals:
    void modelLoaded();
    void samplesLoaded();
    void predictionsReady();
    void explanationShown(lantern::gui::ExplanationView::Mode mode);
    void errorShown(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createDocks();
    void createActions();
    void retranslate();
    void showError(const QString& title, const QString& message);
    /// openPaths' part for the materials workspace: structure files (and a model given with them); false when
    /// `paths` holds no structure file.
    bool openMaterialsPaths(const QStringList& paths);
    /// openPaths' part for snapshot files (HDF5 written by a recorder) and CrabNet attention stores (a .csv given with
    /// a store is its formulae); false when `paths` holds neither.
    bool openSnapshotPaths(const QStringList& paths);
    /// Shows a workspace page of the stack instead of the explorer (whose docks hide, their layout kept).
    void showPage(QWidget* page);
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void onModelChanged();
    void onSamplesChanged();
    void onPredictionsChanged();
    void runPredictions();
    void refresh(); ///< (re)requests what the visible mode needs for the current sample
    void updateSampleView();
    void onExplanation(const QString& purpose, int64_t sample, const app::MethodChoice& choice, ExplanationPtr e);
    void exportFigure();
    void copyImage();
    void showPreferences();
    void showAbout();
    void showDemos();
    void updateTitle();
    QString modelDirectory() const; ///< folder of the open model ("" without one)
    /// After a model change: drops method settings that only made sense for the previous model (a clicked filter,
    /// layer names it does not have, a class it does not have) and says so in the status bar.
    void resetStaleChoice();

    Workspace* m_workspace;
    TaskRunner* m_runner;
    ExplanationController* m_explanations;
    ExplanationView* m_view;
    StartPage* m_start = nullptr;
    MaterialsWorkspace* m_materials = nullptr;
    SnapshotsWorkspace* m_snapshots = nullptr;
    AttentionWorkspace* m_attention = nullptr;
    TrainDialog* m_trainDialog = nullptr;
    QStackedWidget* m_stack;
    QByteArray m_dockState; ///< dock layout to restore when the start page closes
    ExplanationPanel* m_panel;
    ModelPanel* m_modelPanel;
    OptimalInputPanel* m_optimal;
    widgets::SampleBrowser* m_samples;
    widgets::ProbabilityChart* m_chart;
    PresentationMode* m_presentation;
    QList<QDockWidget*> m_docks;
    QLabel* m_statusLabel;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QMenu* m_recentMenu = nullptr;

    int64_t m_sample = -1;
    QString m_filterLayer; ///< the filter clicked in the activation grid (Filter view)
    int m_filterChannel = -1;
    QString m_sessionPath;
    app::Session m_pending;  ///< view state to restore once a session's model and samples are loaded
    app::Session m_baseline; ///< what is saved (or was opened): hasUnsavedChanges compares against it
    std::function<int()> m_saveQuestion;
    bool m_restoring = false;
    bool m_quietErrors = false;
    QString m_lastError;
};

} // namespace lantern::gui

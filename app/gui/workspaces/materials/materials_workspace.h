#pragma once
// The materials workspace: a crystal in 3-D beside its diffraction fingerprint, the CNN's prediction, spglib's space
// group and the attentive response maps of every conv layer; sliders add vacancies, displacements and substitutions
// and the whole chain re-runs on the engine thread (studies::analyseCrystal) with the newest settings only, so the
// window never stalls. Owns its structures and model; talks to the engine through the TaskRunner with by-value
// results, like the image workspace.

#include "lantern/materials/structure.h"
#include "lantern/model.h"
#include "lantern/studies/crystal_analysis.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTimer;

namespace lantern::widgets {
class CrystalView;
class ProbabilityChart;
} // namespace lantern::widgets

namespace lantern::gui {

class DefectPanel;
class FingerprintView;
class ResponseGallery;
class TaskRunner;

class MaterialsWorkspace : public QWidget {
    Q_OBJECT
public:
    MaterialsWorkspace(TaskRunner* runner, QWidget* parent = nullptr);
    ~MaterialsWorkspace() override;

    /// Structure files or prototype specs ("fcc:Al"); loaded on the engine thread, appended, the first one shown.
    void openStructures(const QStringList& specs);
    /// A CNN taking (3, 64, 64) fingerprints (the materials demo's, or one `lantern-cli study materials` wrote).
    void openModel(const QString& path);
    void setCurrentStructure(int index);
    int currentStructure() const;
    int structureCount() const { return int(m_structures.size()); }
    bool hasModel() const { return m_model != nullptr; }

    /// Writes the ai4materials figure of the current analysis (PNG, SVG or PDF by suffix); false (and error())
    /// when there is nothing to write or writing failed.
    bool exportFigure(const QString& path);
    void chooseExportFigure();
    /// The conv layer whose maps are shown (the chain back-projects only that one; the figure takes all).
    void setResponseLayer(const QString& layer);

    std::shared_ptr<const studies::CrystalAnalysis> analysis() const { return m_analysis; }
    DefectPanel* defectPanel() const { return m_defects; }
    widgets::CrystalView* crystalView() const { return m_crystal; }
    ResponseGallery* gallery() const { return m_gallery; }
    QComboBox* layerChoice() const { return m_layer; }
    QStringList classNames() const { return m_classNames; }
    /// Whether the newest request has not been shown (or failed) yet (tests wait for false).
    bool pending() const;

signals:
    void analysisShown();
    void structuresLoaded();
    void modelLoaded();
    void errorOccurred(const QString& title, const QString& message);
    void statusMessage(const QString& message);

private:
    void requestAnalysis();
    void runAnalysis();
    void showAnalysis(std::shared_ptr<const studies::CrystalAnalysis> a, int row);
    void updateLayers();
    studies::CrystalAnalysisOptions currentOptions() const;

    TaskRunner* m_runner;
    std::vector<materials::Structure> m_structures;
    std::shared_ptr<Model> m_model;
    QString m_modelPath;
    QStringList m_classNames;
    QStringList m_convLayers;
    QString m_responseLayer; ///< the layer the gallery shows
    std::shared_ptr<const studies::CrystalAnalysis> m_analysis;
    uint64_t m_requested = 0, m_shown = 0;
    int m_shownRow = -1;

    QListWidget* m_list;
    QLabel* m_info;
    DefectPanel* m_defects;
    widgets::CrystalView* m_crystal;
    FingerprintView* m_fingerprint;
    ResponseGallery* m_gallery;
    QComboBox* m_layer;
    widgets::ProbabilityChart* m_chart;
    QLabel* m_prediction;
    QLabel* m_symmetry;
    QLabel* m_timing;
    QLabel* m_modelLabel;
    QPushButton* m_export;
    QTimer* m_debounce;
};

} // namespace lantern::gui

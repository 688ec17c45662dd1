#pragma once
// Export figure dialog: output file and format (PNG/SVG/PDF), resolution, panel size, font size, title, and the
// layout — the current view (input | method) or a samples × methods grid. Returns the FigureSpec that
// app::exportFigure writes (and stores as the sidecar).

#include "common/figure_spec.h"

#include <QDialog>
#include <QString>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QRadioButton;
class QSpinBox;
class QWidget;

namespace lantern::gui {

class ExportDialog : public QDialog {
    Q_OBJECT

public:
    /// `base`: the model, samples, one sample index (the current one), columns {input, current method}, style and
    /// class names. `sampleCount`: how many samples the source holds (for validating the grid rows).
    ExportDialog(const app::FigureSpec& base, int sampleCount, QWidget* parent = nullptr);

    app::FigureSpec spec() const;
    /// The chosen file; gets the format's suffix when it has none of .png/.svg/.pdf.
    QString outputPath() const;
    /// Starts with this file (e.g. the last export: same folder and name); its suffix picks the format.
    void setOutputPath(const QString& path);
    /// What the size preview needs to equal the written figure: every sample's name and true class (-1: unknown)
    /// and the size of one sample image in pixels.
    void setSampleInfo(std::vector<QString> names, std::vector<int64_t> labels, QSize panelPixels);
    /// The size preview as shown: pixels (PNG) and inches.
    QSize previewPixels() const { return m_previewPixels; }
    QSizeF previewInches() const { return m_previewInches; }

    /// "0-5, 9" → {0, 1, 2, 3, 4, 5, 9}: comma- or space-separated indices and inclusive ranges, each in
    /// [0, sampleCount). nullopt with a translated message in `error` for anything else.
    static std::optional<std::vector<int64_t>> parseSampleList(const QString& text, int sampleCount,
                                                               QString* error = nullptr);

private:
    QString format() const; ///< "png", "svg" or "pdf"
    bool gridMode() const;
    std::vector<app::FigureColumn> gridColumns() const;
    void browse();
    void pathEdited();
    void formatChanged();
    void updateState();

    app::FigureSpec m_base;
    int m_sampleCount = 0;
    std::vector<QString> m_names;
    std::vector<int64_t> m_labels;
    QSize m_panelPixels{28, 28};
    QSize m_previewPixels;
    QSizeF m_previewInches;
    QLineEdit* m_path = nullptr;
    QComboBox* m_format = nullptr;
    QSpinBox* m_dpi = nullptr;
    QDoubleSpinBox* m_panelInches = nullptr;
    QDoubleSpinBox* m_fontPoints = nullptr;
    QLineEdit* m_title = nullptr;
    QRadioButton* m_currentView = nullptr;
    QRadioButton* m_grid = nullptr;
    QWidget* m_gridBox = nullptr;
    QLineEdit* m_rows = nullptr;
    QListWidget* m_methods = nullptr;
    QCheckBox* m_includeInput = nullptr;
    QCheckBox* m_colorbar = nullptr;
    QCheckBox* m_sharedRange = nullptr;
    QLabel* m_size = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace lantern::gui

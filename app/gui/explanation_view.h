#pragma once
// The central view: the input with the explanation overlaid (with colorbar and value readout), the
// ai4materials-style summary (input | top-n maps per conv layer | sum), the dominant-filter map of a layer and
// the CLEAR class map, each with a legend. The view only shows results; ExplanationController computes them.

#include "explanation_controller.h"

#include "lantern/render/scalar_map.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTabWidget;

namespace lantern::widgets {
class ClassLegend;
class ColorBar;
class MapGrid;
class OverlayView;
} // namespace lantern::widgets

namespace lantern::gui {

class ExplanationView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Overlay, Summary, Dominant, Clear };
    explicit ExplanationView(QWidget* parent = nullptr);

    Mode mode() const;
    void setMode(Mode mode);
    static QString modeName(Mode mode); ///< "overlay", "summary", "dominant", "clear" (sessions)
    static Mode modeFromName(const QString& name);

    void setBase(const QImage& image, const QString& caption);
    void setStyle(const render::OverlayStyle& style);
    void setBusy(Mode mode, bool busy, const QString& message = {});
    void showError(Mode mode, const QString& message);
    void clearAll(const QString& placeholder);

    void showOverlay(const QString& title, const explain::Explanation& e, const std::string& layout);
    /// rows: layer names in network order; the last row also shows the sum of its maps (ai4materials' figure)
    void showSummary(const explain::Explanation& e, const std::vector<std::string>& layers, const std::string& layout);
    /// attentive-response style of the Summary and Dominant filter views: "ai4materials" or "zeiler-fergus"
    QString responseStyle() const;
    void setResponseStyle(const QString& style);
    void showDominant(const QString& layer, const explain::Explanation& e, const std::string& layout);
    void showClear(const explain::Explanation& e, const QStringList& classNames, const std::string& layout);

    widgets::OverlayView* overlayView() const { return m_overlay; }
    QImage currentImage(int scale) const; ///< the visible panel as an image (clipboard)

signals:
    void modeChanged(lantern::gui::ExplanationView::Mode mode);
    void responseStyleChanged(const QString& style);
    void summaryCellClicked(int row, int column);

private:
    QTabWidget* m_tabs;
    widgets::OverlayView* m_overlay;
    widgets::ColorBar* m_colorbar;
    QLabel* m_readout;
    widgets::MapGrid* m_summary;
    QLabel* m_summaryStatus;
    QComboBox* m_responseStyle;
    widgets::OverlayView* m_dominant;
    widgets::ClassLegend* m_dominantLegend;
    widgets::OverlayView* m_clear;
    widgets::ClassLegend* m_clearLegend;
    QImage m_base;
    render::OverlayStyle m_style;
};

} // namespace lantern::gui

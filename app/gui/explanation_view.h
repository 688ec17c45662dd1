#pragma once
// The central view: the input with the explanation overlaid (with colorbar and value readout), the
// ai4materials-style summary (input | top-n maps per conv layer | sum), the dominant-filter map of a layer and
// the CLEAR class map, each with a legend. The view only shows results; ExplanationController computes them.

#include "explanation_controller.h"

#include "common/explanation_views.h"
#include "lantern/widgets/map_grid.h"

#include "lantern/geo/grid.h"
#include "lantern/render/scalar_map.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QDialog;
class QScrollArea;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace lantern::widgets {
class ClassLegend;
class ColorBar;
class MapGrid;
class OverlayView;
} // namespace lantern::widgets

namespace lantern::gui {

class GeoOverlayPage;

class ExplanationView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Overlay, Summary, Dominant, Clear, Filter };
    explicit ExplanationView(QWidget* parent = nullptr);

    Mode mode() const;
    void setMode(Mode mode);
    static QString modeName(Mode mode); ///< "overlay", "summary", "dominant", "clear", "filter" (sessions)
    static Mode modeFromName(const QString& name);

    void setBase(const QImage& image, const QString& caption);
    /// Gridded samples: the Overlay tab shows them on a map (null: the image overlay). setGeoStep shows a sample.
    void setGeoField(std::shared_ptr<const geo::GeoField> field, const geo::DisplayGrid& grid);
    void setGeoStep(int64_t step, const QString& caption);
    bool showsMap() const;
    GeoOverlayPage* geoPage() const { return m_geo; }
    void setStyle(const render::OverlayStyle& style);
    /// Presentation look: no tab bar, maps at least 85 % opaque (high contrast for the back of a room).
    void setPresenting(bool on);
    bool isPresenting() const { return m_presenting; }
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
    /// One filter's attentive response map (a filter clicked in the activation grid), in its own view so the
    /// method and target chosen for the Overlay stay as they are.
    void showFilter(const QString& title, const explain::Explanation& e, const std::string& layout);

    widgets::OverlayView* overlayView() const { return m_overlay; }
    widgets::MapGrid* summaryGrid() const { return m_summary; }
    /// A window with one summary tile drawn large (with its colorbar); the grid's click opens it.
    QDialog* enlargeSummaryCell(int row, int column);
    QImage currentImage(int scale) const; ///< the visible panel as an image (clipboard)

signals:
    void modeChanged(lantern::gui::ExplanationView::Mode mode);
    void responseStyleChanged(const QString& style);
    void summaryCellClicked(int row, int column);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct SummaryGrid {
        QStringList titles;
        std::vector<std::vector<widgets::MapGridCell>> rows;
        std::vector<std::vector<QString>> layers;
    };
    /// The Summary as a row per layer, or (byRank) a column per layer.
    SummaryGrid summaryGrid(bool byRank) const;
    void fitSummary();
    /// The read-out under the overlay: the value at the last pointed pixel of the current map, or its range.
    void updateReadout();

    QTabWidget* m_tabs;
    QStackedWidget* m_overlayStack;
    GeoOverlayPage* m_geo;
    widgets::OverlayView* m_overlay;
    widgets::ColorBar* m_colorbar;
    QLabel* m_readout;
    widgets::MapGrid* m_summary;
    QScrollArea* m_summaryScroll;
    struct SummaryLayer {
        QString layer;
        app::FilterMaps maps;
    };
    std::vector<SummaryLayer> m_summaryData;
    enum class SummaryLayout { Unset, ByLayer, ByRank };
    SummaryLayout m_summaryLayout = SummaryLayout::Unset;
    std::vector<std::vector<QString>> m_summaryCellLayers; ///< the layer of each shown cell
    QLabel* m_summaryStatus;
    QComboBox* m_responseStyle;
    widgets::OverlayView* m_dominant;
    widgets::ClassLegend* m_dominantLegend;
    widgets::OverlayView* m_clear;
    widgets::ClassLegend* m_clearLegend;
    widgets::OverlayView* m_filter;
    widgets::ColorBar* m_filterColorbar;
    QImage m_base;
    render::OverlayStyle m_style;
    bool m_presenting = false;
    std::optional<QPoint> m_pointed; ///< last map pixel under the mouse (kept when the map changes)
};

} // namespace lantern::gui

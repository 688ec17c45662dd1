#pragma once
// The Overlay tab for gridded samples (a NetCDF field per sample): the field on a map projection or the globe, the
// explanation over it as contours or a semi-transparent fill, a colorbar, and the controls a climate scientist
// expects (projection, central longitude, region, overlay style, globe). The image overlay is used for everything
// else; ExplanationView switches between them.

#include "common/figure_spec.h"

#include "lantern/explain/explainer.h"
#include "lantern/geo/grid.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QToolButton;

namespace lantern::widgets {
class ColorBar;
class GeoMapView;
class GlobeView;
} // namespace lantern::widgets

namespace lantern::gui {

struct SampleSet;

/// A small equirectangular picture of gridded sample `i` (the sample browser's thumbnail): the field with its
/// default colours (render::defaultFieldFill), masked cells grey.
QImage geoThumbnail(const SampleSet& set, int64_t i, int width = 96);
/// The same picture for any values in display order (NaN grey), e.g. an optimized input.
QImage geoFieldImage(const geo::DisplayGrid& grid, const std::vector<float>& values, int width = 96);

class GeoOverlayPage : public QWidget {
    Q_OBJECT
public:
    explicit GeoOverlayPage(QWidget* parent = nullptr);

    /// The samples' field (null: none) and its display layout.
    void setField(std::shared_ptr<const geo::GeoField> field, const geo::DisplayGrid& grid);
    bool hasField() const { return m_field != nullptr; }
    /// Shows time step `t` of the field (the current sample) without an explanation.
    void showStep(int64_t t, const QString& caption);
    /// An explanation of the current sample over its field; optimal-input shows the optimized field instead.
    void showExplanation(const QString& title, const explain::Explanation& e);
    void setBusy(bool busy, const QString& message = {});
    void showError(const QString& message);
    void clear(const QString& placeholder);
    /// Globe (3-D) instead of the 2-D projection.
    void setGlobe(bool on);
    bool globe() const;

    /// The projection, centre, region and overlay style shown now, for figure export.
    app::FigureMap figureMap() const;
    widgets::GeoMapView* mapView() const { return m_map; }
    widgets::GlobeView* globeView() const { return m_globe; }
    QImage grabImage(int scale) const;
    /// Values of one sample's map (any (1, ...) shape with the grid's cell count, channels summed) in display order.
    std::vector<float> displayValues(const Tensor& map) const;

signals:
    /// "12.0°N 215.0°E · SST 1.23 K · relevance 0.05" under the mouse (empty when off the map).
    void pointed(const QString& text);

private:
    /// The read-out (and pointed()) for a longitude/latitude under the mouse, on the map or the globe.
    void showPointed(double lon, double lat);
    void applyView();
    void updateColorbar();
    void updateGlobe();

    std::shared_ptr<const geo::GeoField> m_field;
    geo::DisplayGrid m_grid;
    int64_t m_step = -1;
    QComboBox* m_projection;
    QDoubleSpinBox* m_lon0;
    QComboBox* m_region;
    QComboBox* m_mode;
    QLineEdit* m_levels;
    std::vector<double> m_levelValues;
    int m_levelCount = 4;
    QToolButton* m_globeButton;
    QStackedWidget* m_stack;
    widgets::GeoMapView* m_map;
    widgets::GlobeView* m_globe;
    widgets::ColorBar* m_colorbar;
    QLabel* m_readout;
    QString m_explanationLabel;
};

} // namespace lantern::gui

#pragma once
// A gridded field on a 2-D map projection (render::GeoMapRenderer): the field filled with a colormap, an
// explanation on top as open contours (solid positive, dashed negative) or as a semi-transparent fill, land,
// coastlines and graticule. Reports the longitude, latitude and value under the mouse; drawing is cached (the
// projection's lookup is rebuilt only when the size or the view changes).

#include "lantern/render/geo_map.h"

#include <QWidget>

#include <optional>
#include <vector>

namespace lantern::widgets {

class GeoMapView : public QWidget {
    Q_OBJECT

public:
    /// How the explanation is drawn over the field.
    enum class OverlayMode { Contours, Fill, FieldOnly, ExplanationOnly };

    explicit GeoMapView(QWidget* parent = nullptr);
    ~GeoMapView() override;

    void setGrid(const render::GeoGrid& grid);
    const render::GeoGrid& grid() const { return m_grid; }
    /// The field (display order, NaN masked) with its colorbar label.
    void setField(std::vector<float> values, const QString& label);
    /// The explanation (display order); empty clears it.
    void setExplanation(std::vector<float> values, const QString& label);
    void setOverlayMode(OverlayMode mode);
    /// Contour levels: explicit values, or (empty) `count` per sign at even steps up to the largest |value|.
    void setContourLevels(std::vector<double> levels, int count = 4);
    OverlayMode overlayMode() const { return m_mode; }
    void setView(const render::GeoView& view);
    const render::GeoView& view() const;
    void setStyle(const render::GeoStyle& style);
    /// The field's colormap; empty (the default) picks by the values (render::defaultFieldFill).
    void setFieldColormap(const QString& name);
    void setExplanationColormap(const QString& name);
    void setTitle(const QString& title);
    QString title() const { return m_title; }
    void setPlaceholder(const QString& text);
    void setBusy(bool busy, const QString& message = {});

    /// What the colorbar should show: the filled layer's colormap, range and label.
    QString filledColormap() const;
    render::MapRange filledRange() const;
    QString filledLabel() const;
    const std::vector<float>& fieldValues() const { return m_field; }
    const std::vector<float>& explanationValues() const { return m_explanation; }

    /// The map as it is drawn now, at `scale` times the widget's size (export, tests).
    QImage grabMap(double scale = 1.0);
    /// Paints the current map (title included) into any painter (figure export to SVG/PDF).
    void paintMap(QPainter& painter, const QRectF& target);
    render::GeoMapRenderer& renderer() { return m_renderer; }

signals:
    /// Longitude (degrees east), latitude and the filled layer's value (NaN: masked) under the mouse.
    void pointed(double lon, double lat, float value);
    void left();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void apply();

    render::GeoMapRenderer m_renderer;
    render::GeoGrid m_grid;
    std::vector<float> m_field, m_explanation;
    QString m_fieldLabel, m_explanationLabel, m_title, m_placeholder, m_busyMessage;
    QString m_fieldColormap, m_explanationColormap = QStringLiteral("Reds");
    OverlayMode m_mode = OverlayMode::Contours;
    std::vector<double> m_levels;
    int m_levelCount = 4;
    bool m_busy = false;
    QImage m_cache;
    bool m_dirty = true;
};

} // namespace lantern::widgets

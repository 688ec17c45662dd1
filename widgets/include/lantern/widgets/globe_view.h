#pragma once
// An interactive 3-D globe: a field, land, coastlines and contours (render::GeoMapRenderer::equirectangular) as
// the texture of a sphere rendered by VTK inside a QOpenGLWidget (Debian's VTK Qt module is built for Qt 5, so
// VTK renders into its own framebuffer through vtkGenericOpenGLRenderWindow and paintGL blits it). Drag to
// rotate, wheel to zoom, double-click (or resetView) to go back to the home view. Needs a real OpenGL context
// (an X server or Xvfb; the "offscreen" Qt platform cannot host it).

#include <QImage>
#include <QOpenGLWidget>

#include <memory>

namespace lantern::widgets {

class GlobeView : public QOpenGLWidget {
    Q_OBJECT

public:
    explicit GlobeView(QWidget* parent = nullptr);
    ~GlobeView() override;

    /// Equirectangular image from -180 E and 90 N, width = 2 * height (GeoMapRenderer::equirectangular).
    void setTexture(const QImage& equirectangular);
    /// Looks at (lon, lat) from `distance` globe radii (1.2 .. 10).
    void setCamera(double lon, double lat, double distance);
    double cameraLongitude() const { return m_lon; }
    double cameraLatitude() const { return m_lat; }
    double cameraDistance() const { return m_distance; }
    /// The home view (set by setHome; default 225 E, 0 N, 4.2 radii).
    void setHome(double lon, double lat, double distance = 4.2);
    void resetView();
    /// The longitude and latitude under a widget position (false off the globe): a ray from the camera through the
    /// pixel, met with the sphere.
    bool pick(const QPointF& position, double& lon, double& lat) const;
    /// Renders `frames` frames, each rotated by `degrees` of longitude, synchronously; returns frames per second
    /// (the benchmark and the status bar's figure).
    double measureRotation(int frames, double degrees);

signals:
    void cameraChanged(double lon, double lat, double distance);
    /// Longitude and latitude under the mouse (no button pressed); left() when it leaves the globe.
    void pointed(double lon, double lat);
    void left();

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    double m_lon = 225, m_lat = 0, m_distance = 4.2;
    double m_homeLon = 225, m_homeLat = 0, m_homeDistance = 4.2;
    QPoint m_last;
    QImage m_pending; ///< texture set before the GL context existed
};

} // namespace lantern::widgets

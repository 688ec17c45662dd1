#pragma once
// An interactive 3-D view of a crystal structure: atoms as spheres coloured by element (Jmol colours, radii from
// the covalent radius), the unit cell (or supercell) as a box, rendered by VTK inside a QOpenGLWidget the way
// GlobeView is (vtkGenericOpenGLRenderWindow into VTK's framebuffer, blitted in paintGL). Drag to rotate, wheel to
// zoom, double-click (or resetView) to go back to the home view. Needs a real OpenGL context (X server or Xvfb).

#include "lantern/materials/structure.h"

#include <QOpenGLWidget>

#include <memory>

namespace lantern::widgets {

class CrystalView : public QOpenGLWidget {
    Q_OBJECT

public:
    explicit CrystalView(QWidget* parent = nullptr);
    ~CrystalView() override;

    /// Shows a structure; the camera is kept unless `resetCamera` (the first structure always resets it).
    void setStructure(const materials::Structure& structure, bool resetCamera = false);
    const materials::Structure& structure() const { return m_structure; }
    /// Atom radius as a fraction of the covalent radius (default 0.5: a ball-and-space model).
    void setAtomScale(double scale);
    void setCellVisible(bool visible);
    /// Azimuth and elevation (degrees) of the camera around the structure's centre, and zoom (1 = fit).
    void setCamera(double azimuth, double elevation, double zoom);
    double azimuth() const { return m_azimuth; }
    double elevation() const { return m_elevation; }
    double zoom() const { return m_zoom; }
    void resetView(); ///< azimuth 30, elevation 20, zoom 1

signals:
    void cameraChanged(double azimuth, double elevation, double zoom);

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void pushStructure();
    struct Impl;
    std::unique_ptr<Impl> d;
    materials::Structure m_structure;
    bool m_hasStructure = false;
    double m_atomScale = 0.5;
    bool m_cellVisible = true;
    double m_azimuth = 30, m_elevation = 20, m_zoom = 1;
    QPoint m_last;
};

} // namespace lantern::widgets

#pragma once
// The VTK side of CrystalView: glyphed spheres and a cell box rendered by a vtkGenericOpenGLRenderWindow into VTK's
// own framebuffer and blitted into the widget's. No Qt OpenGL and no VTK header here (GLEW clashes with Qt's GL
// headers), as for GlobeScene.

#include "vtk_bridge.h"

#include <functional>
#include <memory>
#include <vector>

namespace lantern::widgets::detail {

class CrystalScene {
public:
    using Callbacks = GlCallbacks;
    explicit CrystalScene(Callbacks callbacks);
    ~CrystalScene();

    void initialize();
    void resize(int width, int height);
    void render(unsigned targetFbo, int width, int height);
    /// xyz per atom (Å), rgb per atom (0..255), radius per atom (Å).
    void setAtoms(const std::vector<float>& xyz, const std::vector<unsigned char>& rgb, const std::vector<float>& radii);
    /// The 12 edges of a parallelepiped: origin and three edge vectors; hidden when `visible` is false.
    void setCell(const double origin[3], const double a[3], const double b[3], const double c[3], bool visible);
    /// The camera looks at `centre` from azimuth/elevation (degrees) at a distance fitting `radius` / zoom.
    void setCamera(const double centre[3], double radius, double azimuth, double elevation, double zoom);
    void setBackground(double r, double g, double b);
    void finalize();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lantern::widgets::detail

#pragma once
// The VTK side of GlobeView: a textured sphere rendered by a vtkGenericOpenGLRenderWindow into VTK's own
// framebuffer and blitted into the widget's. No Qt OpenGL and no VTK header appears here (GLEW, which VTK's
// OpenGL headers include, clashes with Qt's GL headers), so globe_view.cpp and globe_scene.cpp never meet.

#include "vtk_bridge.h"

#include <functional>
#include <memory>

namespace lantern::widgets::detail {

class GlobeScene {
public:
    using Callbacks = GlCallbacks;
    explicit GlobeScene(Callbacks callbacks);
    ~GlobeScene();

    /// Call with the widget's context current (initializeGL).
    void initialize();
    void resize(int width, int height); ///< device pixels
    /// Renders and blits into framebuffer `targetFbo` (the widget's defaultFramebufferObject()).
    void render(unsigned targetFbo, int width, int height);
    /// An equirectangular RGBA image from -180 E (column 0) and 90 N (row 0), width = 2 * height.
    void setTexture(const unsigned char* rgba, int width, int height);
    /// The camera looks at (lon, lat) from `distance` globe radii from the centre, north up.
    void setCamera(double lon, double lat, double distance);
    void setBackground(double r, double g, double b);
    /// Releases VTK's GL resources (context current).
    void finalize();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lantern::widgets::detail

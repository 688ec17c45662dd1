#pragma once
// What GlobeScene and CrystalScene share: a vtkGenericOpenGLRenderWindow that renders into VTK's own framebuffer on
// the QOpenGLWidget's context (VTK's make-current requests answered through callbacks) and is blitted into the
// widget's framebuffer. No VTK or GL type appears here (GLEW clashes with Qt's GL headers).
#include <functional>
#include <memory>

class vtkRenderer;

namespace lantern::widgets::detail {

struct GlCallbacks {
    std::function<void()> makeCurrent; ///< QOpenGLWidget: context()->makeCurrent(context()->surface())
    std::function<bool()> isCurrent;
    std::function<void()> frameDone;   ///< a render finished outside paintGL: schedule an update
};

class VtkBridge {
public:
    VtkBridge(GlCallbacks callbacks, vtkRenderer* renderer);
    ~VtkBridge();
    void initialize(); ///< with the widget's context current (initializeGL)
    bool initialized() const;
    void resize(int width, int height);
    /// Renders and blits into framebuffer `targetFbo`; the view angle applies to the narrower side.
    void render(unsigned targetFbo, int width, int height);
    void finalize();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lantern::widgets::detail

#include "globe_scene.h"

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTexture.h>
#include <vtkTexturedSphereSource.h>
#include <vtkUnsignedCharArray.h>
#include <vtk_glew.h>

#include <cmath>
#include <cstring>

namespace lantern::widgets::detail {

struct GlobeScene::Impl {
    Callbacks callbacks;
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window;
    vtkNew<vtkRenderer> renderer;
    vtkNew<vtkTexturedSphereSource> sphere;
    vtkNew<vtkPolyDataMapper> mapper;
    vtkNew<vtkActor> actor;
    vtkNew<vtkTexture> texture;
    vtkNew<vtkImageData> image;
    vtkNew<vtkCallbackCommand> observer;
    bool initialized = false;

    static void onEvent(vtkObject*, unsigned long id, void* clientData, void* callData)
    {
        auto* self = static_cast<Impl*>(clientData);
        switch (id) {
        case vtkCommand::WindowMakeCurrentEvent:
            self->callbacks.makeCurrent();
            break;
        case vtkCommand::WindowIsCurrentEvent:
            *static_cast<bool*>(callData) = self->callbacks.isCurrent();
            break;
        case vtkCommand::WindowFrameEvent:
            if (self->callbacks.frameDone)
                self->callbacks.frameDone();
            break;
        default:
            break;
        }
    }
};

GlobeScene::GlobeScene(Callbacks callbacks) : d(std::make_unique<Impl>())
{
    d->callbacks = std::move(callbacks);
    d->window = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    // no multisampling: VTK's default (8 samples) multiplies the fragment work, which Mesa's software renderer
    // (Xvfb, remote desktops) cannot afford; the texture is smooth enough without it
    d->window->SetMultiSamples(0);
    d->observer->SetClientData(d.get());
    d->observer->SetCallback(&Impl::onEvent);
    for (unsigned long e : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
                            vtkCommand::WindowFrameEvent})
        d->window->AddObserver(e, d->observer);
    d->sphere->SetRadius(1.0);
    d->sphere->SetThetaResolution(180);
    d->sphere->SetPhiResolution(90);
    d->mapper->SetInputConnection(d->sphere->GetOutputPort());
    d->actor->SetMapper(d->mapper);
    // unlit: the colours are the map's colours (a colorbar must stay readable), and software renderers save the
    // lighting work per fragment
    d->actor->GetProperty()->LightingOff();
    d->texture->SetInputData(d->image);
    d->texture->InterpolateOn();
    d->texture->MipmapOff(); // bilinear: trilinear filtering costs software renderers a third of their speed
    d->texture->SetWrap(vtkTexture::ClampToEdge);
    d->actor->SetTexture(d->texture);
    d->actor->VisibilityOff(); // until a texture arrives (VTK complains about an empty texture input)
    d->renderer->AddActor(d->actor);
    d->renderer->SetBackground(1.0, 1.0, 1.0);
    d->window->AddRenderer(d->renderer);
    setCamera(225.0, 0.0, 4.2);
}

GlobeScene::~GlobeScene() = default;

void GlobeScene::initialize()
{
    d->window->SetForceMaximumHardwareLineWidth(1);
    d->window->SetReadyForRendering(true);
    d->window->SetOwnContext(0);
    d->window->OpenGLInitContext();
    d->initialized = true;
}

void GlobeScene::resize(int width, int height)
{
    d->window->SetSize(width, height);
}

void GlobeScene::render(unsigned targetFbo, int width, int height)
{
    if (!d->initialized)
        return;
    d->window->SetSize(width, height);
    // the view angle applies to the narrower side, so the whole globe fits a tall, narrow panel too
    d->renderer->GetActiveCamera()->SetUseHorizontalViewAngle(width < height);
    d->window->Render();
    vtkOpenGLState* state = d->window->GetState();
    state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, targetFbo);
    const GLenum buffers[1] = {targetFbo == 0 ? GLenum(GL_BACK) : GLenum(GL_COLOR_ATTACHMENT0)};
    glDrawBuffers(1, buffers);
    const bool scissor = glIsEnabled(GL_SCISSOR_TEST) == GL_TRUE;
    if (scissor)
        state->vtkglDisable(GL_SCISSOR_TEST);
    int* size = d->window->GetRenderFramebuffer()->GetLastSize();
    d->window->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_LINEAR);
    if (scissor)
        state->vtkglEnable(GL_SCISSOR_TEST);
}

void GlobeScene::setTexture(const unsigned char* rgba, int width, int height)
{
    d->image->SetDimensions(width, height, 1);
    d->image->AllocateScalars(VTK_UNSIGNED_CHAR, 4);
    auto* dst = static_cast<unsigned char*>(d->image->GetScalarPointer());
    // VTK images start at the bottom row (south), the texture's rows start in the north
    for (int y = 0; y < height; ++y)
        std::memcpy(dst + size_t(y) * width * 4, rgba + size_t(height - 1 - y) * width * 4, size_t(width) * 4);
    d->image->Modified();
    d->texture->Modified();
    d->actor->SetVisibility(width > 0 && height > 0);
}

void GlobeScene::setCamera(double lon, double lat, double distance)
{
    // the sphere's texture starts at -180 E on +x: longitude lon sits at theta = lon + 180
    const double pi = 3.14159265358979323846;
    const double theta = (lon + 180.0) * pi / 180.0, phi = lat * pi / 180.0;
    vtkCamera* camera = d->renderer->GetActiveCamera();
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(distance * std::cos(phi) * std::cos(theta), distance * std::cos(phi) * std::sin(theta),
                        distance * std::sin(phi));
    camera->SetViewUp(0, 0, 1);
    camera->SetViewAngle(30.0);
    camera->OrthogonalizeViewUp();
    d->renderer->ResetCameraClippingRange();
}

void GlobeScene::setBackground(double r, double g, double b)
{
    d->renderer->SetBackground(r, g, b);
}

void GlobeScene::finalize()
{
    if (!d->initialized)
        return;
    d->window->Finalize();
    d->window->SetReadyForRendering(false);
    d->initialized = false;
}

} // namespace lantern::widgets::detail

#include "vtk_bridge.h"

#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtk_glew.h>

namespace lantern::widgets::detail {

struct VtkBridge::Impl {
    GlCallbacks callbacks;
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window;
    vtkRenderer* renderer = nullptr;
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

VtkBridge::VtkBridge(GlCallbacks callbacks, vtkRenderer* renderer) : d(std::make_unique<Impl>())
{
    d->callbacks = std::move(callbacks);
    d->renderer = renderer;
    d->window = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    // no multisampling: VTK's default (8 samples) multiplies the fragment work, which Mesa's software renderer
    // (Xvfb, remote desktops) cannot afford
    d->window->SetMultiSamples(0);
    d->observer->SetClientData(d.get());
    d->observer->SetCallback(&Impl::onEvent);
    for (unsigned long e : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
                            vtkCommand::WindowFrameEvent})
        d->window->AddObserver(e, d->observer);
    d->window->AddRenderer(renderer);
}

VtkBridge::~VtkBridge() = default;

void VtkBridge::initialize()
{
    d->window->SetForceMaximumHardwareLineWidth(1);
    d->window->SetReadyForRendering(true);
    d->window->SetOwnContext(0);
    d->window->OpenGLInitContext();
    d->initialized = true;
}

bool VtkBridge::initialized() const { return d->initialized; }

void VtkBridge::resize(int width, int height)
{
    d->window->SetSize(width, height);
}

void VtkBridge::render(unsigned targetFbo, int width, int height)
{
    if (!d->initialized)
        return;
    d->window->SetSize(width, height);
    // the view angle applies to the narrower side, so the whole scene fits a tall, narrow panel too
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

void VtkBridge::finalize()
{
    if (!d->initialized)
        return;
    d->window->Finalize();
    d->window->SetReadyForRendering(false);
    d->initialized = false;
}

} // namespace lantern::widgets::detail

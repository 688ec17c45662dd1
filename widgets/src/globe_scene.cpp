#include "globe_scene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTexture.h>
#include <vtkTexturedSphereSource.h>
#include <vtkUnsignedCharArray.h>

#include <cmath>
#include <cstring>

namespace lantern::widgets::detail {

struct GlobeScene::Impl {
    vtkNew<vtkRenderer> renderer;
    vtkNew<vtkTexturedSphereSource> sphere;
    vtkNew<vtkPolyDataMapper> mapper;
    vtkNew<vtkActor> actor;
    vtkNew<vtkTexture> texture;
    vtkNew<vtkImageData> image;
    std::unique_ptr<VtkBridge> bridge; // after the renderer: released first
};

GlobeScene::GlobeScene(Callbacks callbacks) : d(std::make_unique<Impl>())
{
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
    d->bridge = std::make_unique<VtkBridge>(std::move(callbacks), d->renderer);
    setCamera(225.0, 0.0, 4.2);
}

GlobeScene::~GlobeScene() = default;

void GlobeScene::initialize()
{
    d->bridge->initialize();
}

void GlobeScene::resize(int width, int height)
{
    d->bridge->resize(width, height);
}

void GlobeScene::render(unsigned targetFbo, int width, int height)
{
    d->bridge->render(targetFbo, width, height);
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
    d->bridge->finalize();
}

} // namespace lantern::widgets::detail

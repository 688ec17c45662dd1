#include "crystal_scene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkGlyph3DMapper.h>
#include <vtkLight.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkSphereSource.h>
#include <vtkUnsignedCharArray.h>

#include <cmath>

namespace lantern::widgets::detail {

struct CrystalScene::Impl {
    vtkNew<vtkRenderer> renderer;
    vtkNew<vtkSphereSource> sphere;
    vtkNew<vtkPolyData> atoms;
    vtkNew<vtkGlyph3DMapper> atomMapper;
    vtkNew<vtkActor> atomActor;
    vtkNew<vtkPolyData> cell;
    vtkNew<vtkPolyDataMapper> cellMapper;
    vtkNew<vtkActor> cellActor;
    std::unique_ptr<VtkBridge> bridge; // after the renderer: released first
};

CrystalScene::CrystalScene(Callbacks callbacks) : d(std::make_unique<Impl>())
{
    d->sphere->SetRadius(1.0);
    d->sphere->SetThetaResolution(24);
    d->sphere->SetPhiResolution(16);
    d->atomMapper->SetInputData(d->atoms);
    d->atomMapper->SetSourceConnection(d->sphere->GetOutputPort());
    d->atomMapper->SetScaleArray("radius");
    d->atomMapper->SetScaleModeToScaleByMagnitude();
    d->atomMapper->SetScalarModeToUsePointFieldData();
    d->atomMapper->SelectColorArray("color");
    d->atomMapper->SetColorModeToDirectScalars();
    d->atomActor->SetMapper(d->atomMapper);
    d->atomActor->GetProperty()->SetSpecular(0.35);
    d->atomActor->GetProperty()->SetSpecularPower(30);
    d->atomActor->GetProperty()->SetDiffuse(0.8);
    d->atomActor->GetProperty()->SetAmbient(0.15);
    d->cellMapper->SetInputData(d->cell);
    d->cellActor->SetMapper(d->cellMapper);
    d->cellActor->GetProperty()->SetColor(0.35, 0.35, 0.4);
    d->cellActor->GetProperty()->SetLineWidth(1.5);
    d->cellActor->GetProperty()->LightingOff();
    d->renderer->AddActor(d->atomActor);
    d->renderer->AddActor(d->cellActor);
    d->renderer->SetBackground(1.0, 1.0, 1.0);
    d->renderer->SetTwoSidedLighting(true);
    d->bridge = std::make_unique<VtkBridge>(std::move(callbacks), d->renderer);
}

CrystalScene::~CrystalScene() = default;

void CrystalScene::initialize()
{
    d->bridge->initialize();
}

void CrystalScene::resize(int width, int height)
{
    d->bridge->resize(width, height);
}

void CrystalScene::render(unsigned targetFbo, int width, int height)
{
    d->bridge->render(targetFbo, width, height);
}

void CrystalScene::setAtoms(const std::vector<float>& xyz, const std::vector<unsigned char>& rgb, const std::vector<float>& radii)
{
    const vtkIdType n = vtkIdType(radii.size());
    vtkNew<vtkPoints> points;
    points->SetDataTypeToFloat();
    points->SetNumberOfPoints(n);
    vtkNew<vtkUnsignedCharArray> colors;
    colors->SetName("color");
    colors->SetNumberOfComponents(3);
    colors->SetNumberOfTuples(n);
    vtkNew<vtkFloatArray> radius;
    radius->SetName("radius");
    radius->SetNumberOfTuples(n);
    for (vtkIdType i = 0; i < n; ++i) {
        points->SetPoint(i, xyz[size_t(3 * i)], xyz[size_t(3 * i + 1)], xyz[size_t(3 * i + 2)]);
        for (int c = 0; c < 3; ++c)
            colors->SetTypedComponent(i, c, rgb[size_t(3 * i + c)]);
        radius->SetValue(i, radii[size_t(i)]);
    }
    d->atoms->SetPoints(points);
    d->atoms->GetPointData()->Initialize();
    d->atoms->GetPointData()->AddArray(colors);
    d->atoms->GetPointData()->AddArray(radius);
    d->atoms->Modified();
    d->atomActor->SetVisibility(n > 0);
}

void CrystalScene::setCell(const double origin[3], const double a[3], const double b[3], const double c[3], bool visible)
{
    vtkNew<vtkPoints> points;
    for (int i = 0; i < 8; ++i) {
        double p[3];
        for (int k = 0; k < 3; ++k)
            p[k] = origin[k] + ((i & 1) ? a[k] : 0) + ((i & 2) ? b[k] : 0) + ((i & 4) ? c[k] : 0);
        points->InsertNextPoint(p);
    }
    vtkNew<vtkCellArray> lines;
    for (int i = 0; i < 8; ++i)
        for (int bit : {1, 2, 4})
            if (!(i & bit)) {
                const vtkIdType edge[2] = {i, i | bit};
                lines->InsertNextCell(2, edge);
            }
    d->cell->SetPoints(points);
    d->cell->SetLines(lines);
    d->cell->Modified();
    d->cellActor->SetVisibility(visible);
}

void CrystalScene::setCamera(const double centre[3], double radius, double azimuth, double elevation, double zoom)
{
    const double pi = 3.14159265358979323846;
    const double az = azimuth * pi / 180, el = elevation * pi / 180;
    // fit a sphere of `radius` into a 30-degree view: distance = radius / sin(15 deg)
    const double distance = std::max(radius, 1e-3) / std::sin(15.0 * pi / 180) / std::max(zoom, 0.05);
    vtkCamera* camera = d->renderer->GetActiveCamera();
    camera->SetFocalPoint(centre[0], centre[1], centre[2]);
    camera->SetPosition(centre[0] + distance * std::cos(el) * std::cos(az), centre[1] + distance * std::cos(el) * std::sin(az),
                        centre[2] + distance * std::sin(el));
    camera->SetViewUp(0, 0, 1);
    camera->SetViewAngle(30.0);
    camera->OrthogonalizeViewUp();
    d->renderer->ResetCameraClippingRange();
}

void CrystalScene::setBackground(double r, double g, double b)
{
    d->renderer->SetBackground(r, g, b);
}

void CrystalScene::finalize()
{
    d->bridge->finalize();
}

} // namespace lantern::widgets::detail

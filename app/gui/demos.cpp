#include "demos.h"

#include <QCoreApplication>
#include <QFileInfo>

#ifndef LANTERN_DEMO_DIR
#define LANTERN_DEMO_DIR ""
#endif

namespace lantern::gui {

QString demoDirectory()
{
    const QString fromEnv = qEnvironmentVariable("LANTERN_DEMO_DIR");
    return fromEnv.isEmpty() ? QStringLiteral(LANTERN_DEMO_DIR) : fromEnv;
}

std::vector<Demo> demos()
{
    const QString dir = demoDirectory();
    std::vector<Demo> all;
    all.push_back({QStringLiteral("fmnist"),
                   QCoreApplication::translate("Demos", "Fashion-MNIST classifier"),
                   QCoreApplication::translate("Demos", "A small CNN trained by Lantern on clothing images (90 % "
                                                        "accurate) and 40 test images: saliency, LRP, attentive "
                                                        "response, CLEAR and optimal inputs on pictures everyone "
                                                        "reads."),
                   {dir + QStringLiteral("/fmnist_cnn.onnx"), dir + QStringLiteral("/samples")},
                   dir + QStringLiteral("/samples/0007_shirt.png")});
    all.push_back({QStringLiteral("enso"),
                   QCoreApplication::translate("Demos", "El Niño on the globe"),
                   QCoreApplication::translate("Demos", "The network of Toms et al. (2020) trained by Lantern on sea-"
                                                        "surface temperature anomalies: which ocean regions make it "
                                                        "say El Niño, as relevance contours on a Robinson map or a "
                                                        "3-D globe."),
                   {dir + QStringLiteral("/enso/model.onnx"), dir + QStringLiteral("/enso/fields.nc:sst")},
                   dir + QStringLiteral("/enso/icon.png")});
    std::vector<Demo> present;
    for (const Demo& d : all)
        if (!d.files.isEmpty() && QFileInfo::exists(d.files.front()))
            present.push_back(d);
    return present;
}

} // namespace lantern::gui
